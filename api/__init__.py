"""The edges: the FastAPI app (``create_app``) and the ``qa`` command line."""

from api.app import create_app

__all__ = ["create_app"]
