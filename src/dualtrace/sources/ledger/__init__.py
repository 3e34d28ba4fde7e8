"""Ledgers of who paid and who travelled: invoices and flight manifests."""
