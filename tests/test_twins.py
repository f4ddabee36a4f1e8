"""The twin manifest, shared_spec/twins.yaml, places every file of both apps, truly.

These tests read the repository and no app, so they run once, not once per app.
"""

from __future__ import annotations

from reader.twins import ROOT
from reader.twins import SIDES
from reader.twins import app_files
from reader.twins import load_features
from reader.twins_doc import OUTPUT
from reader.twins_doc import load_anchors
from reader.twins_doc import markdown

FEATURES = load_features()


def test_every_file_of_both_apps_belongs_to_a_feature() -> None:
    listed = {part.path for feature in FEATURES for part in feature.parts()}
    unlisted = [path for path in app_files() if path not in listed]
    assert not unlisted, f"add these to a feature of shared_spec/twins.yaml: {unlisted}"


def test_every_listed_file_exists_and_sits_on_its_own_side() -> None:
    wrong = [
        f"{feature.slug}: {part.path} is listed as {side}"
        for feature in FEATURES
        for side in SIDES
        for part in feature.parts(side)
        if part.side != side
    ]
    missing = [
        f"{feature.slug}: {part.path}"
        for feature in FEATURES
        for part in feature.parts()
        if not part.file.is_file()
    ]
    assert not missing, f"no such files: {missing}"
    assert not wrong, wrong


def test_every_listed_name_and_line_range_is_in_its_file() -> None:
    errors = []
    for feature in FEATURES:
        for part in feature.parts():
            try:
                part.lines()
            except LookupError as error:
                errors.append(f"{feature.slug}: {error}")
    assert not errors, errors


def test_a_pair_with_one_side_says_why_and_only_then() -> None:
    wrong = [
        f"{feature.slug}: {', '.join(map(str, pair.flask + pair.django)) or 'empty'}"
        for feature in FEATURES
        for pair in feature.pairs
        if bool(pair.no_twin) != (not pair.flask or not pair.django)
        or not (pair.flask or pair.django)
    ]
    assert not wrong, f"no_twin is for a pair with one side only: {wrong}"


def test_every_feature_is_summed_up_and_its_test_files_exist() -> None:
    unsummed = [feature.slug for feature in FEATURES if not feature.summary.strip()]
    missing = [
        f"{feature.slug}: {test}"
        for feature in FEATURES
        for test in feature.tests
        if not (ROOT / test).is_file()
    ]
    assert not unsummed, f"features without a summary: {unsummed}"
    assert not missing, f"no such test files: {missing}"


def test_the_twins_page_is_what_the_manifest_gives() -> None:
    """docs/twins.md is written from the manifest (make twins-doc), never by hand."""
    assert OUTPUT.read_text(encoding="utf-8") == markdown(), (
        "docs/twins.md is stale: run make twins-doc"
    )


def test_every_anchor_names_a_feature_and_its_source() -> None:
    slugs = {feature.slug for feature in FEATURES}
    for slug, sides in load_anchors().items():
        assert slug in slugs, slug
        for side, anchors in sides.items():
            assert side in SIDES, side
            for anchor in anchors:
                assert anchor["name"] and anchor["source"], anchor
                assert anchor["code_lines"] > 0, anchor
