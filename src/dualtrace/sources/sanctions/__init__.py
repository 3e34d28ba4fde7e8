"""Parsers for sanctions and watchlist formats, each in the exact shape its authority publishes."""
