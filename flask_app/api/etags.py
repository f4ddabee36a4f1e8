"""Entity tags of products, for ETag and If-Match."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from flask import abort
from flask import request


def etag_for(data: Mapping[str, Any]) -> str:
    """Return the strong ETag of a product's JSON, unquoted: a hash of its content."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def check_if_match(etag: str) -> None:
    """Abort with 412 if the request's If-Match names neither etag nor *."""
    # Werkzeug parses the header; contains() is the strong comparison If-Match needs.
    if "If-Match" in request.headers and not request.if_match.contains(etag):
        abort(412, "The product has changed since that version; fetch it again.")
