"""The FastAPI application factory. Settings come in as an object; nothing is read from the
environment here, so tests build as many apps as they like."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from dualtrace import __version__
from dualtrace.api import match, reconcile, search, trace
from dualtrace.api.service import ApiService, ScreenSettings
from dualtrace.errors import DualtraceError, WorkspaceError
from dualtrace.screen import QueryError
from dualtrace.settings import Settings


def create_app(settings: Settings, screen: ScreenSettings | None = None) -> FastAPI:
    """The API over one workspace. Routers of other stages attach with `app.include_router`."""
    app = FastAPI(
        title="dualtrace",
        version=__version__,
        description="Screening against sanctions lists, with explanations, over a dualtrace "
        "workspace. /match follows yente's shape; /reconcile the W3C reconciliation API.",
    )
    app.state.service = ApiService(settings, screen or ScreenSettings())
    limit = app.state.service.screen_settings.max_body_bytes

    @app.middleware("http")
    async def body_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > limit:
            return JSONResponse(
                {"detail": f"request body of {size} bytes is over the limit of {limit}"}, 413
            )
        return await call_next(request)

    @app.exception_handler(QueryError)
    async def query_error(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, exc.status)

    @app.exception_handler(WorkspaceError)
    async def workspace_error(_request: Request, exc: WorkspaceError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 503)

    @app.exception_handler(DualtraceError)
    async def user_error(_request: Request, exc: DualtraceError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, 400)

    @app.get("/healthz", tags=["System"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(match.router)
    app.include_router(search.router)
    app.include_router(reconcile.router)
    app.include_router(trace.router)
    return app
