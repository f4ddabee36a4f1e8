"""Medians and intervals over the benchmark's rounds, and when two figures differ.

Each figure of `make bench` is measured once per round (BENCH_ROUNDS, 5 by default).
It is reported as the median of its rounds with an interval: the range of the middle
rounds, the lowest and the highest left out when there are 4 rounds or more (the
middle three of five). Two figures differ only when their intervals do not overlap;
otherwise there is no measurable difference between them. A ratio (reference over
floor, cached over ceiling, Flask over Django) is computed per round, from the two
figures of that round, then summarised the same way.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

# What the interval is, as the reports say it.
INTERVAL = "range of the middle rounds (the lowest and highest left out from 4 rounds)"


def interval(values: Sequence[float]) -> list[float]:
    """Return the range of the middle values: all of them below 4, else trimmed."""
    ordered = sorted(values)
    if len(ordered) >= 4:
        ordered = ordered[1:-1]
    return [ordered[0], ordered[-1]]


def summary(values: Sequence[float], digits: int = 2) -> dict[str, Any]:
    """Return the median, the interval and the rounds of a figure."""
    return {
        "median": round(statistics.median(values), digits),
        "interval": [round(value, digits) for value in interval(values)],
        "rounds": [round(value, digits) for value in values],
    }


def ratio_summary(
    numerators: Sequence[float], denominators: Sequence[float]
) -> dict[str, Any] | None:
    """Return the summary of a ratio computed round by round, if both were measured."""
    pairs = [(a, b) for a, b in zip(numerators, denominators, strict=False) if b]
    if not pairs:
        return None
    return summary([a / b for a, b in pairs])


def apart(first: Sequence[float], second: Sequence[float]) -> bool:
    """Return whether two intervals do not overlap: a measurable difference."""
    return first[1] < second[0] or second[1] < first[0]


def compare(
    flask: Sequence[float], django: Sequence[float], higher_is_better: bool = True
) -> str:
    """Return "flask", "django" (whose interval is wholly better) or "even"."""
    if not apart(flask, django):
        return "even"
    flask_better = flask[0] > django[1] if higher_is_better else flask[1] < django[0]
    return "flask" if flask_better else "django"
