from collections.abc import Iterable

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Answer in JSON whatever the Accept header or ?format= asks for."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        # The API has one renderer; DRF would otherwise answer 406 or 404.
        renderer = next(iter(renderers))
        return (renderer, renderer.media_type)
