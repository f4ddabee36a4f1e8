from rest_framework.negotiation import DefaultContentNegotiation


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Answer in JSON whatever the Accept header or ?format= asks for."""

    def select_renderer(self, request, renderers, format_suffix=None):
        # The API has one renderer; DRF would otherwise answer 406 or 404.
        return (renderers[0], renderers[0].media_type)
