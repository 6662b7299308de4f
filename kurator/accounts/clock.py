"""The one clock of sign-in and session limits, so tests can move it (``monkeypatch``)."""

from __future__ import annotations

import time


def now() -> float:
    """Seconds since the epoch. Session timestamps are plain floats: JSON-serialisable."""
    return time.time()
