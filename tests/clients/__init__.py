"""make test-clients: what a client's tools make of the document each app serves."""
