"""Strong entity tags for product representations."""

import hashlib
import json
from typing import Any


def etag_for(data: dict[str, Any]) -> str:
    """Return the unquoted ETag of a JSON object: a hash of its canonical form."""
    canonical = json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]
