"""The server-side cache of visitors' reads, and what keeps it fresh.

The product list and detail, as pages and in the API, are cached for visitors (no
Authorization header, no session cookie) with Django's cache framework, in Redis when
REDIS_URL is set, for settings.CACHE_TTL seconds (0: off), one copy per language.
Every entry holds the catalogue's generation, a random token that each committed
write to a product (or to a username its owner line shows) replaces, so the next read
misses and is fresh, in every process that shares the cache (shared_spec/README.md,
"Caching"). A read fetches the generation and its entry together, with get_many: one
round trip to Redis (an MGET) for a hit.

Django's own cache_page cannot do this: its key prefix is fixed when the view is
decorated, so a write could only empty the whole cache.
"""

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction
from django.db.models.signals import post_delete
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.cache import patch_vary_headers
from django.utils.cache import set_response_etag
from django.utils.translation import get_language
from redis import Redis
from redis.exceptions import RedisError

GENERATION_KEY = "catalog:generation"

logger = logging.getLogger(__name__)


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one redis-py client per connection pool.

    Django's RedisCacheClient.get_client() builds a new redis.Redis around its pool
    for every operation (the cost upstream discusses in redis/redis-py#3624; about
    6 microseconds here with redis-py 8, against some 90 for a GET's round trip).
    The pools were already kept; the clients around them now are too. redis.Redis
    is safe to share between threads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Redis:
        # The pool Django's get_client() would wrap: its private helper, which
        # django-stubs does not declare.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # see above
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = Redis(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend with KeptClientRedisCacheClient as its client.

    A custom backend as Django's cache documentation allows (CACHES' BACKEND names
    any class); settings.py names it when HARDENING is on.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient


def start_generation() -> str:
    """Start the first generation, or read the one another process started."""
    # add() keeps a token another process set meanwhile; None: it never expires.
    cache.add(GENERATION_KEY, uuid4().hex, timeout=None)
    return cache.get(GENERATION_KEY)


def bump_generation() -> None:
    """Start a new generation: every cached read of the catalogue is now a miss."""
    cache.set(GENERATION_KEY, uuid4().hex, timeout=None)


def renew_after_commit() -> None:
    """Bump the generation once the transaction commits, before the answer is sent.

    robust: if Redis is away, the write has committed all the same; Django logs the
    error, and the cache may be behind the write if Redis comes back with its
    entries (shared_spec/README.md).
    """
    transaction.on_commit(bump_generation, robust=True)


def is_visitor_read(request: HttpRequest) -> bool:
    """Return whether this is a GET or HEAD without credentials of any kind."""
    return (
        request.method in {"GET", "HEAD"}
        and "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def visitor_read_key(request: HttpRequest) -> str:
    """Return the cache key of this read: its language and absolute URL.

    The language is the one LocaleMiddleware chose for this request (its cookie,
    else Accept-Language), as in cache_page's keys: a page in Spanish is never
    served to an English reader.
    """
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"catalog:read:{get_language()}:{url}"


def cached_read(key: str) -> tuple[str, HttpResponse | None]:
    """Return the catalogue's generation and key's answer if it is of that generation.

    One round trip: get_many asks for both at once (Redis's MGET).
    """
    found = cache.get_many([GENERATION_KEY, key])
    token = found.get(GENERATION_KEY)
    if token is None:
        return start_generation(), None
    entry = found.get(key)
    if entry is not None and entry[0] == token:
        return token, entry[1]
    return token, None


def store(key: str, token: str, response: HttpResponse, timeout: int) -> None:
    """Keep a visitor's answer under the generation its read started in.

    Tagged first, as ConditionalGetMiddleware would tag it, so that a hit and its
    304 need no hashing (the middleware keeps a tag that is there).
    """
    if not response.has_header("ETag"):
        set_response_etag(response)
    try:
        cache.set(key, (token, response), timeout)
    except RedisError:
        logger.exception("Redis is unreachable: the read is not cached")


def cache_for_visitors(
    vary: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Return a decorator caching a read view's answer for visitors.

    A successful read, cached or not, says how others may keep it: Cache-Control
    no-cache (revalidate with the ETag each time), private as well when the request
    carried credentials, and Vary on the header that carries them. With
    settings.HARDENING off the view answers as it is.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped_view(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            if not settings.HARDENING:
                return view(request, *args, **kwargs)
            visitor = is_visitor_read(request)
            timeout = settings.CACHE_TTL
            key, token, response = None, "", None
            if visitor and timeout:
                try:
                    key = visitor_read_key(request)
                    token, response = cached_read(key)
                except RedisError:
                    # Redis is away: answer from the database (fail open).
                    logger.exception("Redis is unreachable: the read is not cached")
                    key = None
            if response is None:
                response = view(request, *args, **kwargs)
                # The rules of a successful read (and of its 304); a write's
                # answer or an error says nothing of caching.
                if request.method in {"GET", "HEAD"} and response.status_code == 200:
                    patch_cache_control(response, no_cache=True)
                    if not visitor:
                        patch_cache_control(response, private=True)
                    patch_vary_headers(response, [vary])
                if key and response.status_code == 200:
                    # As cache_page does: a template response is stored once
                    # rendered, anything else at once.
                    if isinstance(response, SimpleTemplateResponse):
                        response.add_post_render_callback(
                            lambda rendered: store(key, token, rendered, timeout)
                        )
                    else:
                        store(key, token, response, timeout)
            return response

        return wrapped_view

    return decorator


def catalog_changed(**kwargs: Any) -> None:
    """Renew the generation after a product, or a user who owned some, is gone."""
    # After the commit, before the write's answer is sent: a read that starts once
    # the write is acknowledged finds the new generation. A deleted owner shows
    # null on each of their products.
    renew_after_commit()


def user_saved(
    created: bool, update_fields: frozenset[str] | None, **kwargs: Any
) -> None:
    """Renew the generation when a username, which products show, may have changed."""
    # A new user owns nothing yet, and a sign-in saves last_login only.
    if not created and (update_fields is None or "username" in update_fields):
        renew_after_commit()


def connect_receivers() -> None:
    """Connect the receivers that keep the cache of reads fresh."""
    post_save.connect(catalog_changed, sender="catalog.Product")
    post_delete.connect(catalog_changed, sender="catalog.Product")
    post_delete.connect(catalog_changed, sender=settings.AUTH_USER_MODEL)
    post_save.connect(user_saved, sender=settings.AUTH_USER_MODEL)
