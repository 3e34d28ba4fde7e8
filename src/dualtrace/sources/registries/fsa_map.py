"""Mapping one Rosaccreditation (FSA) registry entry to the model.

A certificate or declaration of conformity names the Russian applicant that asked for it, the
(often Chinese) manufacturer and its production sites, and the goods with their TN VED codes:
it is the document that ties an importer to a maker. Each becomes a `Document`; the applicant
and manufacturer LegalEntity/Company entities; each product identification a `Product`; with
`certified` applicant -> manufacturer and `manufactured` manufacturer -> product.

Two shapes exist: the detail record (`/api/v1/rds/common/declarations/{id}`, nested objects
with INN/OGRN, addresses with numeric OKSM country codes, `product.identifications[]`) and the
list item (`/api/v1/rds/common/declarations/get`, flat: applicantName, manufacterName [sic],
productIdentification..., country of origin as a Russian name, no TN VED codes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dualtrace.model import Batch, Relation
from dualtrace.normalize.countries import country_code
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import EntityStatements
from dualtrace.sources.registries.common import (
    add_country,
    add_identifier,
    digest,
    iso_date,
    join_parts,
    person_name,
    text,
)

DATASET = "ru_fsa"
PUBLISHER = "Федеральная служба по аккредитации (Росаккредитация)"
# Only the status whose code is certain is named; other codes are kept as given.
STATUSES = {6: "действует"}
# idLegalSubjectType: 1 legal entity (ЮЛ), 3 foreign legal entity; others (sole traders,
# natural persons) stay LegalEntity.
_COMPANY_SUBJECT_TYPES = {1, 3}
_COMPANY_SUBJECT_LABELS = ("юридическое лицо", "иностранное лицо")
# A "filial" named like this is not a branch but the production address of the manufacturer.
_ADDRESS_LABEL = re.compile(r"^\s*адрес", re.IGNORECASE)
_WRAPPED = re.compile(r"^\s*[«\"]([^«»\"]*)[»\"]\s*$")
_HS_CODE = re.compile(r"^\d{6}(?:\d{2}){0,2}$")


def status_label(value: object, label: object = None) -> str | None:
    given = text(label)
    if given:
        return given
    raw = text(value)
    if raw is None:
        return None
    return STATUSES.get(int(raw), f"idStatus {raw}") if raw.isdigit() else raw


def document_kind(number: str, is_certificate: bool) -> str:
    """What the number says the document is: EAEU or national, declaration or certificate."""
    kind = "сертификат соответствия" if is_certificate else "декларация о соответствии"
    if re.search(r"\bД-", number):
        kind = "декларация о соответствии"
    elif re.search(r"\bС-", number):
        kind = "сертификат соответствия"
    scope = "ЕАЭС" if number.upper().startswith(("ЕАЭС", "EAЭC", "ТС")) else "национальная"
    return f"{kind} ({scope})"


def hs_codes(identification: Mapping[str, Any]) -> list[str]:
    """TN VED codes of one product identification.

    The API's `idTnveds` are usually ids into its own nomenclature table (five-digit numbers
    such as 61573), which say nothing without that table; a value that is itself a 6-, 8- or
    10-digit code is taken as the code. Other fields some exports use are read as well.
    """
    found: list[str] = []
    for key in ("idTnveds", "tnveds", "tnvedCodes", "codeTnved", "tnved"):
        values = identification.get(key)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            code = re.sub(r"[\s.]", "", str(value)) if isinstance(value, str | int) else ""
            if _HS_CODE.match(code) and code not in found:
                found.append(code)
    return found


def party_id(name: str | None, inn: str | None, ogrn: str | None, country: str | None) -> str:
    inn_ok = clean_identifier("innCode", inn) if inn else None
    if inn_ok:
        return f"{DATASET}-inn-{inn_ok}"
    ogrn_ok = clean_identifier("ogrnCode", ogrn) if ogrn else None
    if ogrn_ok:
        return f"{DATASET}-ogrn-{ogrn_ok}"
    return f"{DATASET}-name-{digest(name, country)}"


def _schema(type_id: object, type_label: object = None) -> str:
    if isinstance(type_id, int):
        return "Company" if type_id in _COMPANY_SUBJECT_TYPES else "LegalEntity"
    label = (text(type_label) or "").lower()
    return "Company" if not label or label.startswith(_COMPANY_SUBJECT_LABELS) else "LegalEntity"


def _unquote(name: str | None) -> str | None:
    """A name without the guillemets the registry wraps around some of them."""
    return _WRAPPED.sub(r"\1", name).strip() or None if name else None


_OKVED = re.compile(r"(?:ОКВЭД|OKVED)", re.IGNORECASE)
_OKVED_CODE = re.compile(r"(?<![\d.])\d{2}(?:\.\d{1,2}){1,2}(?![\d.])")


def okved_codes(info: str | None) -> list[str]:
    """The OKVED activity codes the applicant's additional registration details give (the
    registry's free text, e.g. 'ОКВЭД 72.19'): the same codes EGRUL holds, and for an applicant
    absent from EGRUL extracts the only statement of what it does."""
    if not info:
        return []
    found = _OKVED.search(info)
    return _OKVED_CODE.findall(info, found.end()) if found else []


def _party(batch: Batch, record_id: str, party: Mapping[str, Any]) -> str | None:
    """Add the applicant or manufacturer of a detail record; returns its entity id."""
    name = _unquote(text(party.get("fullName")) or text(party.get("shortName")))
    if name is None:
        return None
    addresses = [a for a in party.get("addresses") or [] if isinstance(a, dict)]
    country = next(
        (country_code(str(a["idCodeOksm"])) for a in addresses if a.get("idCodeOksm")), None
    )
    entity_id = party_id(name, text(party.get("inn")), text(party.get("ogrn")), country)
    add = EntityStatements(batch, entity_id, _schema(party.get("idLegalSubjectType")), record_id)
    add.add("name", name)
    add.add("alias", text(party.get("shortName")))
    add_identifier(add, "innCode", party.get("inn"))
    add_identifier(add, "ogrnCode", party.get("ogrn"))
    if add.schema == "Company":
        add.add("kppCode", text(party.get("kpp")))
    add.add("incorporationDate", iso_date(party.get("regDate")))
    for code in okved_codes(text(party.get("addlRegInfo"))):
        add.add("okvedCode", code)
    for address in addresses:
        add.add("address", text(address.get("fullAddress")))
        add_country(add, "country", address.get("idCodeOksm"))
    for contact in party.get("contacts") or []:
        value = text(contact.get("value")) if isinstance(contact, dict) else None
        if value:
            add.add("email" if "@" in value else "phone", value)
    head = person_name(
        text(party.get("surname")), text(party.get("firstName")), text(party.get("patronymic"))
    )
    if head:
        person_id = f"{DATASET}-person-{digest(head, entity_id)}"
        person = EntityStatements(batch, person_id, "Person", record_id)
        person.add("name", head, lang="rus")
        person.add("lastName", text(party.get("surname")))
        person.add("firstName", text(party.get("firstName")))
        person.add("fatherName", text(party.get("patronymic")))
        role = text(party.get("headPosition"))
        batch.relations.append(
            Relation(
                f"{record_id}#directs:{person_id}",
                "directs",
                person_id,
                entity_id,
                record_id,
                props={"role": role} if role else {},
            )
        )
    return entity_id


def _document(
    batch: Batch,
    record_id: str,
    doc_key: str,
    number: str,
    *,
    is_certificate: bool,
    registered: str | None,
    kind: str | None = None,
) -> None:
    add = EntityStatements(batch, f"{DATASET}-doc-{doc_key}", "Document", record_id)
    add.add("name", number)
    add.add("title", kind or document_kind(number, is_certificate))
    add.add("date", registered)
    add.add("publisher", PUBLISHER)
    add.add("country", "ru")
    if doc_key.isdigit():
        section = "rss/certificate" if is_certificate else "rds/declaration"
        add.add("sourceUrl", f"https://pub.fsa.gov.ru/{section}/view/{doc_key}/common")


@dataclass(frozen=True, slots=True)
class Validity:
    """What a certificate's links carry: its number, status and period of validity."""

    number: str
    status: str | None
    start: str | None
    end: str | None


