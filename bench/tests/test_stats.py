"""The benchmark's medians, intervals and verdicts (bench/stats.py)."""

from __future__ import annotations

from bench import stats


def test_the_interval_leaves_out_the_lowest_and_highest_of_five_rounds() -> None:
    assert stats.interval([5.0, 1.0, 3.0, 9.0, 4.0]) == [3.0, 5.0]
    assert stats.summary([5.0, 1.0, 3.0, 9.0, 4.0])["median"] == 4.0


def test_under_four_rounds_the_interval_is_every_round() -> None:
    assert stats.interval([2.0, 7.0, 4.0]) == [2.0, 7.0]
    assert stats.interval([6.0]) == [6.0, 6.0]


def test_a_ratio_is_taken_round_by_round() -> None:
    # Both figures fell in round 2: the ratio of that round stays 0.5.
    found = stats.ratio_summary([50.0, 25.0, 50.0], [100.0, 50.0, 100.0])
    assert found == {"median": 0.5, "interval": [0.5, 0.5], "rounds": [0.5, 0.5, 0.5]}


def test_overlapping_intervals_are_no_measurable_difference() -> None:
    assert stats.compare([98, 102], [100, 104]) == "even"
    assert stats.compare([150, 160], [100, 110]) == "flask"
    assert stats.compare([1.2, 1.3], [0.8, 0.9], higher_is_better=False) == "django"
