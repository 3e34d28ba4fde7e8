"""The top new intermediaries after a date: parties that began to send the goods only once the
control was in force, ranked by what they sent, each named by its resolved entity so that the
graph, the red flags and the dossier can follow it.

An intermediary is a sender whose goods were made in another country than the one it dispatched
them from (a Kazakh trader sending Chinese drones on to Russia). "New" means no shipment from
it in the baseline months; one that began in the two-month run-up counts as new (that is when
buyers re-route ahead of a control announced in advance), and its first date shows it.
Senders are counted by resolved entity, so three spellings of one trader are one intermediary
once `dualtrace resolve run` has merged them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dualtrace.flows.control import windows
from dualtrace.flows.frame import FlowFilter, check_converted, filter_where, prepare
from dualtrace.normalize.money import ExchangeRates
from dualtrace.store import Workspace


@dataclass(frozen=True, slots=True)
class Intermediary:
    entity_id: str
    """The resolved entity (a node of the evidence graph), or the source entity if unresolved."""
    caption: str
    country: str | None
    value_usd: float
    quantity: float
    shipments: int
    first_date: str
    recipients: tuple[str, ...]
    flags: tuple[str, ...]
    record_ids: tuple[str, ...]

    def as_row(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "country": self.country,
            "value_usd": round(self.value_usd, 2),
            "quantity": self.quantity,
            "shipments": self.shipments,
            "first_date": self.first_date,
            "recipients": list(self.recipients),
            "flags": list(self.flags),
        }


def new_intermediaries(
    ws: Workspace,
    control_date: str,
    flt: FlowFilter,
    *,
    months: int = 6,
    limit: int = 10,
    third_country_only: bool = True,
    rates: ExchangeRates | None = None,
) -> list[Intermediary]:
    """Senders active in the `months` from the date and absent from the baseline before it."""
    w = windows(control_date, months)
    source = prepare(ws.db, rates)
    where = filter_where(replace(flt, first=None, last=None, levels=("shipment",)))
    where.add("month BETWEEN ? AND ?", w.before[0], w.after[1])
    where.add("sender_id IS NOT NULL")
    if third_country_only:
        where.add("route IS NOT NULL")
    check_converted(ws.db, where, source)
    rows = ws.db.execute(
        f"""
        WITH s AS (
            SELECT coalesce(a.canonical_id, f.sender_id) AS entity_id,
                   coalesce(b.canonical_id, f.recipient_id) AS recipient,
                   f.sender_name, f.exporter, f.day, f.month, f.value_usd, f.quantity,
                   f.record_id
            FROM {source} f
            LEFT JOIN resolved a ON a.entity_id = f.sender_id
            LEFT JOIN resolved b ON b.entity_id = f.recipient_id
            WHERE {where.sql}
        ), g AS (
            SELECT entity_id,
                   count(*) FILTER (month <= ?) AS earlier,
                   coalesce(sum(value_usd) FILTER (month >= ?), 0) AS value_usd,
                   coalesce(sum(quantity) FILTER (month >= ?), 0) AS quantity,
                   count(*) FILTER (month >= ?) AS shipments,
                   min(day) AS first_day,
                   list(DISTINCT recipient ORDER BY recipient) FILTER (month >= ?) AS recipients,
                   list(record_id ORDER BY record_id) FILTER (month >= ?) AS record_ids,
                   mode(sender_name) AS written, mode(exporter) AS country
            FROM s GROUP BY entity_id
        )
        SELECT g.entity_id, coalesce(c.caption, g.written), g.country, g.value_usd,
               g.quantity, g.shipments, g.first_day, g.recipients, g.record_ids,
               (SELECT list(DISTINCT code ORDER BY code) FROM flags
                WHERE flags.canonical_id = g.entity_id)
        FROM g LEFT JOIN canonical_entities c ON c.canonical_id = g.entity_id
        WHERE g.earlier = 0 AND g.shipments > 0
        ORDER BY g.value_usd DESC, g.entity_id
        LIMIT ?
        """,
        [*where.params, w.before[1], *([w.after[0]] * 5), limit],
    ).fetchall()
    return [
        Intermediary(
            str(eid),
            str(caption or eid),
            country,
            float(value),
            float(qty),
            int(n),
            str(first),
            tuple(recipients or ()),
            tuple(flags or ()),
            tuple(ids or ()),
        )
        for eid, caption, country, value, qty, n, first, recipients, ids, flags in rows
    ]
