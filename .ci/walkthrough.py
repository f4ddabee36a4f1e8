"""Run docs/api.md's curl walk-through against both running apps and compare them.

Against each app the block runs twice in a row, then once stopped half-way by a price
the app refuses (as if interrupted: its product stays behind), then once more. Every
full run must print the same status lines and, on both apps, the same JSON shapes. The
stopped run, and a run against an address nothing listens on, must exit non-zero with
one line naming the failing step, and no Python traceback.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

WALKTHROUGH = Path(__file__).resolve().parents[1] / "docs" / "api.md"
BLOCK = re.compile(r"<!-- walkthrough:start -->\n```sh\n(.*?)```", re.DOTALL)
EXPECTED_CODES = [
    "alice signs in: 200",
    "alice creates: 201",
    "read: 200",
    "alice patches the price: 200",
    "search: 200",
    "a price of 1.234: 400",
    "bob signs in: 200",
    "bob deletes: 403",
    "alice deletes: 204",
    "token revoked: 204",
]
# The run's own tag (its date and process id), in its product's sku and name.
RUN_TAG = re.compile(r"WALK-([0-9]{14}-[0-9]+)")
# The stopped run: the same block, with a PATCH the apps refuse (three decimals).
PATCH = """-d '{"price": "11.00"}'"""
REFUSED_PATCH = """-d '{"price": "11.001"}'"""
STOPPED_CODES = EXPECTED_CODES[:3]
STOPPED_MESSAGE = "alice patches the price: 400, expected 200: {"
VOLATILE = {"id", "created_at", "updated_at", "next", "previous"}
# Words each framework chooses itself (shared_spec/README.md, "Errors").
WORDING = {"title", "detail"}
# The demo users' password (the block's own).
DEMO_LOGIN = {"username": "alice", "password": "catalog-demo"}


def fail(message: str) -> None:
    sys.exit(f"walk-through: {message}")


def run(
    script: str, base: str, label: str, *, echo: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the walk-through against one app; print (unless not echo) what it did."""
    result = subprocess.run(  # noqa: S603 - the script is docs/api.md's own block
        ["/bin/sh", "-eu", "-c", script],
        env={"BASE": base, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print(f"--- {base}, {label} (exit {result.returncode})")
    if echo:
        print(f"{result.stdout}{result.stderr}")
    return result


def split(output: str) -> tuple[list[object], list[str]]:
    """Separate the JSON documents (compact or indented) from the status lines."""
    decoder = json.JSONDecoder()
    documents, codes, position = [], [], 0
    while position < len(output):
        if output[position].isspace():
            position += 1
        elif output[position] == "{":
            document, position = decoder.raw_decode(output, position)
            documents.append(document)
        else:
            end = output.find("\n", position)
            end = len(output) if end == -1 else end
            codes.append(output[position:end])
            position = end
    return documents, codes


def shape(value: object) -> object:
    """Drop the values that differ between two runs or apps (ids, times, words)."""
    if isinstance(value, dict):
        if "errors" in value:  # a problem's field errors: the fields, not the words
            value = {**value, "errors": dict.fromkeys(value["errors"], "*")}
        return {
            k: "*" if k in VOLATILE or k in WORDING else shape(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [shape(v) for v in value]
    return value


def parse(output: str) -> tuple[list[object], list[str]]:
    """The documents and status lines, with the run's own tag written RUN."""
    tag = RUN_TAG.search(output)
    return split(output.replace(tag.group(1), "RUN") if tag else output)


def full_run(script: str, base: str, label: str, *, echo: bool = True) -> list[object]:
    """A run that must pass; the shapes of the JSON it printed."""
    result = run(script, base, label, echo=echo)
    documents, codes = parse(result.stdout) if result.returncode == 0 else ([], [])
    if result.returncode != 0 or result.stderr or codes != EXPECTED_CODES:
        if not echo:
            print(f"{result.stdout}{result.stderr}")
        fail(f"{base}, {label}: exit {result.returncode}, status lines {codes}")
    problem = documents[-1]
    if not (isinstance(problem, dict) and "price" in problem.get("errors", {})):
        fail(f"{base}, {label}: the refused price's problem names no price: {problem}")
    return [shape(document) for document in documents]


def failed_run(
    script: str, base: str, label: str, codes: list[str], message: str
) -> list[object]:
    """A run that must stop after `codes` with one line starting with `message`."""
    result = run(script, base, label)
    lines = result.stderr.splitlines()
    if result.returncode == 0 or "Traceback" in result.stdout + result.stderr:
        fail(f"{base}, {label}: exit {result.returncode}, or a traceback")
    if len(lines) != 1 or not lines[0].startswith(message):
        fail(f"{base}, {label}: stderr {lines} is not one line starting {message!r}")
    documents, printed = parse(result.stdout)
    if printed != codes:
        fail(f"{base}, {label}: status lines {printed} != {codes}")
    return documents


def request(
    base: str, method: str, path: str, token: str = "", body: object = None
) -> bytes:
    """One request to an app (the base is http://, from the command line)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    sent = urllib.request.Request(base + path, data, headers, method=method)  # noqa: S310
    with urllib.request.urlopen(sent, timeout=10) as answer:  # noqa: S310
        return answer.read()


def delete_leftover(base: str, product_id: int) -> None:
    """Delete the product the stopped run left behind, as alice."""
    token = json.loads(request(base, "POST", "/api/auth/token/", body=DEMO_LOGIN))
    token = token["token"]
    request(base, "DELETE", f"/api/products/{product_id}/", token)
    request(base, "DELETE", "/api/auth/token/", token)


def unused_address() -> str:
    """An address on this machine that nothing listens on (for the run that fails)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def main() -> None:
    script = BLOCK.search(WALKTHROUGH.read_text(encoding="utf-8")).group(1)
    if script.count(PATCH) != 1:
        fail(f"the block no longer sends {PATCH} once")
    stopped = script.replace(PATCH, REFUSED_PATCH)
    shapes = {}
    for base in sys.argv[1:]:
        shapes[base, 1] = full_run(script, base, "run 1")
        shapes[base, 2] = full_run(script, base, "run 2", echo=False)
        documents = failed_run(
            stopped, base, "stopped at the PATCH", STOPPED_CODES, STOPPED_MESSAGE
        )
        shapes[base, 3] = full_run(
            script, base, "run 3, the stopped run's product left behind", echo=False
        )
        delete_leftover(base, documents[0]["id"])
    first = next(iter(shapes.values()))
    for (base, number), found in shapes.items():
        if found != first:
            fail(f"{base}, run {number} answered differently: {found} != {first}")
    dead = unused_address()
    failed_run(
        script, dead, "nothing listens", [], f"alice signs in: no answer from {dead}"
    )
    print(
        f"walk-through: {len(sys.argv) - 1} apps, 3 runs each with the same statuses"
        " and JSON shapes; a stopped run and a dead address fail with one line"
    )


if __name__ == "__main__":
    main()
