"""What every page shares: the templates (autoescaped), and the route class that turns a
user error into the error page: one line saying what went wrong, with the HTTP status the API
gives for the same mistake."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import cache
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from dualtrace import __version__
from dualtrace.errors import DualtraceError, WorkspaceError
from dualtrace.screen import QueryError

PREFIX = "/ui"


@cache
def templates() -> Jinja2Templates:
    """Loaded on first use: nothing is read from files at import time."""
    env = Environment(
        loader=PackageLoader("dualtrace.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.globals["version"] = __version__
    env.globals["ui"] = PREFIX
    return Jinja2Templates(env=env)


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    return templates().TemplateResponse(request, name, context, status_code=status_code)


def _validation_line(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def error_status(exc: Exception) -> tuple[int, str] | None:
    """The status and one-line message of an error a page shows; None for a bug."""
    if isinstance(exc, RequestValidationError):
        return 422, _validation_line(exc)
    if isinstance(exc, HTTPException):
        return exc.status_code, str(exc.detail)
    if isinstance(exc, QueryError):
        return exc.status, str(exc)
    if isinstance(exc, WorkspaceError):
        return 503, str(exc)
    if isinstance(exc, DualtraceError):
        return 400, str(exc)
    return None


class PageRoute(APIRoute):
    """A route whose user errors render as the error page instead of the API's JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def render_errors(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                known = error_status(exc)
                if known is None:
                    raise
                status, message = known
                return page(request, "error.html.j2", status, status=status, message=message)

        return render_errors
