"""The one settings object, built once at start-up by the CLI (or the API) and passed down.

Nothing reads the environment at import time: the CLI gathers options and environment
variables, then builds Settings; libraries and tests construct it directly.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_WORKSPACE = Path("workspace")
WORKSPACE_ENV = "DUALTRACE_WORKSPACE"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@dataclass(frozen=True, slots=True)
class Settings:
    workspace: Path = DEFAULT_WORKSPACE
    user: str = field(default_factory=_default_user)
    """Who is recorded as the author of analyst decisions."""
    sanction_hops: int = 2
    """How many hops from a sanctioned party still raise the 'linked to sanctioned' flag."""
