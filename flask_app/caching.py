"""HTTP caching: the server-side cache, ETags and conditional GET on every response.

Django has ConditionalGetMiddleware for the second part (config/caching.py extends
it to HEAD); Flask leaves it to the app, so init_caching registers the same thing as
an after_request hook: a tag for every answer that may be stored, and 304 Not
Modified when the request's If-None-Match names it (shared_spec/README.md).
"""

from flask import Flask
from flask import request
from werkzeug.wrappers import Response

from flask_app.extensions import cache


def make_conditional(response: Response) -> Response:
    """Tag a successful GET or HEAD answer, and answer 304 if the client has it."""
    if (
        request.method not in {"GET", "HEAD"}
        or response.status_code != 200
        # Static files are tagged and made conditional by send_file already.
        or response.direct_passthrough
        or response.cache_control.no_store
        # If-Match is for writes (the API's optimistic concurrency); on a read it
        # is ignored, and no 304 either, as Django's twin does.
        or "If-Match" in request.headers
    ):
        return response
    if response.get_etag() == (None, None):
        response.add_etag()
    return response.make_conditional(request)


def init_caching(app: Flask) -> None:
    """Bind the cache to app and answer conditional requests.

    Call before the other after_request hooks are registered: Flask runs them last
    registered first, so this one sees every header they set.
    """
    cache.init_app(app)
    app.after_request(make_conditional)
