"""Strict JSON request bodies (DRF's JSONParser; Flask's get_json is laxer)."""

import json
from typing import Any

from flask import abort
from flask import request

# How deeply arrays and objects may nest, the outermost one being level 1.
MAX_JSON_DEPTH = 100
TOO_DEEP_MESSAGE = f"The body is nested more than {MAX_JSON_DEPTH} levels deep."


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


def read_body() -> bytes:
    """Return the raw request body, or abort with 413 past MAX_CONTENT_LENGTH."""
    # Werkzeug raises 413 itself when the Content-Length header is over the limit.
    body = request.get_data()
    # A streamed (chunked) body is cut at the limit instead: one more byte is too many.
    if (
        len(body) == request.max_content_length
        and request.environ.get("wsgi.input_terminated")
        and request.input_stream.read(1)
    ):
        abort(413)
    return body


def json_body() -> dict[str, Any]:
    """Return the request body as a JSON object, or abort with 415, 413 or 400."""
    if request.mimetype != "application/json":
        abort(415, "The body must be sent as application/json.")
    raw = read_body()
    if not raw:
        abort(400, "The body is empty; send a JSON object.")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=reject_constant)
    except ValueError:
        abort(400, "The body is not valid JSON.")
    except RecursionError:
        # Python's json gives up at great depth with this, which is no ValueError.
        abort(400, TOO_DEEP_MESSAGE)
    if not isinstance(data, dict):
        abort(400, "The body must be a JSON object.")
    if nesting_depth(data) > MAX_JSON_DEPTH:
        abort(400, TOO_DEEP_MESSAGE)
    return data
