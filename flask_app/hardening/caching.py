"""The server-side cache of visitors' reads, and what keeps it fresh.

The product list and detail, as pages and in the API, are cached for visitors (no
Authorization header, no session cookie) with Flask-Caching, in Redis when REDIS_URL
is set, one copy per language. Every entry holds the catalogue's generation, a random
token that each committed write to a product (or to a username its owner line shows)
replaces, so the next read misses and is fresh, in every process that shares the
cache (shared_spec/README.md, "Caching"). A read fetches the generation and its entry
together, with get_many: one round trip to Redis (an MGET) for a hit.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from itertools import chain
from typing import Any
from uuid import uuid4

from flask import Flask
from flask import Response
from flask import current_app
from flask import make_response
from flask import request
from flask_babel import get_locale
from flask_caching import Cache
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm import UOWTransaction

from flask_app.extensions import db

GENERATION_KEY = "catalog:generation"

# Configured by flask_app.config.cache_config (REDIS_URL, CACHE_TTL).
cache = Cache()


def start_generation() -> str:
    """Start the first generation, or read the one another process started."""
    # add() keeps a token another process set meanwhile; 0: it never expires.
    cache.add(GENERATION_KEY, uuid4().hex, timeout=0)
    return cache.get(GENERATION_KEY)


def bump_generation() -> None:
    """Start a new generation: every cached read of the catalogue is now a miss."""
    try:
        cache.set(GENERATION_KEY, uuid4().hex, timeout=0)
    except RedisError:
        # The write has committed: answer it, and say that the cache may be behind
        # it if Redis comes back with its entries (shared_spec/README.md).
        current_app.logger.exception(
            "Redis is unreachable: the cache of reads was not renewed"
        )


def is_visitor_read() -> bool:
    """Return whether this is a GET or HEAD without credentials of any kind."""
    return (
        request.method in {"GET", "HEAD"}
        and "Authorization" not in request.headers
        and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
    )


def visitor_read_key() -> str:
    """Return the cache key of this read: its language and absolute URL.

    One copy per language: a page is written in the request's language (an API
    read is the same in each, and is kept once per language all the same).
    """
    url = hashlib.sha256(request.url.encode()).hexdigest()
    return f"catalog:read:{get_locale()}:{url}"


def cached_read(key: str) -> tuple[str, Response | None]:
    """Return the catalogue's generation and key's answer if it is of that generation.

    One round trip: get_many asks for both at once (Redis's MGET).
    """
    token, entry = cache.get_many(GENERATION_KEY, key)
    if token is None:
        return start_generation(), None
    if entry is not None and entry[0] == token:
        status, headers, body = entry[1]
        return token, current_app.response_class(body, status, headers)
    return token, None


def store(key: str, token: str, response: Response) -> None:
    """Keep a visitor's answer under the generation its read started in.

    Tagged first, so that a hit and its 304 need no hashing (make_conditional keeps
    a tag that is there). Stored as its parts: status, headers and body.
    """
    response.add_etag()
    parts = (response.status_code, list(response.headers), response.get_data())
    cache.set(key, (token, parts))


def cache_for_visitors(vary: str) -> Callable[[Callable[..., Any]], Callable]:
    """Return a decorator caching a read view's answer for visitors.

    A successful read, cached or not, says how others may keep it: Cache-Control
    no-cache (revalidate with the ETag each time), private as well when the request
    carried credentials, and Vary on the header that carries them.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped_view(*args: Any, **kwargs: Any) -> Any:
            if not current_app.config["HARDENING"]:
                return view(*args, **kwargs)
            visitor = is_visitor_read()
            key = token = response = None
            if visitor and current_app.config["CACHE_TYPE"] != "NullCache":
                try:
                    key = visitor_read_key()
                    token, response = cached_read(key)
                except RedisError:
                    # Redis is away: answer from the database (fail open).
                    current_app.logger.exception(
                        "Redis is unreachable: the read is not cached"
                    )
                    key = None
            if response is not None:
                return response
            response = make_response(view(*args, **kwargs))
            # The rules of a successful read (and of its 304); an error says
            # nothing of caching.
            if response.status_code == 200:
                response.cache_control.no_cache = True
                if not visitor:
                    response.cache_control.private = True
                response.vary.add(vary)
                if key and token:
                    try:
                        store(key, token, response)
                    except RedisError:
                        current_app.logger.exception(
                            "Redis is unreachable: the read is not cached"
                        )
            return response

        return wrapped_view

    return decorator


def changes_catalog(session: Session) -> bool:
    """Return whether this flush writes anything a cached read shows."""
    # Imported here: the models' packages import their views, which import this.
    from flask_app.accounts.models import User
    from flask_app.catalog.models import Product

    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, Product):
            return True
        if isinstance(instance, User) and instance not in session.new:
            # A product shows its owner's username; a deleted owner shows null.
            if instance in session.deleted:
                return True
            if inspect(instance).attrs.username.history.has_changes():
                return True
    return False


def note_catalog_changes(session: Session, flush_context: UOWTransaction) -> None:
    """Remember that this transaction changes what a cached read shows."""
    if current_app.config["HARDENING"] and changes_catalog(session):
        session.info["catalog_changed"] = True


def bump_after_commit(session: Session) -> None:
    """Start a new generation once a transaction that changed the catalogue commits."""
    # After the commit, before the write's answer is sent: a read that starts once
    # the write is acknowledged finds the new generation.
    if session.info.pop("catalog_changed", False):
        bump_generation()


def forget_rolled_back_changes(session: Session) -> None:
    """Forget the changes of a transaction that rolled back."""
    session.info.pop("catalog_changed", None)


def init_app(app: Flask) -> None:
    """Bind the cache to app and renew its generation on every write it shows."""
    cache.init_app(app)
    # db.session is shared by every app in the process: listen once.
    if not event.contains(db.session, "after_flush", note_catalog_changes):
        event.listen(db.session, "after_flush", note_catalog_changes)
        event.listen(db.session, "after_commit", bump_after_commit)
        event.listen(db.session, "after_rollback", forget_rolled_back_changes)
