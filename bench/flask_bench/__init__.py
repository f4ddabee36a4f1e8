"""The Flask app with the benchmark's views mounted beside its own URLs.

`gunicorn bench.flask_bench:app` serves create_app()'s app with the framework floor
at /bench/floor/ (floor.py) and the tuned API reads at /bench/tuned/products/ and
/bench/tuned/products/<id>/ (tuned.py); every other URL is the app's own, resolved as
before.
`app` is built on first use (a module __getattr__), so that the tests can import the
views and mount them on an app of their own without the environment's settings.
"""

from flask import Flask

from bench.flask_bench import tuned
from bench.flask_bench.floor import floor
from flask_app import create_app

# The environment's app with the views mounted, built by __getattr__ on first use.
app: Flask


def mount(app: Flask) -> Flask:
    """Add the benchmark's views to app and return it."""
    app.add_url_rule("/bench/floor/", view_func=floor, methods=["GET"])
    app.add_url_rule(
        "/bench/tuned/products/",
        "bench_tuned_product_list",
        tuned.product_list,
        methods=["GET"],
    )
    app.add_url_rule(
        "/bench/tuned/products/<int:product_id>/",
        "bench_tuned_product_detail",
        tuned.product_detail,
        methods=["GET"],
    )
    return app


def __getattr__(name: str) -> Flask:
    """Build `app`, the environment's app with the views mounted, on first use."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    global app
    app = mount(create_app())
    return app
