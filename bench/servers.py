"""Start servers, time their start-up, and read their workers' memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUNICORN_CONF = Path(__file__).resolve().parent / "gunicorn_conf.py"


@dataclass
class Server:
    """A running gunicorn: its master process and where it listens."""

    process: subprocess.Popen[bytes]
    base_url: str

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's children: the workers."""
        return children_of(self.process.pid)

    def worker_rss_mb(self) -> list[float]:
        """Return each worker's resident memory (VmRSS), in MB."""
        return [rss_mb(pid) for pid in self.worker_pids()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(parent: int) -> list[int]:
    """Return the pids whose parent is parent, from /proc (Linux)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        ppid = int(text.rpartition(")")[2].split()[1])
        if ppid == parent:
            children.append(int(stat.parent.name))
    return sorted(children)


def rss_mb(pid: int) -> float:
    """Return a process's VmRSS in MB (10**6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) * 1024 / 1e6, 1)
    raise RuntimeError(f"no VmRSS for process {pid}")


def answers_200(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:  # refused, reset, or an HTTP error status
        return False


def wait_for_200(
    url: str, process: subprocess.Popen[bytes], timeout: float = 60
) -> None:
    """Poll url until it answers 200; fail if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        if answers_200(url):
            return
        time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the process to stop (SIGTERM), then kill it if it does not."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def gunicorn_command(bind: str, wsgi: list[str]) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "--config",
        str(GUNICORN_CONF),
        "--bind",
        bind,
        *wsgi,
    ]


@contextmanager
def gunicorn(
    wsgi: list[str], env: dict[str, str], log: Path, ready_path: str
) -> Iterator[Server]:
    """Serve wsgi under the bench's gunicorn settings until the block ends.

    Yields once every worker has loaded the app and ready_path answers 200.
    """
    port = free_port()
    with tempfile.TemporaryDirectory() as ready_dir, log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603
            gunicorn_command(f"127.0.0.1:{port}", wsgi),
            cwd=ROOT,
            env={**env, "BENCH_READY_DIR": ready_dir},
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            server = Server(process, f"http://127.0.0.1:{port}")
            wait_for_200(server.base_url + ready_path, process)
            workers = int(env.get("BENCH_WORKERS", "2"))
            deadline = time.monotonic() + 60
            while len(os.listdir(ready_dir)) < workers:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{workers} workers did not start; see {log}")
                time.sleep(0.05)
            yield server
        finally:
            stop(process)


def time_to_first_200(
    command: list[str], env: dict[str, str], url: str, log: Path
) -> float:
    """Start command and return the seconds until url first answers 200."""
    with log.open("a") as log_file:
        start = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            wait_for_200(url, process)
            return time.perf_counter() - start
        finally:
            stop(process)
