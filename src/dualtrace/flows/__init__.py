"""Trade flows: who gets controlled goods, by which route, before and after each control.

Shipment-level records and trade statistics side by side (`frame`), totals by HS code,
country and period (`totals`), direct against hub routes (`routes`), mirror statistics
(`mirror`), event studies around control dates (`events`, `control`), new intermediaries
linked to resolved entities (`intermediaries`), and charts (`charts`).
"""

from dualtrace.flows.control import ControlShift, Figure, control_shift, period_total, windows
from dualtrace.flows.events import (
    BUILTIN,
    ControlDate,
    EventStudy,
    add_control_date,
    control_dates,
    event_study,
)
from dualtrace.flows.frame import HUB_COUNTRIES, FlowFilter
from dualtrace.flows.intermediaries import Intermediary, new_intermediaries
from dualtrace.flows.mirror import Mirror, mirror
from dualtrace.flows.routes import RouteShare, hub_share, routes
from dualtrace.flows.totals import DIMENSIONS, Total, totals

__all__ = [
    "BUILTIN",
    "DIMENSIONS",
    "HUB_COUNTRIES",
    "ControlDate",
    "ControlShift",
    "EventStudy",
    "Figure",
    "FlowFilter",
    "Intermediary",
    "Mirror",
    "RouteShare",
    "Total",
    "add_control_date",
    "control_dates",
    "control_shift",
    "event_study",
    "hub_share",
    "mirror",
    "new_intermediaries",
    "period_total",
    "routes",
    "totals",
    "windows",
]
