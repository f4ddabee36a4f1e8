"""Time importing and building one app in this (fresh) interpreter.

    python -m bench.import_time flask|django

Prints the seconds from before the first import of the app to a WSGI application
ready to serve: create_app() for Flask, django.setup() and get_wsgi_application()
for Django. The interpreter's own start-up is not counted.
"""

import argparse
import time


def build_flask() -> None:
    from flask_app import create_app

    create_app()


def build_django() -> None:
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    get_wsgi_application()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", choices=["flask", "django"])
    args = parser.parse_args()
    build = build_flask if args.app == "flask" else build_django
    start = time.perf_counter()
    build()
    print(f"{time.perf_counter() - start:.6f}")


if __name__ == "__main__":
    main()
