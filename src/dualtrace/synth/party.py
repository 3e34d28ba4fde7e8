"""One company or person of a generated world, with everything a source might say about it.

Sources see a party only through the way they write it (see variants.Name.written); the party
itself is the truth that resolution is scored against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dualtrace.synth.variants import Name

# What a party is to an end-use check.
MILITARY = "military"
MILITARY_LINKED = "military_linked"
CIVILIAN = "civilian"


@dataclass(frozen=True, slots=True)
class Party:
    key: str
    """Stable id in truth/ (e.g. 'pustelga', 'site-03')."""
    name: Name
    country: str
    """ISO 3166-1 alpha-2, lower case."""
    role: str
    """maker, production_site, brand, distributor, intermediary, importer, training_centre,
    end_user, procurement, person."""
    city: str = ""
    address: str = ""
    end_use: str = CIVILIAN
    sanctioned: bool = False
    report: str | None = None
    """'A' or 'B' when the party itself is a reported fact; None when wholly generated."""
    inn: str | None = None
    ogrn: str | None = None
    kpp: str | None = None
    uscc: str | None = None
    okved: str | None = None
    director: str | None = None
    reported_ids: bool = False
    """True when the identifiers are reported (never generated)."""
    shell_group: str | None = None
    """Parties sharing an address and a director belong to one group."""
    links: tuple[str, ...] = field(default_factory=tuple)
    """Keys of parties this one is linked to (a production site's brand, a parent)."""

    @property
    def label(self) -> str:
        """What of this party is reported and what is generated, in a few words."""
        if self.report is None:
            return "name, identifiers and address synthetic"
        ids = "identifiers as reported" if self.reported_ids else "identifiers synthetic"
        return f"name as reported (report {self.report}); {ids}; address synthetic"
