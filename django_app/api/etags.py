"""Entity tags of products, for ETag and If-Match."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils.http import parse_etags
from django.utils.http import quote_etag

from .errors import PreconditionFailed


def etag_for(data: Mapping[str, Any]) -> str:
    """Return the strong ETag of a product's JSON, unquoted: a hash of its content."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def check_if_match(request, etag: str) -> None:
    """Raise 412 if the request's If-Match names neither etag nor *."""
    if "If-Match" not in request.headers:
        return
    tags = parse_etags(request.headers["If-Match"])
    if "*" not in tags and quote_etag(etag) not in tags:
        raise PreconditionFailed()