def _links(
    batch: Batch,
    record_id: str,
    applicant: str | None,
    manufacturer: str | None,
    products: list[tuple[str, str, dict[str, str]]],
    valid: Validity,
) -> None:
    """certified applicant -> manufacturer, manufactured manufacturer -> each product."""
    number, status, start, end = valid.number, valid.status, valid.start, valid.end
    first_hs = next((p[2]["hs_code"] for p in products if "hs_code" in p[2]), None)
    if applicant and manufacturer and applicant != manufacturer:
        props: dict[str, Any] = {"document": number}
        if products:
            props["product"] = products[0][1]
        if first_hs:
            props["hs_code"] = first_hs
        if status:
            props["status"] = status
        batch.relations.append(
            Relation(
                f"{record_id}#certified",
                "certified",
                applicant,
                manufacturer,
                record_id,
                start=start,
                end=end,
                props=props,
            )
        )
    if manufacturer:
        for product_id, _name, props in products:
            batch.relations.append(
                Relation(
                    f"{record_id}#manufactured:{manufacturer}>{product_id}",
                    "manufactured",
                    manufacturer,
                    product_id,
                    record_id,
                    start=start,
                    props=props,
                )
            )


def _product(
    batch: Batch,
    record_id: str,
    product_id: str,
    *,
    name: str,
    description: str | None,
    model: str | None,
    brand: str | None,
    codes: list[str],
    origin: object,
) -> tuple[str, str, dict[str, str]]:
    add = EntityStatements(batch, product_id, "Product", record_id)
    add.add("name", name)
    if description and description != name:
        add.add("description", description)
    add.add("model", model)
    add.add("brand", brand)
    for code in codes:
        add.add("hsCode", code)
    add_country(add, "country", origin)
    props = {k: v for k, v in (("model", model), ("trademark", brand)) if v}
    if codes:
        props["hs_code"] = codes[0]
    return product_id, name, props


