"""The Makefile as a newcomer meets it: make help, and make run with its ports taken.

These run make itself, once, not once per app.
"""

from __future__ import annotations

import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - make with fixed arguments
        ["make", "--no-print-directory", *arguments],  # noqa: S607 - make from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_help_lists_every_target() -> None:
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", MAKEFILE, re.MULTILINE))
    listed = set(re.findall(r"^  make (\S+)", make("help").stdout, re.MULTILINE))
    assert targets - listed == set()
    assert "test-a11y" in listed  # a digit in its name


@pytest.fixture
def two_busy_ports() -> Iterator[tuple[int, int]]:
    """Two ports on 127.0.0.1 that something listens on."""
    sockets = [socket.socket() for _ in range(2)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
    yield sockets[0].getsockname()[1], sockets[1].getsockname()[1]
    for sock in sockets:
        sock.close()


def test_make_run_names_every_busy_port_before_doing_anything(
    two_busy_ports: tuple[int, int],
) -> None:
    flask, django = two_busy_ports
    result = make(
        "run", f"FLASK_PORT={flask}", f"DJANGO_PORT={django}", "HOST=127.0.0.1"
    )
    assert result.returncode != 0
    (message,) = result.stdout.strip().splitlines()
    assert f"port {flask} (FLASK_PORT)" in message
    assert f"port {django} (DJANGO_PORT)" in message
    assert f"FLASK_PORT={flask + 1} DJANGO_PORT={django + 1} make run" in message
    # Nothing was set up first: no migration, no seeding, no server.
    assert "upgrade" not in result.stdout + result.stderr
    assert "migrate" not in result.stdout + result.stderr
