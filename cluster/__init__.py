"""Several instances of one app behind nginx, sharing PostgreSQL and Redis.

What `make serve-cluster` runs and `make test-scale` tests (docs/scaling.md): the
app's migrations once, then INSTANCES gunicorn instances, each its own process group
on its own port, with one SECRET_KEY, one database and one Redis, and nginx in front
balancing them round robin. nginx adds X-Forwarded-For and X-Forwarded-Proto, as a
balancer would, so the instances run with TRUSTED_PROXIES=1 (TLS would end in front
of nginx, whose X-Forwarded-Proto it keeps); it retries a request on
the next instance when one cannot be reached (for a POST only if it was never sent),
and names the instance that answered in X-Upstream, for the tests.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

COMMANDS = {
    "flask": {
        "migrate": [str(BIN / "flask"), "--app", "flask_app", "db", "upgrade"],
        "wsgi": ["flask_app.wsgi:app"],
    },
    "django": {
        "migrate": [sys.executable, "django_app/manage.py", "migrate", "--no-input"],
        "wsgi": ["--chdir", "django_app", "config.wsgi"],
    },
}
# Connections one gunicorn worker may hold: SQLAlchemy's default pool (5, and 10
# more on demand) in Flask; one per thread in Django (CONN_MAX_AGE). A sync worker
# uses one at a time either way.
CONNECTIONS_PER_WORKER = {"flask": 15, "django": 1}

NGINX_CONF = """\
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
daemon off;
events {{}}
http {{
  access_log off;
  client_body_temp_path {workdir}/body;
  proxy_temp_path {workdir}/proxy;
  fastcgi_temp_path {workdir}/fastcgi;
  uwsgi_temp_path {workdir}/uwsgi;
  scgi_temp_path {workdir}/scgi;
  upstream {app} {{
{servers}
  }}
  # TLS ends before this nginx (it listens on 127.0.0.1 only): keep the scheme a
  # TLS terminator in front of it says, else say plain HTTP.
  map $http_x_forwarded_proto $forwarded_proto {{
    default $http_x_forwarded_proto;
    "" $scheme;
  }}
  server {{
    listen {host}:{port};
    # The apps refuse bodies over 1 MiB themselves, with the contract's JSON 413.
    # Bodies and answers stay in memory: nginx's workers may not write to workdir.
    client_max_body_size 8m;
    client_body_buffer_size 8m;
    proxy_max_temp_file_size 0;
    location / {{
      proxy_pass http://{app};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $forwarded_proto;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # An instance that cannot be reached: try the next one. nginx never resends
      # a POST it has already sent, so a write is not made twice.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries {instances};
      proxy_connect_timeout 2s;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not answers(url):
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.1)


def connection_budget(app: str, instances: int, workers: int) -> int:
    """The most database connections the instances may hold."""
    return instances * workers * CONNECTIONS_PER_WORKER[app]


def max_connections(database_url: str) -> int:
    """PostgreSQL's max_connections on the server database_url names."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as connection:
        row = connection.execute("SHOW max_connections").fetchone()
        assert row is not None  # SHOW always answers one row
        return int(row[0])


@dataclass
class Instance:
    """One gunicorn master and its workers, in a process group of their own."""

    port: int
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """An app's instances and the nginx in front of them; a context manager."""

    app: str
    database_url: str
    redis_url: str
    secret_key: str
    workdir: Path
    instances: int = 2
    workers: int = 2
    host: str = "127.0.0.1"
    port: int = 0
    members: list[Instance] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.port = self.port or free_port()
        self.members = [Instance(free_port()) for _ in range(self.instances)]
        self.stack = ExitStack()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        """The environment every instance runs with: the same for all of them."""
        return {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "TRUSTED_PROXIES": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'django_app'}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }

    def __enter__(self) -> Self:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.stack.callback(self.stop_all)
        try:
            self.migrate()
            for instance in self.members:
                self.start(instance)
            self.start_balancer()
        except BaseException:
            self.stack.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.close()

    def budget(self) -> str:
        """One line: the database connections the instances may hold, and the limit."""
        used = connection_budget(self.app, self.instances, self.workers)
        limit = max_connections(self.database_url)
        line = (
            f"{self.app}: {self.instances} instances x {self.workers} workers x "
            f"{CONNECTIONS_PER_WORKER[self.app]} connections = {used}, of "
            f"PostgreSQL's max_connections {limit}"
        )
        if used >= limit:
            raise RuntimeError(f"{line}: too many; lower INSTANCES or WORKERS")
        return line

    def migrate(self) -> None:
        """Run the migrations once, before any instance starts."""
        result = subprocess.run(  # noqa: S603 - a fixed command
            COMMANDS[self.app]["migrate"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{self.app}: migrations failed:\n{result.stderr}")

    def start(self, instance: Instance) -> None:
        """Start one instance and wait until it answers."""
        instance.log = self.workdir / f"{self.app}-{instance.port}.log"
        with instance.log.open("a") as log:
            instance.process = subprocess.Popen(  # noqa: S603 - a fixed command
                [
                    str(BIN / "gunicorn"),
                    "--bind",
                    instance.address,
                    "--workers",
                    str(self.workers),
                    "--graceful-timeout",
                    "10",
                    # gunicorn 27's control socket is one path per user: not shared.
                    "--no-control-socket",
                    *COMMANDS[self.app]["wsgi"],
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(f"http://{instance.address}/api/health/", instance.process)

    def start_balancer(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        servers = "\n".join(
            f"    server {instance.address} max_fails=1 fail_timeout=2s;"
            for instance in self.members
        )
        conf = self.workdir / f"nginx-{self.app}.conf"
        conf.write_text(
            NGINX_CONF.format(
                workdir=self.workdir,
                app=self.app,
                servers=servers,
                host=self.host,
                port=self.port,
                instances=self.instances,
            )
        )
        process = subprocess.Popen(  # noqa: S603 - nginx with our configuration
            [nginx, "-c", str(conf), "-p", str(self.workdir), "-e", "stderr"],
            stdout=subprocess.DEVNULL,
            stderr=(self.workdir / "nginx.log").open("a"),
        )
        self.stack.callback(self.stop_process, process)
        wait_for(f"{self.url}/api/health/", process)

    # --- what the tests do to it

    def kill(self, index: int) -> None:
        """SIGKILL an instance: master and workers, with no chance to finish."""
        instance = self.members[index]
        if instance.process is not None:
            os.killpg(instance.process.pid, signal.SIGKILL)
            instance.process.wait()
            instance.process = None

    def reload(self, index: int, timeout: float = 30) -> None:
        """Reload an instance gracefully (SIGHUP): new workers, then the old leave.

        gunicorn keeps its socket open throughout, so no request is refused; this
        returns once every worker is new.
        """
        instance = self.members[index]
        assert instance.process is not None
        before = self.worker_pids(instance)
        instance.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while True:
            now = self.worker_pids(instance)
            if len(now) == self.workers and not now & before:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{instance.address} did not reload in {timeout} s")
            time.sleep(0.1)
        wait_for(f"http://{instance.address}/api/health/", instance.process)

    def rolling_reload(self) -> None:
        """Reload every instance, one at a time."""
        for index in range(len(self.members)):
            self.reload(index)

    @staticmethod
    def worker_pids(instance: Instance) -> set[int]:
        assert instance.process is not None
        children = Path(f"/proc/{instance.process.pid}/task").glob("*/children")
        return {int(pid) for path in children for pid in path.read_text().split()}

    @staticmethod
    def stop_process(process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self) -> None:
        for instance in self.members:
            if instance.process is not None and instance.process.poll() is None:
                os.killpg(instance.process.pid, signal.SIGTERM)
                try:
                    instance.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(instance.process.pid, signal.SIGKILL)
                    instance.process.wait()
            instance.process = None
