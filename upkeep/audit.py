"""Print which vulnerability service pip-audit can use from here: pypi, osv or none.

    python -m upkeep.audit URL_PYPI URL_OSV

make audit asks PyPI's JSON API first, then OSV's (the Makefile passes a URL of
each to try).
"""

from __future__ import annotations

import sys
import urllib.request


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10):  # noqa: S310 - fixed https URLs
            return True
    except OSError:
        return False


def main() -> None:
    pypi, osv = sys.argv[1:3]
    print("pypi" if answers(pypi) else "osv" if answers(osv) else "none")


if __name__ == "__main__":
    main()
