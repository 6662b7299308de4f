"""The organisation's norms and the scores they turn into (the defaults of docs/domain.md,
Norms and Complexity scoring, when none are saved): the distance points and complexity bands
of the complexity scoring.

Plain computation the services (complexity scoring and the caseload warning in
``services/opening.py``, the post-support warning and the duration norm in
``services/lifecycle.py``) and the reports share; nothing here changes anything.
"""

from __future__ import annotations

from decimal import Decimal

from kurator.accounts.models import Norms
from kurator.cases.models import Case


def norms_for(organisation_id: int) -> Norms:
    """The organisation's norms; the defaults of docs/domain.md (Norms) if it has none saved."""
    norms = Norms.objects.filter(organisation_id=organisation_id).first()
    return norms if norms is not None else Norms(organisation_id=organisation_id)


def distance_points(distance_km: Decimal, norms: Norms) -> int:
    """≤ band 1 → 1 point, ≤ band 2 → 2, farther → 3 (defaults 80 and 110 km)."""
    if distance_km <= norms.distance_band_1_km:
        return 1
    if distance_km <= norms.distance_band_2_km:
        return 2
    return 3


def complexity_level(score: int, norms: Norms) -> str:
    """Sum 5–7 low, 8–12 medium, 13–15 high (bands from the organisation's norms)."""
    if score <= norms.complexity_low_max:
        return Case.Complexity.LOW
    if score <= norms.complexity_medium_max:
        return Case.Complexity.MEDIUM
    return Case.Complexity.HIGH
