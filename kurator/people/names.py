"""Name normalisation for search and duplicate detection: case, ё/е and spaces do not matter."""

from __future__ import annotations


def normalize_name(value: str) -> str:
    """«  Ёлкина-Петрова » → «елкина-петрова»."""
    return " ".join(value.replace("ё", "е").replace("Ё", "Е").lower().split())
