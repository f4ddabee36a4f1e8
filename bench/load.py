"""wrk: find or install it, run it, and read the JSON line bench/wrk/*.lua print."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent / "wrk"
RESULT_MARK = "BENCH_RESULT "
INSTALL_HINT = (
    "wrk is not installed. Install it and run make bench again:\n"
    "  Debian/Ubuntu: sudo apt-get install wrk\n"
    "  macOS: brew install wrk\n"
    "  elsewhere: https://github.com/wg/wrk (make, then put wrk on the PATH)"
)


@dataclass(frozen=True)
class Load:
    """How hard and how long wrk drives every endpoint."""

    threads: int
    connections: int
    duration: float
    warmup: float


def ensure_command(name: str, install_hint: str) -> str:
    """Return the path of command name, which Debian packages under the same name.

    When it is missing, install it with apt-get if running as root; otherwise print
    install_hint and exit 2.
    """
    if path := shutil.which(name):
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"{name} is missing: installing it with apt-get", flush=True)
        subprocess.run(
            ["apt-get", "update", "-qq"],  # noqa: S607
            stdout=subprocess.DEVNULL,
            check=False,
        )
        subprocess.run(  # noqa: S603 - each caller passes a constant name
            ["apt-get", "install", "-y", "-qq", name],  # noqa: S607
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
            check=False,
        )
        if path := shutil.which(name):
            return path
    print(install_hint, file=sys.stderr)
    raise SystemExit(2)


def ensure_wrk() -> str:
    """Return wrk's path; install it with apt-get when root, else explain and exit 2."""
    return ensure_command("wrk", INSTALL_HINT)


def wrk_version(wrk: str) -> str:
    """Return wrk's version line, e.g. "wrk 4.1.0 [epoll]"."""
    # wrk -v prints its version and usage, then exits with status 1.
    result = subprocess.run(  # noqa: S603
        [wrk, "-v"], capture_output=True, text=True, check=False
    )
    first_line = (result.stdout or result.stderr).splitlines()[:1]
    return first_line[0].split(" Copyright")[0].strip() if first_line else "unknown"


def parse_result(output: str) -> dict[str, Any]:
    """Return the JSON that report.lua's done() printed, wherever it is in output."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            return json.loads(line.removeprefix(RESULT_MARK))
    raise RuntimeError(f"wrk printed no {RESULT_MARK.strip()} line:\n{output}")


def run_wrk(
    wrk: str,
    url: str,
    load: Load,
    duration: float,
    *,
    script: str = "report.lua",
    headers: dict[str, str] | None = None,
    script_args: list[str] | None = None,
) -> dict[str, Any]:
    """Drive url for duration seconds; return requests/s, latencies in ms, errors."""
    command = [
        wrk,
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={max(1, round(duration))}s",
        "--timeout=10s",
        f"--script={SCRIPTS / script}",
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stderr}")
    raw = parse_result(result.stdout)
    seconds = raw["duration_us"] / 1e6
    latency = {key: value / 1000 for key, value in raw["latency_us"].items()}
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "requests_per_s": round(raw["requests"] / seconds, 1),
        "p50_ms": round(latency["p50"], 2),
        "p90_ms": round(latency["p90"], 2),
        "p99_ms": round(latency["p99"], 2),
        "max_ms": round(latency["max"], 2),
        "mean_ms": round(latency["mean"], 2),
        "errors": sum(raw["errors"].values()),
        "error_kinds": raw["errors"],
    }
