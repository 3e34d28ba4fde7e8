"""What every source format provides: recognising its files, and parsing them into batches.

A format knows nothing of the workspace: it reads files and yields Batches of the model's
records, statements, relations and rejects. A file that cannot be read at all raises SourceError
naming the file and the line or element; a single bad row becomes a Reject and parsing goes on.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Statement

Mode = Literal["replace", "append"]
SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class SourceInput:
    """One unit of ingest: a file, or a folder of files that belong together."""

    path: Path
    files: tuple[Path, ...]

    def fingerprint(self) -> str:
        """A digest over the content of every member file, independent of their names."""
        return fingerprint_of(file_sha256(f) for f in self.files)


def fingerprint_of(digests: Iterable[str]) -> str:
    """An input's fingerprint from its files' SHA-256 digests, for a caller that has them."""
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


class SourceFormat(ABC):
    """A real format dualtrace reads. Subclasses are registered in sources.registry."""

    name: ClassVar[str]
    """Short name, used by `--format`."""
    description: ClassVar[str]
    mode: ClassVar[Mode] = "append"
    """'replace': a newer ingest of the same dataset supersedes the older (sanctions lists);
    'append': every file adds to what is there (shipments, posts)."""

    @classmethod
    @abstractmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        """Return the input to read if `path` (a file or folder) is in this format."""

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        """The input to read when the user forces this format with --format."""
        return SourceInput(path, (path,))

    @abstractmethod
    def dataset(self, source: SourceInput) -> str:
        """The dataset this input is a version of (e.g. 'us_ofac_sdn')."""

    @abstractmethod
    def parse(self, source: SourceInput) -> Iterator[Batch]:
        """Yield batches; raise SourceError when the input cannot be read at all."""


@dataclass(frozen=True, slots=True)
class EntityStatements:
    """Adds statements about one entity from one record to a batch, skipping empty values.

    Every parser uses this, so that 'empty means absent' and 'keep the original when cleaning
    changed it' hold the same way for all formats.
    """

    batch: Batch
    entity_id: str
    schema: str
    record_id: str

    def add(
        self, prop: str, value: str | None, *, original: str | None = None, lang: str | None = None
    ) -> None:
        if value is None:
            return
        value = value.strip()
        if not value:
            return
        kept = original if original is not None and original != value else None
        self.batch.statements.append(
            Statement(self.entity_id, self.schema, prop, value, self.record_id, kept, lang)
        )


def matching_files(path: Path, pattern: str, check: Callable[[Path], bool]) -> SourceInput | None:
    """`path` itself if it passes `check`, or the files of folder `path` matching `pattern` that
    pass it: how formats that come as one file or a folder of files recognise their input."""
    if path.is_dir():
        files = tuple(f for f in sorted(path.glob(pattern)) if f.is_file() and check(f))
        return SourceInput(path, files) if files else None
    return SourceInput(path, (path,)) if check(path) else None


def forced_files(path: Path, pattern: str, what: str) -> SourceInput:
    """The input when the user names the format: every file of the folder matching `pattern`
    (an error if none), or the file itself."""
    if path.is_dir():
        files = tuple(f for f in sorted(path.glob(pattern)) if f.is_file())
        if not files:
            raise SourceError(str(path), None, f"no {what} files in this folder")
        return SourceInput(path, files)
    return SourceInput(path, (path,))
