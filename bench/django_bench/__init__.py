"""The Django app with its framework floor mounted at /bench/floor/.

Serve it with DJANGO_SETTINGS_MODULE=bench.floor_django.settings and config.wsgi;
the repository root and django_app/ must both be on the Python path.
"""
