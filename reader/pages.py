"""What every page of the reader shares: escaping, relative links, the page itself."""

from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

SIDE_NAMES = {"flask": "Flask", "django": "Django"}


def escape(text: object) -> str:
    """Return text escaped for HTML."""
    return html.escape(str(text))


def link(target: Path, page_dir: Path) -> str:
    """Return a relative link from a page's folder to a file."""
    return quote(os.path.relpath(target, page_dir).replace(os.sep, "/"))


def page(title: str, css: str, body: str) -> str:
    """Return a whole HTML page."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
{body}
</body>
</html>
"""


def number(value: float, digits: int = 0) -> str:
    """Return a figure with thousands separators and a fixed number of decimals."""
    return f"{value:,.{digits}f}"
