"""make bench: load both apps under gunicorn with wrk and report what it costs."""
