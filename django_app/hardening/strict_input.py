"""Request bodies held to more than DRF asks: no nesting bombs, no empty bodies.

DRF reads an empty body as {} and lets a serializer meet a JSON array or string; its
JSONParser turns Python's RecursionError on deep nesting into a 500. Here each of
those is a 400 (or 415 for an empty body without a JSON content type).
"""

from collections.abc import Mapping
from typing import IO
from typing import TYPE_CHECKING
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.serializers import BaseSerializer

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _GenericAPIView = GenericAPIView[Any]
else:
    # What JSONBodyMixin is mixed into, as the type checker alone sees it.
    _GenericAPIView = object

# How deeply arrays and objects may nest, the outermost one being level 1.
MAX_JSON_DEPTH = 100


def too_deep() -> ParseError:
    """Return the 400 for a body nested too deeply, in the request's language."""
    return ParseError(
        gettext("The body is nested more than %(depth)d levels deep.")
        % {"depth": MAX_JSON_DEPTH}
    )


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
    """DRF's JSON parser, refusing bodies nested deeper than MAX_JSON_DEPTH."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:  # any JSON value, not the dict the stubs say: check_body() refuses others
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            # Python's json gives up on deep nesting with a RecursionError, which
            # DRF (catching ValueError only) would let through as a 500.
            raise too_deep() from error
        if nesting_depth(data) > MAX_JSON_DEPTH:
            raise too_deep()
        return data


class JSONBodyMixin(_GenericAPIView):
    """Require a JSON object body wherever a view's serializer reads request data."""

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        if settings.HARDENING and "data" in kwargs:
            self.check_body(kwargs["data"])
        return super().get_serializer(*args, **kwargs)

    def check_body(self, data: object) -> None:
        """Refuse the bodies DRF accepts: empty ones (read as {}) and non-objects."""
        if self.request.stream is None:
            negotiator = self.get_content_negotiator()
            if negotiator.select_parser(self.request, self.get_parsers()) is None:
                raise UnsupportedMediaType(self.request.content_type)
            raise ParseError(gettext("The request body is empty."))
        if not isinstance(data, dict):
            raise ParseError(gettext("The request body must be a JSON object."))
