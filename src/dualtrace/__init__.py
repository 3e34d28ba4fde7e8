"""dualtrace: trace dual-use goods to military and sanctioned end users, with evidence."""

__version__ = "0.1.0"
