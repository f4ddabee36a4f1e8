"""The measured claims: one entry per claim, real evidence, a current README table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from reader import claims

# A row of the table in shared_spec/claims.md: | id | claim |
CLAIM_ROW = re.compile(r"^\| ([a-z][a-z0-9-]*) \| (.+) \|$", re.MULTILINE)
# What a Repository needs of the spec to match globs and read results.
SPEC = {
    "apps": {"flask": "app", "django": "app"},
    "frameworks": {"flask": ["flask"], "django": ["django"]},
    "code_lines": {"exclude": ["*/tests/*"]},
}


@pytest.fixture(scope="module")
def verdicts() -> list[claims.Verdict]:
    """Judge every claim once, from the committed results and the current files."""
    return claims.judge_all()


def test_every_claim_of_claims_md_has_an_entry_with_its_text() -> None:
    spec = claims.load_spec()
    source = claims.ROOT / spec["source"]
    if not source.is_file():
        pytest.skip(f"{source} is not beside this clone: the claims are not compared")
    listed = {
        claim_id: text
        for claim_id, text in CLAIM_ROW.findall(source.read_text(encoding="utf-8"))
        if claim_id != "id"
    }
    entries = {entry["id"]: entry["claim"] for entry in spec["claims"]}
    assert listed, f"no claims found in {source}"
    assert sorted(set(listed) - set(entries)) == [], "claims without an entry"
    assert sorted(set(entries) - set(listed)) == [], "entries for no claim"
    assert {
        claim_id: text for claim_id, text in entries.items() if listed[claim_id] != text
    } == {}, "claim texts that differ from CLAIMS.md"


def test_every_entry_names_a_way_to_decide_it() -> None:
    for entry in claims.load_spec()["claims"]:
        assert entry["rule"].strip(), entry["id"]
        if entry["decided_by"] == "reading":
            assert entry["verdict"] in claims.VERDICTS, entry["id"]
            assert entry["reading"].strip(), entry["id"]


def test_every_file_test_key_and_module_named_as_evidence_exists(
    verdicts: list[claims.Verdict],
) -> None:
    problems = {v.id: v.problems for v in verdicts if v.problems}
    assert problems == {}


def test_every_claim_gets_one_of_the_five_verdicts(
    verdicts: list[claims.Verdict],
) -> None:
    assert [v.id for v in verdicts if v.verdict not in claims.VERDICTS] == []
    assert [v.id for v in verdicts if not v.summary] == []


def test_a_verdict_from_the_benchmark_names_its_machine(
    verdicts: list[claims.Verdict],
) -> None:
    for verdict in verdicts:
        if verdict.machine_dependent:
            assert verdict.machines, verdict.id
            assert "-core " in verdict.summary, verdict.id


def test_the_readme_table_is_current(verdicts: list[claims.Verdict]) -> None:
    readme = claims.README_PATH.read_text(encoding="utf-8")
    assert claims.current_block(readme) == claims.readme_block(verdicts), (
        "README.md's claims table is stale: run make claims"
    )


def test_only_the_block_between_the_markers_is_replaced() -> None:
    readme = f"before\n{claims.START_MARKER}\nold\n{claims.END_MARKER}\nafter\n"
    block = f"{claims.START_MARKER}\nnew\n{claims.END_MARKER}"
    assert claims.replace_block(readme, block) == f"before\n{block}\nafter\n"


def test_a_glob_with_an_exclamation_mark_takes_its_files_out(tmp_path: Path) -> None:
    for name in ("app/core.py", "app/hardening/limit.py", "app/hardening/cache.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    repo = claims.Repository(tmp_path, SPEC)
    # Wherever the ! glob stands, it takes its files out of what the others match.
    for globs in (
        ["app/**/*.py", "!app/hardening/*.py"],
        ["!app/hardening/*.py", "app/**/*.py"],
    ):
        assert [repo.relative(path) for path in repo.matching(globs)] == ["app/core.py"]
    assert repo.code_lines(["app/**/*.py", "!app/hardening/cache.py"]) == (2, 2)
    with pytest.raises(claims.EvidenceError, match="no file matches !app/gone/"):
        repo.matching(["app/**/*.py", "!app/gone/*.py"])


def test_the_core_and_hardening_figures_split_each_app_without_overlap() -> None:
    spec = claims.load_spec()
    repo = claims.Repository(claims.ROOT, spec)
    entry = next(entry for entry in spec["claims"] if entry["id"] == "code-size")
    figures = {group["label"]: group["loc"] for group in entry["figures"]}
    for app, folder in spec["apps"].items():
        for kind in ("Python", "templates"):
            core = set(repo.matching(figures[f"core {kind}"][app]))
            hardening = set(repo.matching(figures[f"hardening/ {kind}"][app]))
            suffix = "py" if kind == "Python" else "html"
            every = set(repo.matching([f"{folder}/**/*.{suffix}"]))
            assert core & hardening == set(), (app, kind)
            assert core | hardening == every, (app, kind)
            assert all("hardening" in path.parts for path in hardening), (app, kind)
            assert not any("hardening" in path.parts for path in core), (app, kind)
    # Only the cores decide; the hardening figures are shown beside them.
    decide = [
        group["label"] for group in entry["figures"] if group.get("decides", True)
    ]
    assert decide == ["core Python", "core templates"]


def report(
    subtests: dict[str, dict[str, str]], partial: bool = False, started: str = "T1"
) -> dict[str, Any]:
    """Return a conformance report of one file's shared tests: test to app to status."""
    return {
        "run_info": {
            "mode": "core-sqlite",
            "started": started,
            "commit": "0123456789abcdef",
            "partial": partial,
            "partial_reasons": ["-k x"] if partial else [],
        },
        "results": [
            {
                "test": f"tests/test_x.py::{test}",
                "status": "OK",
                "subtests": [
                    {"name": app, "status": status} for app, status in apps.items()
                ],
            }
            for test, apps in subtests.items()
        ],
    }


