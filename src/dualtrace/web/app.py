"""The web app factory: the API app with the pages under /ui, their stylesheet, and `/`
sending a browser to the overview.

Pages call the same functions as the CLI and the API (the API's services, the pipeline and the
stage readers); this package renders, it does not compute.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dualtrace.api import create_app as create_api_app
from dualtrace.api.service import ScreenSettings
from dualtrace.settings import Settings
from dualtrace.web import dossier, pages, trace
from dualtrace.web.render import PREFIX, page


def create_app(settings: Settings, screen: ScreenSettings | None = None) -> FastAPI:
    """The API over one workspace with the web pages attached under /ui."""
    app = create_api_app(settings, screen)
    for module in (pages, trace, dossier):
        app.include_router(module.router)
    app.mount(
        f"{PREFIX}/static", StaticFiles(packages=[("dualtrace.web", "static")]), name="static"
    )

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/")

    @app.exception_handler(StarletteHTTPException)
    async def no_such_page(request: Request, exc: StarletteHTTPException) -> Response:
        """A mistyped page address gets the error page; the API keeps its JSON."""
        if request.url.path.startswith(f"{PREFIX}/") and exc.status_code == 404:
            message = f"no page {request.url.path}"
            return page(request, "error.html.j2", 404, status=404, message=message)
        return await http_exception_handler(request, exc)

    return app
