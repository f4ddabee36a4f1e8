"""Nothing untranslated: each app's Spanish catalogue holds every string its code shows.

Each framework's own extraction runs over the app's code as `make messages` runs it
(Babel's `pybabel extract` for Flask, Django's `makemessages`), and every message it
finds must be in the committed catalogue, translated and not fuzzy. The compiled
catalogue must say what the .po file says. These tests read the repository and no
app, so they run once per side, not once per app fixture.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
FLASK_PO = ROOT / "flask_app/translations/es/LC_MESSAGES/messages.po"
DJANGO_PO = ROOT / "django_app/locale/es/LC_MESSAGES/django.po"
GETTEXT_HOW_TO = (
    "Django's makemessages needs GNU gettext (apt-get install gettext, "
    "brew install gettext)"
)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="es")


def messages(catalog: Catalog) -> Iterator[Message]:
    """The catalogue's messages, the header and obsolete ones left out."""
    return (message for message in catalog if message.id)


def untranslated(extracted: Catalog, committed: Catalog) -> list[str]:
    """What extraction found that the committed catalogue lacks or leaves open."""
    problems = []
    for message in messages(extracted):
        kept = committed.get(message.id, message.context)
        if kept is None:
            problems.append(f"not in the catalogue: {message.id!r}")
        elif kept.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(kept.string if isinstance(kept.string, tuple) else [kept.string]):
            problems.append(f"untranslated: {message.id!r}")
    return problems


def extract_flask(into: Path) -> Catalog:
    """Run pybabel extract as make messages-flask does; return the template."""
    template = into / "messages.pot"
    subprocess.run(  # noqa: S603 - Babel's own command
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "-F",
            "flask_app/babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(template),
            "flask_app",
        ],
        cwd=ROOT,
        check=True,
    )
    return read_catalog(template)


def extract_django(into: Path) -> Catalog:
    """Run makemessages on a copy of django_app; return its Spanish catalogue."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") or os.environ.get("STRICT") == "1":
            pytest.fail(
                f"the catalogue check must run (CI or STRICT=1): {GETTEXT_HOW_TO}"
            )
        pytest.skip(f"SKIPPED: {GETTEXT_HOW_TO}; STRICT=1 makes this fail")
    copy = into / "django_app"
    shutil.copytree(
        ROOT / "django_app",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", "static_root"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "es",
            "--no-obsolete",
            "--no-location",
            "--verbosity",
            "0",
        ],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
    )
    return read_catalog(copy / "locale/es/LC_MESSAGES/django.po")


def test_every_string_of_the_flask_app_is_in_spanish(tmp_path: Path) -> None:
    problems = untranslated(extract_flask(tmp_path), read_catalog(FLASK_PO))
    assert not problems, "run make messages-flask and translate:\n" + "\n".join(
        problems
    )


def test_every_string_of_the_django_app_is_in_spanish(tmp_path: Path) -> None:
    problems = untranslated(extract_django(tmp_path), read_catalog(DJANGO_PO))
    assert not problems, "run make messages-django and translate:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("po", [FLASK_PO, DJANGO_PO], ids=["flask", "django"])
def test_the_compiled_catalogue_says_what_the_po_file_says(po: Path) -> None:
    """A stale .mo shows old Spanish: make install (Flask), make messages-django."""
    with po.with_suffix(".mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    expected: dict[str | tuple[str, int], str] = {}
    for message in messages(read_catalog(po)):
        if message.fuzzy:
            continue
        # A message with a context is kept under "context\x04id", as gettext does.
        context = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, text in enumerate(message.string or ()):
                expected[(context + message.id[0], index)] = str(text)
        else:
            expected[context + str(message.id)] = str(message.string)
    catalog = {
        key: value
        for key, value in compiled._catalog.items()  # type: ignore[attr-defined]  # gettext keeps its messages in a private dict
        if key != ""
    }
    assert catalog == expected