def judge_runs(tmp_path: Path, core: dict[str, Any], hardened: dict[str, Any]) -> Any:
    """Judge a claim decided by the tests of tests/test_x.py in the two reports."""
    (tmp_path / "tests").mkdir(exist_ok=True)
    (tmp_path / "tests" / "test_x.py").write_text("", encoding="utf-8")
    for name, data in (("core.json", core), ("hardened.json", hardened)):
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    entry = {
        "id": "x",
        "claim": "x",
        "decided_by": "tests",
        "rule": "x",
        "favours": "django",
        "tests": ["tests/test_x.py"],
        "runs": {"cores": "core.json", "hardened": "hardened.json"},
        "decides": "cores",
    }
    return claims.judge(entry, claims.Repository(tmp_path, SPEC))


ALL_PASS = {"flask": "PASS", "django": "PASS"}
DJANGO_ONLY = {"flask": "FAIL", "django": "PASS"}
NEITHER = {"flask": "FAIL", "django": "FAIL"}


@pytest.mark.parametrize(
    ("cores", "verdict", "summary"),
    [
        (
            [DJANGO_ONLY, DJANGO_ONLY, ALL_PASS],
            claims.HOLDS,
            "cores: Flask 1 of 3, Django 3 of 3; hardened: both 3 of 3",
        ),
        (
            [DJANGO_ONLY, NEITHER, ALL_PASS],
            claims.CAVEAT,
            "cores: Flask 1 of 3, Django 2 of 3; hardened: both 3 of 3",
        ),
        (
            [NEITHER, ALL_PASS, ALL_PASS],
            claims.DOES_NOT_HOLD,
            "cores: both 2 of 3; hardened: both 3 of 3",
        ),
    ],
)
def test_a_claim_decided_by_tests_counts_each_apps_passes_in_the_deciding_run(
    tmp_path: Path, cores: list[dict[str, str]], verdict: str, summary: str
) -> None:
    names = ["test_a", "test_b", "test_c"]
    core = report(dict(zip(names, cores, strict=True)))
    hardened = report(dict.fromkeys(names, ALL_PASS))
    judged = judge_runs(tmp_path, core, hardened)
    assert judged.problems == []
    assert (judged.verdict, judged.summary) == (verdict, summary)


def test_a_claim_decided_by_tests_refuses_a_partial_run_or_different_tests(
    tmp_path: Path,
) -> None:
    core = report({"test_a": DJANGO_ONLY}, partial=True)
    judged = judge_runs(tmp_path, core, report({"test_a": ALL_PASS}))
    assert judged.problems[0] == "core.json is from a partial run (-k x)"
    core = report({"test_a": DJANGO_ONLY})
    judged = judge_runs(tmp_path, core, report({"test_b": ALL_PASS}))
    assert judged.problems[0] == "the runs ran different tests of tests/test_x.py"


