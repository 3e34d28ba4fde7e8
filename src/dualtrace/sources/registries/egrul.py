"""The Russian tax service's EGRUL open-data XML (ЕГРЮЛ_ОТКР_СВЕД, format versions 4.0x).

Files are windows-1251 XML, `Файл/Документ/СвЮЛ`, one legal entity per document; a folder of
them is read as one input. Each СвЮЛ becomes one Record and a Company with its names, INN,
OGRN, KPP, legal form, address, status and OKVED activity codes, which risk rules read
(`okvedCode` holds every code, main first; `classification` the main code only; `sector` the
activity names). Founders become `owns` (with share_pct), directors and management companies
`directs` (role from СвДолжн). Documents stream through iterparse, so national-size extracts
fit in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import iterparse

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, Reject, Relation
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import (
    EntityStatements,
    SourceFormat,
    SourceInput,
    forced_files,
    matching_files,
    read_head,
)
from dualtrace.sources.registries.common import (
    add_country,
    add_identifier,
    digest,
    element_to_dict,
    iso_date,
    join_parts,
    person_name,
)

DATASET = "ru_egrul"
_BATCH_SIZE = 2000
_ENCODING = re.compile(rb"encoding=[\"']([A-Za-z0-9_-]+)[\"']")


def _looks_like_egrul(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".xml":
        return False
    head = read_head(path, 4096)
    match = _ENCODING.search(head[:200])
    encoding = match.group(1).decode() if match else "utf-8"
    try:
        text = head.decode(encoding, errors="ignore")
    except LookupError:
        return False
    return "<Файл" in text and ("ЕГРЮЛ" in text or "<СвЮЛ" in text)


class EgrulXml(SourceFormat):
    name = "egrul-xml"
    description = "Russian EGRUL open-data XML (windows-1251, format 4.0x), a file or a folder"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return matching_files(path, "*.xml", _looks_like_egrul)

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        return forced_files(path, "*.xml", ".xml")

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        batch = Batch()
        seen: dict[str, str] = {}
        for file in source.files:
            for locator, version, document in _documents(file):
                _document(batch, seen, locator, version, document)
                document.clear()
                if len(batch) >= _BATCH_SIZE:
                    yield batch
                    batch = Batch()
        yield batch


def _documents(path: Path) -> Iterator[tuple[str, str | None, Element]]:
    version: str | None = None
    index = 0
    try:
        for event, element in iterparse(str(path), events=("start", "end")):
            if event == "start" and element.tag == "Файл":
                version = element.get("ВерсФорм")
            elif event == "end" and element.tag == "Документ":
                index += 1
                yield f"{path.name} Документ[{index}]", version, element
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise SourceError(str(path), f"line {line}", f"broken XML: {exc}") from None
    if version is None:
        raise SourceError(str(path), None, "no <Файл> root: not an EGRUL open-data file")


def _document(
    batch: Batch, seen: dict[str, str], locator: str, version: str | None, doc: Element
) -> None:
    ul = doc.find("СвЮЛ")
    raw: dict[str, Any] = {"ИдДок": doc.get("ИдДок"), "ВерсФорм": version}
    if ul is None:
        raw.update(element_to_dict(doc))
        batch.rejects.append(Reject(locator, "no СвЮЛ in this document", _dump(raw), "СвЮЛ"))
        return
    raw["СвЮЛ"] = element_to_dict(ul)
    ogrn = clean_identifier("ogrnCode", ul.get("ОГРН") or "")
    if ogrn is None:
        reason = f"ОГРН {ul.get('ОГРН')!r} is missing or fails its check digit"
        batch.rejects.append(Reject(locator, reason, _dump(raw), "ОГРН"))
        return
    record_id = f"{DATASET}:{doc.get('ИдДок') or locator}"
    if record_id in seen:
        reason = f"the same document id as {seen[record_id]}"
        batch.rejects.append(Reject(locator, reason, _dump(raw), "ИдДок"))
        return
    seen[record_id] = locator
    batch.records.append(Record(record_id, DATASET, locator, raw))
    company_id = f"{DATASET}-{ogrn}"
    _company(EntityStatements(batch, company_id, "Company", record_id), ul)
    for founder in ul.findall("СвУчредит/*"):
        _founder(batch, record_id, company_id, founder)
    for index, director in enumerate(ul.findall("СведДолжнФЛ"), 1):
        _director(batch, record_id, company_id, director, index)
    for manager in ul.findall("СвУпрОрг"):
        org_id = _legal(batch, record_id, manager)
        if org_id:
            _relation(
                batch,
                "directs",
                org_id,
                company_id,
                record_id,
                manager,
                {"role": "управляющая организация"},
            )


def _company(add: EntityStatements, ul: Element) -> None:
    names = ul.find("СвНаимЮЛ")
    if names is not None:
        add.add("name", names.get("НаимЮЛПолн"), lang="rus")
        for short in names.findall("СвНаимЮЛСокр"):
            add.add("alias", short.get("НаимСокр"), lang="rus")
        for foreign in names.findall("СвНаимЮЛПолнИн") + names.findall("СвНаимЮЛСокрИн"):
            add.add("alias", foreign.get("НаимПолн") or foreign.get("НаимСокр"))
    add_identifier(add, "ogrnCode", ul.get("ОГРН"))
    add_identifier(add, "innCode", ul.get("ИНН"))
    add.add("kppCode", ul.get("КПП"))
    add.add("legalForm", ul.get("ПолнНаимОПФ"))
    add.add("okopfCode", ul.get("КодОПФ"))
    created = ul.find("СвОбрЮЛ")
    registered = created.get("ДатаРег") if created is not None else None
    add.add("incorporationDate", iso_date(registered or ul.get("ДатаОГРН")))
    add.add("country", "ru")
    add.add("address", _address(ul.find("СвАдресЮЛ")))
    status = ul.find("СвСтатус/СвСтатус")
    if status is not None:
        add.add("status", status.get("НаимСтатусЮЛ"))
    ended = ul.find("СвПрекрЮЛ")
    if ended is not None:
        add.add("dissolutionDate", iso_date(ended.get("ДатаПрекрЮЛ")))
        way = ended.find("СпПрекрЮЛ")
        add.add("status", way.get("НаимСпПрекрЮЛ") if way is not None else None)
    capital = ul.find("СвУстКап")
    if capital is not None:
        add.add("capital", capital.get("СумКап"))
    main = ul.find("СвОКВЭД/СвОКВЭДОсн")
    others = ul.findall("СвОКВЭД/СвОКВЭДДоп")
    if main is not None:
        add.add("classification", main.get("КодОКВЭД"))
    for activity in ([main] if main is not None else []) + others:
        add.add("okvedCode", activity.get("КодОКВЭД"))
        add.add("sector", activity.get("НаимОКВЭД"), lang="rus")


def _address(node: Element | None) -> str | None:
    if node is None:
        return None
    fias = node.find("СвАдрЮЛФИАС")
    if fias is not None:
        parts = [fias.get("Индекс"), fias.findtext("НаимРегион")]
        for child in fias:
            if child.tag in {"НаимРегион", "Регион", "ГРНДата", "ГРНДатаИспр"}:
                continue
            parts.append(
                join_parts(
                    [child.get("Тип") or child.get("Вид"), child.get("Наим") or child.get("Номер")],
                    " ",
                )
            )
        return join_parts(parts)
    rf = node.find("АдресРФ")
    if rf is None:
        return None
    parts = [rf.get("Индекс")]
    for tag, kind, name in (
        ("Регион", "ТипРегион", "НаимРегион"),
        ("Район", "ТипРайон", "НаимРайон"),
        ("Город", "ТипГород", "НаимГород"),
        ("НаселПункт", "ТипНаселПункт", "НаимНаселПункт"),
        ("Улица", "ТипУлица", "НаимУлица"),
    ):
        part = rf.find(tag)
        if part is not None:
            parts.append(join_parts([part.get(kind), part.get(name)], " "))
    parts += [rf.get("Дом"), rf.get("Корпус"), rf.get("Кварт")]
    return join_parts(parts)


def _person(batch: Batch, record_id: str, company_id: str, node: Element) -> str | None:
    fl = node.find("СвФЛ")
    if fl is None:
        return None
    name = person_name(fl.get("Фамилия"), fl.get("Имя"), fl.get("Отчество"))
    if name is None:
        return None
    inn = clean_identifier("innCode", fl.get("ИННФЛ") or "")
    person_id = f"{DATASET}-person-{inn or digest(name, company_id)}"
    add = EntityStatements(batch, person_id, "Person", record_id)
    add.add("name", name, lang="rus")
    add.add("lastName", fl.get("Фамилия"))
    add.add("firstName", fl.get("Имя"))
    add.add("fatherName", fl.get("Отчество"))
    add_identifier(add, "innCode", fl.get("ИННФЛ"))
    citizenship = node.find("СвГраждФЛ")
    if citizenship is not None:
        # КодГражд 1: a Russian citizen; 2: foreign, with its OKSM code; 3: stateless.
        code = citizenship.get("КодГражд")
        add_country(add, "citizenship", "643" if code == "1" else citizenship.get("ОКСМ"))
    return person_id


def _legal(batch: Batch, record_id: str, node: Element) -> str | None:
    """A Russian or foreign legal entity named inside a founder or manager element."""
    names = node.find("НаимИННЮЛ")
    if names is None:
        return None
    name = names.get("НаимЮЛПолн")
    ogrn = clean_identifier("ogrnCode", names.get("ОГРН") or "")
    foreign = node.find("СвРегИн")
    country = foreign.get("ОКСМ") if foreign is not None else "643"
    entity_id = f"{DATASET}-{ogrn}" if ogrn else f"{DATASET}-org-{digest(name, country)}"
    add = EntityStatements(batch, entity_id, "Company", record_id)
    add.add("name", name)
    add_identifier(add, "ogrnCode", names.get("ОГРН"))
    add_identifier(add, "innCode", names.get("ИНН"))
    add_country(add, "country", country)
    if foreign is not None:
        add.add("registrationNumber", foreign.get("РегНомер"))
        add.add("address", foreign.get("АдрСтр"))
    return entity_id


def _public(batch: Batch, record_id: str, node: Element) -> str | None:
    """A state founder (the Federation, a region, a municipality) or any other named one."""
    name = next(
        (v for e in node.iter() for k, v in e.attrib.items() if k.startswith("Наим") and v), None
    )
    if name is None:
        return None
    entity_id = f"{DATASET}-org-{digest(name)}"
    add = EntityStatements(batch, entity_id, "Organization", record_id)
    add.add("name", name, lang="rus")
    return entity_id


def _share_pct(founder: Element) -> float | None:
    share = founder.find("ДоляУстКап/РазмерДоли")
    if share is None:
        return None
    try:
        percent = share.findtext("Процент")
        if percent:
            return round(float(percent.replace(",", ".")), 4)
        decimal = share.findtext("ДесятичДробь")
        if decimal:
            return round(float(decimal.replace(",", ".")) * 100, 4)
        simple = share.find("ПростДробь")
        if simple is not None:
            return round(
                float(simple.get("Числит", "")) / float(simple.get("Знаменат", "")) * 100, 4
            )
    except (ValueError, ZeroDivisionError):
        return None
    return None


def _founder(batch: Batch, record_id: str, company_id: str, founder: Element) -> None:
    owner_id = (
        _person(batch, record_id, company_id, founder)
        or _legal(batch, record_id, founder)
        or _public(batch, record_id, founder)
    )
    if owner_id is None:
        return
    share = _share_pct(founder)
    _relation(
        batch,
        "owns",
        owner_id,
        company_id,
        record_id,
        founder,
        {"share_pct": share} if share is not None else {},
    )


def _director(batch: Batch, record_id: str, company_id: str, node: Element, index: int) -> None:
    person_id = _person(batch, record_id, company_id, node)
    if person_id is None:
        return
    post = node.find("СвДолжн")
    role = None
    if post is not None:
        role = post.get("НаимДолжн") or post.get("НаимВидДолжн")
    _relation(
        batch, "directs", person_id, company_id, record_id, node, {"role": role} if role else {}
    )


def _relation(
    batch: Batch,
    kind: str,
    source_id: str,
    target_id: str,
    record_id: str,
    node: Element,
    props: dict[str, Any],
) -> None:
    first = node.find("ГРНДатаПерв")
    start = iso_date(first.get("ДатаЗаписи")) if first is not None else None
    batch.relations.append(
        Relation(
            f"{record_id}#{kind}:{source_id}",
            kind,
            source_id,
            target_id,
            record_id,
            start=start,
            props=props,
        )
    )


def _dump(raw: dict[str, Any]) -> str:
    return json.dumps(raw, ensure_ascii=False)[:20000]
