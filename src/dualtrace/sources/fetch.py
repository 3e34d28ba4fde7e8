"""Downloading a list from its official address, with the time and checksum of the retrieval.

The addresses are data (sanctions/lists.yaml), which a user may override or extend with a YAML
file of the same layout, or replace for one run with a URL. Each retrieval lands in its own
folder with a `retrieval.json` beside the files (address, time, sha256 and size of each file),
so the chain of custody of a list starts at the moment it was fetched. A download that cannot
reach its host fails with one line; nothing half-downloaded is left behind.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml

from dualtrace import __version__
from dualtrace.errors import DualtraceError

RETRIEVAL_FILE = "retrieval.json"
TIMEOUT = httpx.Timeout(30.0, read=300.0)


class FetchError(DualtraceError):
    """A list that could not be downloaded (unknown name, unreachable host, HTTP error)."""


@dataclass(frozen=True, slots=True)
class ListSource:
    name: str
    description: str
    files: dict[str, str]
    """File name -> address; one entry for a one-file list."""
    format: str | None = None


@dataclass(frozen=True, slots=True)
class FetchedFile:
    name: str
    url: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class FetchResult:
    name: str
    path: Path
    """The downloaded file, or the folder of a several-file list: what to ingest."""
    retrieved_at: str
    format: str | None
    files: list[FetchedFile] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "retrieved_at": self.retrieved_at,
            "format": self.format,
            "files": [vars_of_file(f) for f in self.files],
        }


def vars_of_file(f: FetchedFile) -> dict[str, Any]:
    return {"name": f.name, "url": f.url, "sha256": f.sha256, "size_bytes": f.size_bytes}


def _parse_sources(data: Any, origin: str) -> dict[str, ListSource]:
    if not isinstance(data, dict):
        raise FetchError(f"{origin}: expected a mapping of list names to addresses")
    out: dict[str, ListSource] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            raise FetchError(f"{origin}: entry {name!r} is not a mapping")
        files = spec.get("files")
        if files is None and spec.get("url"):
            url = str(spec["url"])
            filename = spec.get("filename") or Path(urlsplit(url).path).name or f"{name}.data"
            files = {str(filename): url}
        if not isinstance(files, dict) or not files:
            raise FetchError(f"{origin}: entry {name!r} has neither `url` nor `files`")
        out[str(name)] = ListSource(
            str(name),
            str(spec.get("description", "")),
            {str(k): str(v) for k, v in files.items()},
            spec.get("format"),
        )
    return out


def list_sources(overrides: list[Path] | None = None) -> dict[str, ListSource]:
    """The shipped addresses, updated by each override file in turn (later ones win)."""
    shipped = resources.files("dualtrace.sources.sanctions").joinpath("lists.yaml")
    sources = _parse_sources(yaml.safe_load(shipped.read_text(encoding="utf-8")), "lists.yaml")
    for path in overrides or []:
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise FetchError(f"{path}: cannot read list addresses: {exc}") from None
        sources.update(_parse_sources(data or {}, str(path)))
    return sources


def fetch_list(
    name: str,
    dest_root: Path,
    *,
    url: str | None = None,
    overrides: list[Path] | None = None,
    client: httpx.Client | None = None,
) -> FetchResult:
    """Download list `name` into a new folder under `dest_root`; see the module docstring."""
    sources = list_sources(overrides)
    if name not in sources:
        known = ", ".join(sorted(sources))
        raise FetchError(f"unknown list {name!r}; known lists: {known}")
    source = sources[name]
    files = dict(source.files)
    if url is not None:
        if len(files) != 1:
            raise FetchError(f"{name} is published as {len(files)} files; --url replaces one")
        files = {next(iter(files)): url}
    now = datetime.now(UTC)
    retrieved_at = now.isoformat(timespec="seconds")
    folder = dest_root / name / now.strftime("%Y%m%dT%H%M%S%fZ")
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=False)
    owned = client is None
    http = client or httpx.Client(
        timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": f"dualtrace/{__version__}"}
    )
    fetched: list[FetchedFile] = []
    try:
        for filename, address in files.items():
            fetched.append(_download(http, name, address, partial / filename))
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        if owned:
            http.close()
    record = {
        "name": name,
        "retrieved_at": retrieved_at,
        "files": [vars_of_file(f) for f in fetched],
    }
    (partial / RETRIEVAL_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    partial.rename(folder)
    path = folder / fetched[0].name if len(fetched) == 1 else folder
    return FetchResult(name, path, retrieved_at, source.format, fetched)


def _download(http: httpx.Client, name: str, url: str, target: Path) -> FetchedFile:
    digest = hashlib.sha256()
    size = 0
    host = urlsplit(url).netloc or url
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(
                    f"{name}: {url} answered HTTP {response.status_code} {response.reason_phrase}"
                )
            with target.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
    except httpx.TimeoutException:
        raise FetchError(f"{name}: {host} did not answer in time (offline?)") from None
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise FetchError(f"{name}: cannot reach {host} ({reason}); are you offline?") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{name}: bad address {url!r}: {exc}") from None
    return FetchedFile(target.name, url, digest.hexdigest(), size)
