"""The product catalogue: the product model and the demo data command."""
