"""Request input the core would answer with a 500, refused with a 4xx instead.

request.get_json() answers 415 for another content type and 400 for malformed JSON
by itself; this adds a 400 for JSON nested too deep (Python's json parser raises
RecursionError, not ValueError, at great depth) and for NaN and Infinity, which are
not JSON; a 413 for a chunked body over MAX_CONTENT_LENGTH (Werkzeug cuts it at the
limit silently); and a 404 for an id or a page number too large for the database.
"""

import json
from typing import Any

from flask import Flask
from flask import abort
from flask import request
from flask.json.provider import DefaultJSONProvider

# The largest id the INTEGER column holds; SQLite cannot even bind more.
MAX_ID = 2**31 - 1
# How deeply arrays and objects may nest, the outermost one being level 1.
MAX_JSON_DEPTH = 100
# The largest offset SQLite and PostgreSQL take (a signed 64-bit integer), over the
# API's largest page size.
MAX_PAGE = (2**63 - 1) // 100
PAGINATED_ENDPOINTS = frozenset({"api.product_list", "catalog.product_list"})


def reject_constant(name: str) -> None:
    """Refuse NaN, Infinity and -Infinity, which are not JSON."""
    raise ValueError(f"{name} is not valid JSON")


def nesting_depth(value: Any) -> int:
    """Return how many arrays and objects deep a parsed JSON value goes."""
    depth = 0
    level = [value]
    while containers := [item for item in level if isinstance(item, dict | list)]:
        depth += 1
        level = [
            child
            for container in containers
            for child in (
                container.values() if isinstance(container, dict) else container
            )
        ]
    return depth


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading only RFC 8259 JSON nested at most MAX_JSON_DEPTH deep."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse s, raising ValueError (get_json's 400) for what JSON cannot hold."""
        try:
            data = json.loads(s, parse_constant=reject_constant, **kwargs)
        except RecursionError:
            data = None
            depth = MAX_JSON_DEPTH + 1
        else:
            depth = nesting_depth(data)
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"The body is nested more than {MAX_JSON_DEPTH} deep.")
        return data


def refuse_oversized_input() -> None:
    """Answer 413 for a chunked body over the limit, 404 past the database's ints."""
    if request.content_length is None and request.environ.get("wsgi.input_terminated"):
        body = request.get_data()
        # Cut at the limit: one more byte waiting means the body was too large.
        if len(body) == request.max_content_length and request.input_stream.read(1):
            abort(413)
    if (request.view_args or {}).get("product_id", 0) > MAX_ID:
        abort(404)
    page = request.args.get("page", "")
    # No page that far exists, and int() refuses over 4,300 digits.
    if (
        request.endpoint in PAGINATED_ENDPOINTS
        and page.isascii()
        and page.isdigit()
        and (len(page) > len(str(MAX_PAGE)) or int(page) > MAX_PAGE)
    ):
        abort(404)


def init_app(app: Flask) -> None:
    """Read app's request bodies strictly and refuse oversized input."""
    app.json = StrictJSONProvider(app)
    app.before_request(refuse_oversized_input)
