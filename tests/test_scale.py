"""Several instances behind nginx: shared state, a killed instance, Redis away.

Marked `scale` (make test-scale): each app runs as 2 gunicorn instances (2 workers
each) behind nginx (cluster/), on a scratch PostgreSQL database (DATABASE_URL's
server) and a Redis server of the test's own, so that it can be stopped. Request
loops are bounded; each failure test prints its counts.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from typing import TypedDict

import pytest

from cluster import Cluster
from cluster import free_port
from tests.support.adapters import DEFAULT_PASSWORD
from tests.support.databases import postgres_url
from tests.support.databases import scratch_postgres_database
from tests.support.live import Hooks
from tests.support.live import LiveAdapter
from tests.test_concurrent_writers import call

pytestmark = pytest.mark.scale

READERS = 6
WRITERS = 2
REQUESTS = 60  # per client


class RedisServer:
    """A redis-server of the test's own, which it may stop and start again."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class ScaleCluster(Cluster):
    """A cluster, and the Redis server of the test's own that its instances use."""

    redis_server: RedisServer


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [name for name in ("nginx", "redis-server") if not shutil.which(name)]
    if missing or postgres_url() is None:
        pytest.fail(
            f"make test-scale needs nginx and redis-server ({', '.join(missing)} "
            "missing) and DATABASE_URL naming a PostgreSQL server"
        )


@pytest.fixture(params=["flask", "django"])
def cluster(
    request: pytest.FixtureRequest, tmp_path: Path, tools: None
) -> Iterator[ScaleCluster]:
    server = postgres_url()
    assert server
    with ExitStack() as stack:
        redis_server = RedisServer(tmp_path)
        redis_server.start()
        stack.callback(redis_server.stop)
        database_url = stack.enter_context(
            scratch_postgres_database(server, f"{request.param}_scale")
        ).replace("postgresql+psycopg://", "postgresql://")
        cluster = ScaleCluster(
            request.param,
            database_url=database_url,
            redis_url=redis_server.url,
            secret_key="scale-test-not-secret-" + "x" * 30,
            workdir=tmp_path / "cluster",
        )
        cluster.redis_server = redis_server
        print(cluster.budget())
        yield stack.enter_context(cluster)


@pytest.fixture
def client(cluster: Cluster) -> Iterator[LiveAdapter]:
    """The shared suite's HTTP adapter, pointed at the balancer."""
    hooks = Hooks(cluster.app, cluster.env)
    try:
        yield LiveAdapter(cluster.app, cluster.url, hooks)
    finally:
        hooks.close()


def token_for(client: LiveAdapter, username: str) -> str:
    return client.user_with_token(username)


# --- state shared by the instances


def test_consecutive_requests_land_on_every_instance(
    cluster: Cluster, client: LiveAdapter
) -> None:
    served_by = {client.get("/api/health/").header("X-Upstream") for _ in range(8)}
    assert served_by == {member.address for member in cluster.members}


def test_a_session_and_its_csrf_token_work_on_every_instance(
    cluster: Cluster, client: LiveAdapter
) -> None:
    client.create_user("alice")
    # The form comes from one instance, the POST goes to the next.
    assert client.login("alice").status == 302
    pages = [client.get("/products/") for _ in range(4)]
    assert {page.header("X-Upstream") for page in pages} == {
        member.address for member in cluster.members
    }
    assert all(page.has("form#logout-form") for page in pages)
    created = client.submit(
        client.page("/products/new/"),
        "form#product-form",
        {"name": "Mug", "sku": "MUG-1", "price": "3", "stock": "1"},
    )
    assert created.status == 302
    kept = client.session_cookie()
    client.logout()
    assert not any(client.get("/products/").has("form#logout-form") for _ in range(4))
    # The signed-out session is refused by every instance, replayed or not.
    assert kept is not None
    client.set_session_cookie(kept)
    assert not any(client.get("/products/").has("form#logout-form") for _ in range(4))


def test_the_sign_in_limit_counts_across_instances(
    cluster: Cluster, client: LiveAdapter
) -> None:
    client.create_user("alice")
    served_by = set()
    for _ in range(5):
        refused = client.post(
            "/api/auth/token/", json={"username": "alice", "password": "wrong"}
        )
        assert refused.status == 401
        served_by.add(refused.header("X-Upstream"))
    assert len(served_by) == len(cluster.members)
    for _ in range(len(cluster.members)):
        locked = client.post(
            "/api/auth/token/",
            json={"username": "alice", "password": DEFAULT_PASSWORD},
        )
        assert locked.status == 429


def test_a_write_on_one_instance_is_read_fresh_on_every_other(
    cluster: Cluster, client: LiveAdapter
) -> None:
    token = token_for(client, "alice")
    product = client.create_product(token, name="Mug", sku="MUG-1", price="3")
    path = f"/api/products/{product['id']}/"
    for _ in range(4):  # fill the cache of reads through every instance
        assert client.get(path).status == 200
    for version in range(1, 6):
        assert client.patch(path, json={"stock": version}, token=token).status == 200
        for _ in range(len(cluster.members)):
            assert client.get(path).json()["stock"] == version


# --- failures survived


def send(
    base_url: str, method: str, path: str, token: str | None = None, body: Any = None
) -> tuple[int, Any]:
    """One request on its own connection: the status, and the JSON of a 2xx answer.

    Status 0: no answer at all. A 502 from nginx is HTML, so only success is read.
    """
    try:
        status, _, data = call(base_url, method, path, token, body)
    except ValueError:  # a body that is not JSON: nginx's own error page
        return 502, None
    except OSError:
        return 0, None
    return status, data