def map_detail(batch: Batch, record_id: str, doc: Mapping[str, Any]) -> str | None:
    """Add one detail record; returns the reason it cannot be used, or None."""
    number = text(doc.get("number"))
    if number is None:
        return "no certificate or declaration number"
    is_certificate = "idCertificate" in doc and "idDeclaration" not in doc
    doc_key = text(doc.get("idDeclaration") or doc.get("idCertificate")) or digest(number)
    start = iso_date(doc.get("declRegDate") or doc.get("certRegDate"))
    end = iso_date(doc.get("declEndDate") or doc.get("certEndDate"))
    _document(batch, record_id, doc_key, number, is_certificate=is_certificate, registered=start)
    lab_notes = []
    for lab in doc.get("testingLabs") or []:
        for protocol in lab.get("protocols") or [] if isinstance(lab, dict) else []:
            lab_notes.append(
                join_parts(
                    [
                        f"протокол {protocol.get('number')} от {protocol.get('date')}",
                        lab.get("fullName"),
                        lab.get("regNumber"),
                    ]
                )
            )
    notes = EntityStatements(batch, f"{DATASET}-doc-{doc_key}", "Document", record_id)
    for note in lab_notes:
        notes.add("notes", note)
    applicant = _party(batch, record_id, doc.get("applicant") or {})
    manufacturer = _party(batch, record_id, doc.get("manufacturer") or {})
    sites: list[str] = []
    for filial in doc.get("manufacturerFilials") or []:
        if not isinstance(filial, dict):
            continue
        if manufacturer and _ADDRESS_LABEL.match(text(filial.get("fullName")) or ""):
            schema = _schema((doc.get("manufacturer") or {}).get("idLegalSubjectType"))
            production = EntityStatements(batch, manufacturer, schema, record_id)
            for address in filial.get("addresses") or []:
                production.add("address", text(address.get("fullAddress")))
            continue
        site_id = _party(batch, record_id, {**filial, "idLegalSubjectType": 3})
        if site_id and site_id != manufacturer and site_id not in sites:
            sites.append(site_id)
    product = doc.get("product") or {}
    identifications = [i for i in product.get("identifications") or [] if isinstance(i, dict)]
    products = []
    for index, ident in enumerate(identifications or [{}]):
        name = text(ident.get("name")) or text(product.get("fullName"))
        if name is None:
            continue
        products.append(
            _product(
                batch,
                record_id,
                f"{DATASET}-doc-{doc_key}-product-{index + 1}",
                name=name,
                description=text(product.get("fullName")),
                model=text(ident.get("model")),
                brand=text(ident.get("tradeMark")),
                codes=hs_codes(ident) or hs_codes(product),
                origin=product.get("idProductOrigin"),
            )
        )
    status = status_label(doc.get("idStatus"), doc.get("status"))
    valid = Validity(number, status, start, end)
    _links(batch, record_id, applicant, manufacturer, products, valid)
    for site in sites:
        _links(batch, record_id, None, site, products, valid)
    return None


