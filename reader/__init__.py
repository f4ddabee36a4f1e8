"""The side-by-side reader of the twins: python -m reader.build writes var/reader/."""
