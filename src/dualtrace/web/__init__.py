"""The web app: server-rendered pages for investigators, mounted on the API's FastAPI app."""

from dualtrace.web.app import create_app

__all__ = ["create_app"]
