"""The dossier page: the dossiers written under the workspace's reports/ (the one `make demo`
writes among them), served with their charts, and a button that writes it anew from the
current workspace, as `dualtrace report` does, showing the findings."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from dualtrace.api.match import service_of
from dualtrace.pipeline import Investigation, analyse, investigate
from dualtrace.web.render import PREFIX, PageRoute, page

router = APIRouter(prefix=PREFIX, route_class=PageRoute, include_in_schema=False)
DEFAULT_TITLE = "dualtrace dossier"
MAX_FORM_BYTES = 10_000


def _reports_dir(request: Request) -> Path:
    with service_of(request).workspace() as ws:
        return ws.reports_dir


@router.get("/dossier")
def dossiers(request: Request) -> Response:
    """The dossiers in reports/, newest first."""
    folder = _reports_dir(request)
    files = (
        sorted(folder.glob("*.html"), key=lambda p: -p.stat().st_mtime) if folder.is_dir() else []
    )
    return page(request, "dossier.html.j2", files=[p.name for p in files], findings=None)


def _write(request: Request, title: str) -> Investigation:
    with service_of(request).workspace() as ws:
        return investigate(ws, analyse(ws), title=title)


@router.post("/dossier")
async def build(request: Request) -> Response:
    """Analyse the workspace and write reports/dossier.html (resolve, graph, flags, findings:
    the pipeline `dualtrace report` runs), then show its findings."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, f"form of {len(body)} bytes is over the limit of {MAX_FORM_BYTES}")
    title = parse_qs(body.decode("utf-8", "replace")).get("title", [""])[0].strip()
    result = await run_in_threadpool(_write, request, title or DEFAULT_TITLE)
    return page(
        request,
        "dossier.html.j2",
        files=[result.dossier.name],
        findings=result.findings,
        written=result.dossier.name,
    )


@router.get("/reports/{name:path}")
def report_file(request: Request, name: str) -> Response:
    """A file of reports/ (a dossier, a chart it shows); nothing outside that folder."""
    folder = _reports_dir(request).resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise HTTPException(404, f"no report {name!r} in the workspace")
    return FileResponse(path)
