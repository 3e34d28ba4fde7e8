"""The EU Financial Sanctions Database export (FSD XML v1.1), for generated listings.

Element and attribute shapes follow the official export: `export` in the FSD namespace, one
`sanctionEntity` per listing with `regulation`, `subjectType`, `nameAlias`, `address` and
`identification` children; the synthetic marker goes in the entity's `remark`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"


@dataclass(frozen=True, slots=True)
class EuEntity:
    logical_id: int
    reference: str
    names: tuple[tuple[str, str], ...]
    """(whole name, language code or '')."""
    country_iso2: str
    country_desc: str
    city: str
    remark: str
    programme: str = "UKR"
    identifications: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    """(type code such as 'regnumber' or 'tax', number)."""


def _a(**attrs: str) -> str:
    return " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())


def write_eu_xml(path: Path, entities: list[EuEntity], generated: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<export xmlns="{NAMESPACE}" generationDate="{generated}" globalFileId="900001">',
    ]
    for e in entities:
        lid = e.logical_id * 10
        country = {"countryIso2Code": e.country_iso2, "countryDescription": e.country_desc}
        lines.append(
            "  <sanctionEntity "
            + _a(
                designationDetails="",
                unitedNationId="",
                euReferenceNumber=e.reference,
                logicalId=str(e.logical_id),
            )
            + ">"
        )
        lines.append(f"    <remark>{_text(e.remark)}</remark>")
        regulation = _a(
            regulationType="amendment",
            organisationType="council",
            publicationDate="2024-06-24",
            entryIntoForceDate="2024-06-24",
            numberTitle="2024/1745 (OJ L)",
            programme=e.programme,
            logicalId=str(lid),
        )
        lines.append(f"    <regulation {regulation}/>")
        lines.append('    <subjectType code="enterprise" classificationCode="E"/>')
        for n, (name, lang) in enumerate(e.names, 1):
            alias = _a(
                firstName="",
                middleName="",
                lastName="",
                wholeName=name,
                function="",
                title="",
                nameLanguage=lang,
                strong="true",
                regulationLanguage="en",
                logicalId=str(lid + n),
            )
            lines.append(f"    <nameAlias {alias}/>")
        for n, (kind, number) in enumerate(e.identifications, 5):
            ident = _a(
                diplomatic="false",
                knownExpired="false",
                knownFalse="false",
                reportedLost="false",
                revokedByIssuer="false",
                issuedBy="",
                latinNumber="",
                nameOnDocument="",
                number=number,
                region="",
                identificationTypeCode=kind,
                identificationTypeDescription=kind,
                **country,
                regulationLanguage="en",
                logicalId=str(lid + n),
            )
            lines.append(f"    <identification {ident}/>")
        address = _a(
            city=e.city,
            street="",
            poBox="",
            zipCode="",
            region="",
            place="",
            asAtListingTime="false",
            **country,
            regulationLanguage="en",
            logicalId=str(lid + 9),
        )
        lines.append(f"    <address {address}/>")
        lines.append("  </sanctionEntity>")
    lines.append("</export>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