def map_list_item(batch: Batch, record_id: str, item: Mapping[str, Any]) -> str | None:
    """Add one item of a list response; returns the reason it cannot be used, or None."""
    number = text(item.get("number"))
    if number is None:
        return "no certificate or declaration number"
    doc_key = text(item.get("id")) or digest(number)
    start = iso_date(item.get("declDate") or item.get("certDate"))
    end = iso_date(item.get("declEndDate") or item.get("certEndDate"))
    is_certificate = "certDate" in item and "declDate" not in item
    kind = text(item.get("declType") or item.get("certType"))
    _document(
        batch,
        record_id,
        doc_key,
        number,
        is_certificate=is_certificate,
        registered=start,
        kind=kind,
    )
    doc = EntityStatements(batch, f"{DATASET}-doc-{doc_key}", "Document", record_id)
    doc.add("keywords", text(item.get("technicalReglaments")))
    doc.add("keywords", text(item.get("group")) or text(item.get("productSingleList")))
    parties: list[str | None] = []
    for prefix in ("applicant", "manufacter"):
        name = _unquote(text(item.get(f"{prefix}Name")))
        if name is None:
            parties.append(None)
            continue
        entity_id = party_id(name, None, None, None)
        schema = _schema(None, item.get(f"{prefix}LegalSubjectType"))
        add = EntityStatements(batch, entity_id, schema, record_id)
        add.add("name", name)
        add.add("address", text(item.get(f"{prefix}Address")))
        add.add("legalForm", text(item.get(f"{prefix}Opf")))
        parties.append(entity_id)
    full_name = (text(item.get("productFullName")) or "").rstrip(" :") or None
    name = full_name or text(item.get("productIdentificationName"))
    products = []
    if name:
        trademark = text(item.get("productIdentificationTrademark"))
        products.append(
            _product(
                batch,
                record_id,
                f"{DATASET}-doc-{doc_key}-product-1",
                name=name,
                description=text(item.get("productIdentificationName")),
                model=text(item.get("productIdentificationModel")),
                brand=trademark,
                codes=[],
                origin=item.get("productOrig"),
            )
        )
    status = status_label(item.get("idStatus"), item.get("status"))
    _links(batch, record_id, parties[0], parties[1], products, Validity(number, status, start, end))
    return None
