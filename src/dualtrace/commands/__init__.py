"""Command-line sub-apps, one module per area, attached to the main app in cli.py.

They sit above every stage (they open workspaces, ingest, fetch), so they live here rather than
in the packages whose functions they call.
"""
