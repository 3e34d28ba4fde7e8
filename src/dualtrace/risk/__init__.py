"""Red flags with evidence, and a risk score that adds them up line by line."""

from dualtrace.risk.context import Flag
from dualtrace.risk.rules import RiskRules, load_rules
from dualtrace.risk.score import RiskResult, end_users_of_concern, flag_workspace, stored_flags

__all__ = [
    "Flag",
    "RiskResult",
    "RiskRules",
    "end_users_of_concern",
    "flag_workspace",
    "load_rules",
    "stored_flags",
]
