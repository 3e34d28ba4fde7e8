"""The HTTP API: routers over the same functions the CLI calls. Start it with `dualtrace serve`."""

from dualtrace.api.app import create_app

__all__ = ["create_app"]
