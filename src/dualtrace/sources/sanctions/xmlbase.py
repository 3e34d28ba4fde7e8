"""What the XML list formats share: recognising the root element, and one record per listing.

A list format only says which elements are listings, what identifies one, and how its values
map to the model; this base turns each listing into a record (its exact XML as the raw value,
its line as the locator), rejects a listing without an identifier, and batches the rest.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from dualtrace.model import Batch, Record, Reject
from dualtrace.sources.base import SourceFormat, SourceInput
from dualtrace.sources.sanctions.common import AUTHORITIES, Authority, authority_statements
from dualtrace.sources.sanctions.xmlstream import ElementPath, Listing, XmlReader, root_of

BATCH_SIZE = 2000


class XmlListFormat(SourceFormat):
    """A sanctions list published as one XML file; see the module docstring."""

    mode = "replace"
    root: ClassVar[str]
    """Local name of the root element."""
    marker: ClassVar[str | None] = None
    """Text the root element's attributes must contain (usually its namespace)."""
    authority_key: ClassVar[str]
    key_field: ClassVar[str]
    """The element or attribute that identifies a listing, named in rejects."""

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        if not path.is_file():
            return None
        found = root_of(path)
        if found is None or found[0] != cls.root:
            return None
        if cls.marker is not None and cls.marker not in found[1]:
            return None
        return SourceInput(path, (path,))

    @property
    def authority(self) -> Authority:
        return AUTHORITIES[self.authority_key]

    @abstractmethod
    def select(self, path: ElementPath) -> bool:
        """True for the path of a listing element."""

    @abstractmethod
    def key(self, elem: Element) -> str | None:
        """The list's own identifier of a listing, or None when it has none."""

    @abstractmethod
    def read(self, batch: Batch, record_id: str, entity_id: str, elem: Element) -> None:
        """Add the statements and relations of one listing."""

    def listings(self, source: SourceInput) -> Iterable[Listing]:
        return XmlReader(source.files[0], self.select)

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        file = source.files[0]
        dataset = self.dataset(source)
        batch = Batch()
        seen: Counter[str] = Counter()
        first = True
        for listing in self.listings(source):
            elem = listing.element
            locator = f"{file.name} line {listing.line} <{elem.tag}>"
            key = self.key(elem)
            if key is None:
                batch.rejects.append(
                    Reject(
                        locator, f"listing has no {self.key_field}", listing.text, self.key_field
                    )
                )
                continue
            seen[key] += 1
            record_id = f"{dataset}:{key}" + (f"#{seen[key]}" if seen[key] > 1 else "")
            if first:
                batch.statements.extend(authority_statements(self.authority, record_id))
                first = False
            batch.records.append(Record(record_id, dataset, locator, {"xml": listing.text}))
            self.read(batch, record_id, f"{dataset}-{key}", elem)
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = Batch()
        yield batch
