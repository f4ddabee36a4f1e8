"""make test-clients: the document each app serves, in the hands of a client's tools.

Each app runs under gunicorn with the demo data, once per session; its served
document (GET /api/openapi.json) is saved to var/clients/<app>/openapi.json, a typed
client is generated from it into var/clients/<app>/catalog_client, and the tests
drive that client, lint the document and drive Swagger UI's "Try it out".

The tools are pinned and installed by make test-clients, not from .venv: the
generator and mypy in var/clients/venv (tests/clients/requirements.lock), Redocly
CLI and Spectral in var/clients/npm (from npm).
"""

from __future__ import annotations

import os
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The browser fixtures of the browser tests: headless Chromium, CSP in its console.
from tests.browser.conftest import browser  # noqa: F401 - a fixture
from tests.browser.conftest import browser_paths  # noqa: F401 - a fixture
from tests.support.servers import LiveServer
from tests.support.servers import live_server

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CLIENTS = ROOT / "var" / "clients"
TOOL_BIN = CLIENTS / "venv" / "bin"
NPM_BIN = CLIENTS / "npm" / "node_modules" / ".bin"
PACKAGE = "catalog_client"


@dataclass
class Tools:
    python: Path
    generator: Path
    mypy: Path
    redocly: Path
    spectral: Path


@dataclass
class Served:
    """A running app and the document it served, saved to a file."""

    server: LiveServer
    workdir: Path  # var/clients/<app>
    document: Path


@dataclass
class Generated:
    """The client generated from a served document, and what the generator said."""

    served: Served
    root: Path  # holds the package: the flow's PYTHONPATH, mypy's MYPYPATH
    output: str


def run(
    command: list[str | Path],
    *,
    env: dict[str, str] | None = None,
    timeout: int = 120,
    split: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a tool from the repository's root; stderr into stdout unless split."""
    return subprocess.run(  # noqa: S603 - the pinned tools, on our own files
        [str(part) for part in command],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if split else subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def tools() -> Tools:
    """The pinned tools, or a skip (a failure in CI or with STRICT=1)."""
    found = Tools(
        python=TOOL_BIN / "python",
        generator=TOOL_BIN / "openapi-python-client",
        mypy=TOOL_BIN / "mypy",
        redocly=NPM_BIN / "redocly",
        spectral=NPM_BIN / "spectral",
    )
    missing = [str(path) for path in vars(found).values() if not path.exists()]
    if not missing:
        return found
    hint = f"not installed: {', '.join(missing)}; make test-clients installs them"
    if os.environ.get("CI") or os.environ.get("STRICT") == "1":
        pytest.fail(hint)
    pytest.skip(hint)


@pytest.fixture(scope="session", params=["flask", "django"])
def served(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tools: Tools,
) -> Iterator[Served]:
    """One app under gunicorn with the demo data, and its document saved."""
    name = request.param
    workdir = CLIENTS / name
    workdir.mkdir(parents=True, exist_ok=True)
    # A browser opens spare connections it may never use: threads keep them from
    # blocking both sync workers (as the browser tests' live_app does).
    with live_server(
        name, tmp_path_factory.mktemp(name), seed=True, threads=4
    ) as server:
        url = f"{server.base_url}/api/openapi.json"
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
            document = workdir / "openapi.json"
            document.write_bytes(answer.read())
        yield Served(server, workdir, document)


@pytest.fixture(scope="session")
def generated(served: Served, tools: Tools) -> Generated:
    """openapi-python-client's client for the served document, once per app."""
    target = served.workdir / PACKAGE
    result = run(
        [
            tools.generator,
            "generate",
            "--path",
            served.document,
            "--config",
            HERE / "generator.yaml",
            "--meta",
            "none",
            "--output-path",
            target,
            "--overwrite",
        ]
    )
    if result.returncode != 0 or not (target / "__init__.py").exists():
        pytest.fail(
            f"openapi-python-client failed ({result.returncode}):\n{result.stdout}"
        )
    return Generated(served, served.workdir, result.stdout)