def test_security_is_judged_on_the_cores_with_the_hardened_apps_beside(
    verdicts: list[claims.Verdict],
) -> None:
    security = next(v for v in verdicts if v.id == "security")
    assert security.summary.startswith("cores: Flask ")
    assert "; hardened: " in security.summary


def test_only_a_complete_run_written_since_the_start_is_kept(tmp_path: Path) -> None:
    source, kept = tmp_path / "run.json", tmp_path / "results" / "kept.json"
    source.write_text(json.dumps(report({}, partial=True, started="T2")))
    assert "partial" in claims.keep_report(source, kept, since="T2")
    source.write_text(json.dumps(report({}, started="T1")))
    assert "did not write it" in claims.keep_report(source, kept, since="T2")
    assert not kept.exists()
    source.write_text(json.dumps(report({}, started="T2")))
    assert "kept as" in claims.keep_report(source, kept, since="T2")
    assert kept.read_bytes() == source.read_bytes()
    # A later run with the same outcomes leaves the kept report as it is.
    source.write_text(json.dumps(report({}, started="T3")))
    assert "already holds" in claims.keep_report(source, kept, since="T3")
    assert json.loads(kept.read_text())["run_info"]["started"] == "T2"


def judge_speed(tmp_path: Path, rounds: dict[str, dict[str, list[float]]]) -> Any:
    """Judge a speed claim from one results file holding each endpoint's rounds."""
    rows = [
        {
            "app": app,
            "endpoint": endpoint,
            "requests_per_s": sorted(values)[len(values) // 2],
            "rounds": values,
        }
        for endpoint, apps in rounds.items()
        for app, values in apps.items()
    ]
    (tmp_path / "run.json").write_text(json.dumps({"results": rows}), encoding="utf-8")
    entry = {
        "id": "x",
        "claim": "x",
        "decided_by": "figures",
        "rule": "x",
        "favours": "flask",
        "figures": [
            {
                "files": {"run.json": ""},
                "key": "results[app={app},endpoint={name}].requests_per_s",
                "rounds": "results[app={app},endpoint={name}].rounds",
                "names": {name: name for name in rounds},
                "better": "higher",
            }
        ],
    }
    return claims.judge(entry, claims.Repository(tmp_path, SPEC))


def test_a_speed_verdict_counts_only_intervals_that_do_not_overlap(
    tmp_path: Path,
) -> None:
    judged = judge_speed(
        tmp_path,
        {
            # The middle rounds 98-102 against 100-104: 3 % apart, inside the noise.
            "list": {
                "flask": [90.0, 98.0, 100.0, 102.0, 130.0],
                "django": [60.0, 100.0, 102.0, 104.0, 110.0],
            },
            # 150-160 against 100-110: Flask ahead.
            "detail": {
                "flask": [150.0, 155.0, 160.0, 140.0, 170.0],
                "django": [100.0, 105.0, 110.0, 90.0, 200.0],
            },
        },
    )
    assert judged.problems == []
    assert judged.verdict == claims.CAVEAT
    assert (
        judged.summary
        == "Flask ahead on 1 of 2: detail; no measurable difference on list"
    )


def test_a_speed_verdict_from_one_run_without_rounds_decides_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "run.json").write_text(
        json.dumps(
            {
                "results": [
                    {"app": "flask", "endpoint": "list", "requests_per_s": 120.0},
                    {"app": "django", "endpoint": "list", "requests_per_s": 100.0},
                ]
            }
        ),
        encoding="utf-8",
    )
    entry = {
        "id": "x",
        "claim": "x",
        "decided_by": "figures",
        "rule": "x",
        "figures": [
            {
                "files": {"run.json": ""},
                "key": "results[app={app},endpoint={name}].requests_per_s",
                "rounds": "results[app={app},endpoint={name}].rounds",
                "names": {"list": "list"},
                "better": "higher",
            }
        ],
    }
    judged = claims.judge(entry, claims.Repository(tmp_path, SPEC))
    assert judged.verdict == claims.NOT_MEASURABLE
    assert any("one run, no rounds" in detail for detail in judged.details)
