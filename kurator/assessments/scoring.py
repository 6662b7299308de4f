"""Scores from answers: the instrument's rule, pure (no queries), exact decimals.

``sum``: a domain's score is the sum of its answers' scores, the total the sum of all
answers. ``mean``: a domain's score is the mean of its answers, the total the mean of the
domain scores. Results are rounded half up to two decimals; the same rule gives the highest
possible score from each question's best option.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUM = "sum"
MEAN = "mean"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class BandRange:
    domain_id: int | None  # None: the total's band
    min_score: Decimal
    max_score: Decimal
    label: str


@dataclass(frozen=True)
class Scored:
    domain_id: int
    score: Decimal
    max_score: Decimal
    band: str


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def combine(values: Sequence[Decimal], aggregation: str) -> Decimal:
    if not values:
        return Decimal(0)
    total = sum(values, Decimal(0))
    if aggregation == MEAN:
        return _round(total / len(values))
    return _round(total)


def band_for(score: Decimal, bands: Iterable[BandRange], domain_id: int | None) -> str:
    for band in bands:
        if band.domain_id == domain_id and band.min_score <= score <= band.max_score:
            return band.label
    return ""


def score(
    *,
    aggregation: str,
    answers: Mapping[int, Sequence[Decimal]],
    best: Mapping[int, Sequence[Decimal]],
    bands: Sequence[BandRange] = (),
) -> tuple[list[Scored], Decimal, Decimal, str]:
    """Per domain (id → its answers' scores, in order) and the total.

    ``best`` holds each domain's highest possible score per question. Returns the domain
    scores, the total, the highest possible total and the total's band."""
    domains = []
    for domain_id, values in answers.items():
        value = combine(values, aggregation)
        domains.append(
            Scored(
                domain_id=domain_id,
                score=value,
                max_score=combine(best[domain_id], aggregation),
                band=band_for(value, bands, domain_id),
            )
        )
    if aggregation == MEAN:
        total = combine([d.score for d in domains], MEAN)
        max_total = combine([d.max_score for d in domains], MEAN)
    else:
        total = combine([v for values in answers.values() for v in values], SUM)
        max_total = combine([v for values in best.values() for v in values], SUM)
    return domains, total, max_total, band_for(total, bands, None)
