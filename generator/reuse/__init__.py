"""Shared phrasing: where reports copy each other (see ARCHITECTURE.md)."""
