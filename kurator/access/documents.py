"""Scopes of the documents app's records (built by its issue)."""

from __future__ import annotations

__all__: list[str] = []
