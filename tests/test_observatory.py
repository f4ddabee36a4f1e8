"""Both apps behind a TLS proxy, graded by the MDN HTTP Observatory's own scanner.

nginx terminates TLS on 127.0.0.1:443 with a certificate made for the test (and
redirects port 80 to it), as a real proxy would, adding X-Forwarded-Proto: https;
each app runs under gunicorn with production settings behind it. The scanner
(npm's @mdn/mdn-http-observatory, the code behind developer.mozilla.org/observatory)
scans https://localhost/ and grades the answer; the contract asks for A or better.
make test-observatory installs nginx and the scanner; it needs ports 80 and 443.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import LiveServer
from tests.support.servers import live_server

pytestmark = pytest.mark.observatory

ROOT = Path(__file__).resolve().parents[1]
SCANNER = (
    Path(os.environ.get("OBSERVATORY_DIR", ROOT / "var" / "observatory"))
    / "node_modules"
    / "@mdn"
    / "mdn-http-observatory"
    / "src"
    / "scan.js"
)
PASSING_GRADES = {"A+", "A"}
NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
daemon off;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:80;
    server_name localhost;
    return 301 https://$host$request_uri;
  }}
  server {{
    listen 127.0.0.1:443 ssl;
    server_name localhost;
    ssl_certificate {tmp}/cert.pem;
    ssl_certificate_key {tmp}/key.pem;
    location / {{
      proxy_pass {upstream};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def tools() -> tuple[str, str, str]:
    """Return nginx, openssl and node, or skip (fail in CI or with STRICT=1)."""
    found = [shutil.which(name) for name in ("nginx", "openssl", "node")]
    missing = [
        name
        for name, path in zip(("nginx", "openssl", "node"), found, strict=True)
        if path is None
    ]
    problems = missing + ([] if SCANNER.exists() else ["the scanner"])
    if not (port_free(80) and port_free(443)):
        problems.append("ports 80 and 443 (taken, or not root)")
    nginx, openssl, node = found
    if not problems and nginx and openssl and node:
        return nginx, openssl, node
    hint = f"no {', '.join(problems)}: make test-observatory installs them, as root"
    if os.environ.get("CI") or os.environ.get("STRICT") == "1":
        pytest.fail(hint)
    pytest.skip(hint)


@pytest.fixture(params=["flask", "django"])
def app_behind_proxy(
    request: pytest.FixtureRequest, tools: tuple[str, str, str], tmp_path: Path
) -> Iterator[LiveServer]:
    """Serve one app under gunicorn behind nginx, which terminates TLS."""
    nginx, openssl, _ = tools
    certificate = [
        *("-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
        *("-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")),
        *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
    ]
    subprocess.run(  # noqa: S603
        [openssl, "req", *certificate],
        check=True,
        capture_output=True,
    )
    with live_server(request.param, tmp_path) as server:
        conf = tmp_path / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp_path, upstream=server.base_url))
        proxy = subprocess.Popen(  # noqa: S603
            [nginx, "-c", str(conf), "-p", str(tmp_path)],
            stderr=subprocess.PIPE,
        )
        try:
            yield server
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)


def test_the_observatory_grades_the_app_a_or_better(
    app_behind_proxy: LiveServer, tools: tuple[str, str, str], tmp_path: Path
) -> None:
    node = tools[2]
    result = subprocess.run(  # noqa: S603
        [node, str(SCANNER), "localhost"],
        # The test's certificate is the one authority the scanner needs to trust.
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(tmp_path / "cert.pem")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    # Kept beside the scanner, for reading a grade in full.
    saved = SCANNER.parents[4] / f"{app_behind_proxy.name}-report.json"
    saved.write_text(json.dumps(report, indent=2) + "\n")
    assert "error" not in report, report
    grade = report["scan"]["grade"]
    failed = {
        name: test["result"]
        for name, test in report["tests"].items()
        if not test["pass"]
    }
    assert grade in PASSING_GRADES, (grade, report["scan"]["score"], failed)
