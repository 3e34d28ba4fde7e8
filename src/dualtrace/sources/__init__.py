"""Source formats: one parser per real format, mapping each file to the model with provenance."""

from dualtrace.sources.base import SourceFormat, SourceInput
from dualtrace.sources.registry import detect, format_names, get_format

__all__ = ["SourceFormat", "SourceInput", "detect", "format_names", "get_format"]
