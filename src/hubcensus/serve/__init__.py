"""`hubcensus serve`: a local web app to browse a store, read-only (see docs/serve.md)."""

from hubcensus.serve.server import serve

__all__ = ["serve"]