class LoadResult(TypedDict):
    """What run_load() counted, and the ids whose creation was acknowledged."""

    reads: int
    failed_reads: int
    writes: int
    failed_writes: int
    created: list[int]


def run_load(
    cluster: Cluster, token: str, ids: list[int], during: Callable[[], None]
) -> LoadResult:
    """Readers and writers through the balancer; call during() meanwhile.

    Returns how many reads and writes failed (any answer but 200 or 201, or no
    answer) and the ids of the products whose creation was acknowledged.
    """
    counts: LoadResult = {
        "reads": 0,
        "failed_reads": 0,
        "writes": 0,
        "failed_writes": 0,
        "created": [],
    }
    created = counts["created"]
    lock = threading.Lock()
    started = threading.Event()

    def reader(n: int) -> None:
        for i in range(REQUESTS):
            if i == REQUESTS // 4:
                started.set()
            path = "/api/products/" if i % 2 else f"/api/products/{ids[i % len(ids)]}/"
            status, _ = send(cluster.url, "GET", path)
            with lock:
                counts["reads"] += 1
                counts["failed_reads"] += status != 200

    def writer(n: int) -> None:
        for i in range(REQUESTS):
            body = {"name": f"W{n}-{i}", "sku": f"LOAD-{n}-{i}", "price": "1"}
            status, data = send(cluster.url, "POST", "/api/products/", token, body)
            with lock:
                counts["writes"] += 1
                if status == 201:
                    created.append(data["id"])
                else:
                    counts["failed_writes"] += 1

    with ThreadPoolExecutor(READERS + WRITERS) as pool:
        futures = [pool.submit(reader, n) for n in range(READERS)]
        futures += [pool.submit(writer, n) for n in range(WRITERS)]
        started.wait(timeout=30)
        during()
        for future in futures:
            future.result()
    return counts


def stored_ids(client: LiveAdapter, token: str) -> set[int]:
    return {product["id"] for product in client.list_all(page_size=100)}


@pytest.fixture
def loaded(client: LiveAdapter) -> tuple[str, list[int]]:
    """A writer's token and a few products to read."""
    token = token_for(client, "writer")
    ids = [
        client.create_product(token, name=f"P{n}", sku=f"READ-{n}", price="1")["id"]
        for n in range(4)
    ]
    return token, ids


def test_an_instance_killed_under_load_loses_no_acknowledged_write(
    cluster: Cluster, client: LiveAdapter, loaded: tuple[str, list[int]]
) -> None:
    token, ids = loaded
    result = run_load(cluster, token, ids, lambda: cluster.kill(0))
    print(
        f"{cluster.app}, one of 2 instances killed (SIGKILL) under load: "
        f"{result['failed_reads']} of {result['reads']} reads failed, "
        f"{result['failed_writes']} of {result['writes']} writes failed"
    )
    assert result["failed_reads"] == 0, "the balancer retries idempotent requests"
    assert set(result["created"]) <= stored_ids(client, token)


def test_a_rolling_reload_fails_no_request(
    cluster: Cluster, client: LiveAdapter, loaded: tuple[str, list[int]]
) -> None:
    token, ids = loaded
    result = run_load(cluster, token, ids, cluster.rolling_reload)
    print(
        f"{cluster.app}, rolling reload of 2 instances under load: "
        f"{result['failed_reads']} of {result['reads']} reads and "
        f"{result['failed_writes']} of {result['writes']} writes failed"
    )
    assert result["failed_reads"] == result["failed_writes"] == 0
    assert set(result["created"]) <= stored_ids(client, token)


def test_redis_stopped_and_started_again(
    cluster: ScaleCluster, client: LiveAdapter, loaded: tuple[str, list[int]]
) -> None:
    token, ids = loaded
    redis_server = cluster.redis_server
    client.create_user("alice")
    redis_server.stop()
    # Away: reads, writes and sign-ins answer; the limit locks nobody out.
    statuses = []
    for n in range(4):
        statuses.append(client.get("/api/products/").status)
        statuses.append(client.get(f"/products/{ids[0]}/").status)
        patched = client.patch(
            f"/api/products/{ids[0]}/", json={"stock": n}, token=token
        )
        statuses.append(patched.status)
        assert client.get(f"/api/products/{ids[0]}/").json()["stock"] == n
    for _ in range(6):
        refused = client.post(
            "/api/auth/token/", json={"username": "alice", "password": "wrong"}
        )
        statuses.append(refused.status)
    assert client.login("alice").status == 302
    client.logout()
    print(f"{cluster.app}, Redis away: statuses {sorted(set(statuses))}")
    assert all(status < 500 for status in statuses)
    assert 429 not in statuses
    # Back (empty, as after a restart): the limit and the cache work again.
    redis_server.start()
    for _ in range(5):
        client.post("/api/auth/token/", json={"username": "alice", "password": "no"})
    locked = client.post(
        "/api/auth/token/", json={"username": "alice", "password": DEFAULT_PASSWORD}
    )
    assert locked.status == 429
    client.patch(f"/api/products/{ids[1]}/", json={"stock": 42}, token=token)
    for _ in range(4):
        assert client.get(f"/api/products/{ids[1]}/").json()["stock"] == 42
