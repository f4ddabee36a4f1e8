"""The measured claims: one entry per claim, real evidence, a current README table."""

from __future__ import annotations

import re

import pytest

from reader import claims

# A row of CLAIMS.md's table: | id | claim |
CLAIM_ROW = re.compile(r"^\| ([a-z][a-z0-9-]*) \| (.+) \|$", re.MULTILINE)


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
