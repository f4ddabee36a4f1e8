"""Run docs/api.md's curl walk-through against both running apps and compare them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

WALKTHROUGH = Path(__file__).resolve().parents[1] / "docs" / "api.md"
BLOCK = re.compile(r"<!-- walkthrough:start -->\n```sh\n(.*?)```", re.DOTALL)
EXPECTED_CODES = ["bob deletes: 403", "alice deletes: 204", "token revoked: 204"]
VOLATILE = {"id", "created_at", "updated_at", "next", "previous"}
# Words each framework chooses itself (shared_spec/README.md, "Errors").
WORDING = {"title", "detail"}


def run(script: str, base: str) -> str:
    """Run the walk-through against one app and return what it printed."""
    result = subprocess.run(  # noqa: S603 - the script is docs/api.md's own block
        ["/bin/sh", "-eu", "-c", script],
        env={"BASE": base, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print(f"--- {base} (exit {result.returncode})\n{result.stdout}{result.stderr}")
    if result.returncode != 0:
        sys.exit(f"the walk-through failed against {base}")
    return result.stdout


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


def main() -> None:
    script = BLOCK.search(WALKTHROUGH.read_text(encoding="utf-8")).group(1)
    outputs = {base: run(script, base) for base in sys.argv[1:]}
    shapes = []
    for base, output in outputs.items():
        documents, codes = split(output)
        if codes != EXPECTED_CODES:
            sys.exit(f"{base}: status lines {codes} != {EXPECTED_CODES}")
        shapes.append([shape(document) for document in documents])
    if any(s != shapes[0] for s in shapes):
        sys.exit(f"the apps answered differently: {shapes}")
    print(f"walk-through: {len(outputs)} apps, same statuses and same JSON shapes")


if __name__ == "__main__":
    main()
