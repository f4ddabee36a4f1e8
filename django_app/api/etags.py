"""Entity tags of products, for ETag and If-Match."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils.http import parse_etags


def product_etag(data: Mapping[str, Any]) -> str:
    """Return the strong ETag of a product's JSON representation."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


def if_match_allows(header: str | None, etag: str) -> bool:
    """Tell whether an If-Match header (absent, *, or a list of tags) names etag."""
    if header is None:
        return True
    tags = parse_etags(header)
    return "*" in tags or etag in tags
