"""Lines of a source file told apart: code, blank, comment or docstring."""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

KINDS = ("code", "blank", "comment", "docstring")
# A line holding several kinds counts as the strongest: code over a docstring over a
# comment (a docstring followed by a comment is a docstring line).
STRENGTH = {"blank": 0, "comment": 1, "docstring": 2, "code": 3}
# Tokens that are no code of their own.
LAYOUT = {
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.COMMENT,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
    tokenize.ENCODING,
}
# What comes just before a statement: a string there, alone, is a docstring.
STATEMENT_STARTS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
# Jinja's {# #} and Django's {% comment %}...{% endcomment %}, whitespace control too.
TEMPLATE_COMMENT = re.compile(
    r"\{#.*?#\}|\{%-?\s*comment\b.*?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL
)
# Files of other kinds: how a comment line starts; prose (a README) is all comment.
LINE_COMMENTS = {".ini": ("#", ";"), ".mako": ("##",)}
PROSE = {"", ".md", ".txt"}


def split_lines(text: str) -> list[str]:
    """Return the lines of text as git and wc count them, without line ends."""
    return text.removesuffix("\n").split("\n") if text else []


def python_kinds(text: str) -> list[str]:
    """Return the kind of each line of a Python module, read with tokenize."""
    kinds = ["blank"] * len(split_lines(text))

    def mark(token: tokenize.TokenInfo, kind: str) -> None:
        for row in range(token.start[0], min(token.end[0], len(kinds)) + 1):
            if STRENGTH[kind] > STRENGTH[kinds[row - 1]]:
                kinds[row - 1] = kind

    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    statement = [t for t in tokens if t.type not in {tokenize.NL, tokenize.COMMENT}]
    for index, token in enumerate(statement):
        before = statement[index - 1].type if index else tokenize.NEWLINE
        after = statement[index + 1].type if index + 1 < len(statement) else None
        if (
            token.type == tokenize.STRING
            and before in STATEMENT_STARTS
            and after in {tokenize.NEWLINE, tokenize.ENDMARKER}
        ):
            mark(token, "docstring")
        elif token.type not in LAYOUT:
            mark(token, "code")
    for token in tokens:
        if token.type == tokenize.COMMENT:
            mark(token, "comment")
    return kinds


def template_kinds(text: str) -> list[str]:
    """Return the kind of each line of a Jinja or Django template."""
    # The comments blanked out, newlines kept: what is left on a line is code.
    code = TEMPLATE_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
    kinds = []
    for line, code_line in zip(split_lines(text), split_lines(code), strict=True):
        if code_line.strip():
            kinds.append("code")
        else:
            kinds.append("comment" if line.strip() else "blank")
    return kinds


def text_kinds(text: str, suffix: str) -> list[str]:
    """Return the kind of each line of any other file (configuration, prose)."""
    prefixes = LINE_COMMENTS.get(suffix, ())
    kinds = []
    for line in split_lines(text):
        stripped = line.strip()
        if not stripped:
            kinds.append("blank")
        elif suffix in PROSE or (prefixes and stripped.startswith(prefixes)):
            kinds.append("comment")
        else:
            kinds.append("code")
    return kinds


@cache
def line_kinds(path: Path) -> tuple[str, ...]:
    """Return the kind of each line of path, the first line first."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return tuple(python_kinds(text))
    if path.suffix == ".html":
        return tuple(template_kinds(text))
    return tuple(text_kinds(text, path.suffix))


def count_lines(path: Path, lines: Iterable[int]) -> Counter[str]:
    """Count the given lines of path (numbered from 1) by kind."""
    kinds = line_kinds(path)
    counts = Counter(dict.fromkeys(KINDS, 0))
    counts.update(kinds[line - 1] for line in lines)
    return counts
