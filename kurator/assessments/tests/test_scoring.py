"""The scoring rule with exact numbers, and the two default instruments as shipped."""

from __future__ import annotations

from decimal import Decimal

from kurator.assessments import scoring
from kurator.assessments.models import Instrument
from kurator.assessments.services import instrument_questions

D = Decimal


def test_sum_adds_answers_per_domain_and_in_total() -> None:
    domains, total, max_total, band = scoring.score(
        aggregation="sum",
        answers={1: [D(1), D(2), D(4)], 2: [D(3), D(3)]},
        best={1: [D(4)] * 3, 2: [D(4)] * 2},
        bands=[
            scoring.BandRange(None, D(0), D("12.99"), "низкий"),
            scoring.BandRange(None, D(13), D(20), "высокий"),
            scoring.BandRange(1, D(7), D(7), "ровно семь"),
        ],
    )
    assert [(d.domain_id, d.score, d.max_score, d.band) for d in domains] == [
        (1, D("7.00"), D("12.00"), "ровно семь"),
        (2, D("6.00"), D("8.00"), ""),
    ]
    assert (total, max_total, band) == (D("13.00"), D("20.00"), "высокий")


def test_mean_averages_answers_per_domain_and_domains_in_total() -> None:
    domains, total, max_total, _band = scoring.score(
        aggregation="mean",
        answers={1: [D(1), D(2)], 2: [D(5), D(4), D(4)]},
        best={1: [D(5), D(5)], 2: [D(5)] * 3},
    )
    # (1+2)/2 = 1.5; (5+4+4)/3 = 4.333… → 4.33; total (1.5 + 4.33)/2 = 2.915 → 2.92 (half up)
    assert [d.score for d in domains] == [D("1.50"), D("4.33")]
    assert total == D("2.92")
    assert max_total == D("5.00")


def test_a_score_between_bands_has_no_band() -> None:
    bands = [
        scoring.BandRange(None, D(1), D("1.99"), "a"),
        scoring.BandRange(None, D(3), D(4), "b"),
    ]
    assert scoring.band_for(D("2.5"), bands, None) == ""
    assert scoring.band_for(D("1.99"), bands, None) == "a"


def test_the_family_assessment_ships_with_six_domains_and_sixteen_questions(db: None) -> None:
    family = Instrument.objects.get(code="family-wellbeing")
    assert family.subject == "family" and family.aggregation == "sum"
    titles = list(family.domains.values_list("title", flat=True))
    assert titles[0] == "Безопасность ребёнка"
    assert "Самостоятельность семьи" in titles and len(titles) == 6
    questions = instrument_questions(family)
    assert len(questions) == 16
    assert questions[0].text == "Риск отобрания ребёнка органами опеки и попечительства"
    assert [o.score for o in questions[0].scale.options.all()] == [D(1), D(2), D(3), D(4)]
    assert family.bands.count() == 4


def test_the_child_index_is_a_mean_on_a_five_point_scale(db: None) -> None:
    child = Instrument.objects.get(code="child-wellbeing-index")
    assert child.subject == "child" and child.aggregation == "mean"
    questions = instrument_questions(child)
    assert len(questions) == 13
    assert {o.score for o in questions[0].scale.options.all()} == {D(n) for n in range(1, 6)}
