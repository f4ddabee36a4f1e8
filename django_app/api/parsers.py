from rest_framework import parsers
from rest_framework.exceptions import ParseError

# How deeply arrays and objects may nest, the outermost one being level 1.
MAX_JSON_DEPTH = 100
TOO_DEEP_MESSAGE = f"The body is nested more than {MAX_JSON_DEPTH} levels deep."


def nesting_depth(value: object) -> int:
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


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than the contract allows."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            # Python's json gives up on deep nesting with a RecursionError, which
            # DRF (catching ValueError only) would let through as a 500.
            raise ParseError(TOO_DEEP_MESSAGE) from error
        if nesting_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(TOO_DEEP_MESSAGE)
        return data
