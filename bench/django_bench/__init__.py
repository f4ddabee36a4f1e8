"""The Django app with the benchmark's views mounted beside its own URLs.

Serve it with DJANGO_SETTINGS_MODULE=bench.django_bench.settings and config.wsgi;
the repository root and django_app/ must both be on the Python path. The URLconf
(urls.py) adds, after every URL of the app, the framework floor at /bench/floor/
(floor.py) and the tuned API reads at /bench/tuned/products/ and
/bench/tuned/products/<id>/ (tuned.py).
"""
