"""Pieces every sanctions parser shares: the authorities, and the `sanctioned` relation.

Every listing becomes one `sanctioned` relation per programme, from the listed entity to the
authority that listed it, dated from listing to delisting; its id is the record's plus the
programme, so two programmes of one listing never collide.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualtrace.model import Relation, Statement


@dataclass(frozen=True, slots=True)
class Authority:
    entity_id: str
    name: str
    country: str


AUTHORITIES = {
    "us_ofac": Authority(
        "authority-us-ofac", "Office of Foreign Assets Control (US Treasury)", "us"
    ),
    "eu": Authority("authority-eu", "European Union (Council)", "eu"),
    "gb_hmt": Authority("authority-gb-hmt", "HM Treasury / FCDO (United Kingdom)", "gb"),
    "un_sc": Authority("authority-un-sc", "United Nations Security Council", "zz"),
    "ch_seco": Authority(
        "authority-ch-seco", "State Secretariat for Economic Affairs (Switzerland)", "ch"
    ),
    "ua_nsdc": Authority("authority-ua", "Ukraine (War & Sanctions portal)", "ua"),
}


def other_authority(name: str, country: str = "zz") -> Authority:
    """An authority named only by a list's text (OpenSanctions, FtM Sanction entities)."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return Authority(f"authority-{slug[:60] or 'unknown'}", name, country)


def authority_statements(authority: Authority, record_id: str) -> list[Statement]:
    return [
        Statement(authority.entity_id, "PublicBody", "name", authority.name, record_id),
        Statement(authority.entity_id, "PublicBody", "country", authority.country, record_id),
    ]


def sanctioned(
    entity_id: str,
    authority: Authority,
    record_id: str,
    *,
    program: str | None = None,
    list_id: str | None = None,
    start: str | None = None,
    end: str | None = None,
    reason: str | None = None,
) -> Relation:
    props = {
        key: value
        for key, value in {
            "program": program,
            "authority": authority.name,
            "list_id": list_id,
            "reason": reason,
        }.items()
        if value
    }
    suffix = f":{program}" if program else ""
    return Relation(
        relation_id=f"{record_id}#sanctioned{suffix}",
        type="sanctioned",
        source_id=entity_id,
        target_id=authority.entity_id,
        record_id=record_id,
        start=start,
        end=end,
        props=props,
    )
