"""Conditional GET on every response: Django's ConditionalGetMiddleware, HEAD too.

Django's middleware tags every answer that may be stored and answers 304 Not
Modified when If-None-Match names the tag, but on GET only. The contract
(shared_spec/README.md, "Caching") asks for HEAD as well, which is safe here: a HEAD
runs the GET view, so the response still holds the body its tag is computed from.
Flask's twin: flask_app/caching.py.
"""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response
from django.utils.cache import set_response_etag


class ConditionalGetAndHeadMiddleware(ConditionalGetMiddleware):
    """Tag a successful GET or HEAD answer, and answer 304 if the client has it."""

    def process_response(self, request, response):
        if (
            request.method not in {"GET", "HEAD"}
            or response.status_code != 200
            or response.streaming
            # If-Match is for writes (the API's optimistic concurrency); on a read
            # it is ignored, as Werkzeug ignores it for Flask.
            or "If-Match" in request.headers
        ):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        if etag := response.get("ETag"):
            return get_conditional_response(request, etag=etag, response=response)
        return response
