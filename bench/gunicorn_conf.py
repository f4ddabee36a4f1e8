"""The one gunicorn configuration every benchmarked server runs with.

The apps, their floors and the ceiling all start from this file, so they share the
worker class, the worker count and the logging. The orchestrator sets the variables.
"""

import os
from pathlib import Path

worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")
workers = int(os.environ.get("BENCH_WORKERS", "2"))
# No access log: writing one line per request would be measured too.
accesslog = None
errorlog = "-"
loglevel = "warning"
# No control socket: gunicorn 27's default is one path per user, which a second
# server cannot take (an ERROR line, and a file in ~/.gunicorn/).
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Leave a mark once a worker has loaded the app, so idle RSS is measured after."""
    if ready_dir := os.environ.get("BENCH_READY_DIR"):
        (Path(ready_dir) / str(worker.pid)).touch()
