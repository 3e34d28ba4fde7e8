"""Posts and pages as evidence: Telegram Desktop exports and saved web pages, with mentions of
brands, products and military end users found by rules kept in data files."""

from dualtrace.sources.posts.html_page import SavedPage
from dualtrace.sources.posts.rules import RulesError, RuleSet, load_rules
from dualtrace.sources.posts.telegram import TelegramExport

__all__ = ["RuleSet", "RulesError", "SavedPage", "TelegramExport", "load_rules"]
