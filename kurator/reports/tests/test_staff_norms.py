"""Staff norms per specialist per year: the summary and the entry services' rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from kurator.accounts.models import Norms, User
from kurator.reports.errors import ReportError
from kurator.reports.models import StaffNormEntry
from kurator.reports.queries.records import staff_norms_summary
from kurator.reports.services.records import (
    correct_norm_entry,
    delete_norm_entry,
    record_norm_entry,
)

Kind = StaffNormEntry.Kind


def _enter(specialist: User, kind: str, on: date, amount: str, *, by: User | None = None) -> Any:
    return record_norm_entry(
        specialist=specialist,
        kind=kind,
        started_on=on,
        amount=Decimal(amount),
        note="",
        by=by or specialist,
    )


def _norms(user: User) -> Norms:
    return Norms.objects.get(organisation_id=user.organisation_id)


def test_summary_sums_hours_counts_supervisions_and_sums_leave_of_the_year(
    curator: User, colleague: User
) -> None:
    _enter(curator, Kind.TRAINING, date(2025, 3, 1), "6")
    _enter(curator, Kind.TRAINING, date(2025, 9, 1), "4.5")
    _enter(curator, Kind.SUPERVISION, date(2025, 2, 1), "3")  # counts 1
    _enter(curator, Kind.SUPERVISION, date(2025, 10, 1), "1")
    _enter(curator, Kind.LEAVE, date(2025, 7, 1), "14")
    _enter(curator, Kind.LEAVE, date(2025, 12, 29), "14")  # counts in 2025 whole
    _enter(curator, Kind.TRAINING, date(2024, 12, 31), "40")  # another year
    _enter(colleague, Kind.TRAINING, date(2025, 5, 5), "2")

    rows = staff_norms_summary(
        specialists=User.objects.filter(pk__in=[curator.pk, colleague.pk]),
        year=2025,
        norms=_norms(curator),
    )

    by_user = {row.specialist.pk: row for row in rows}
    mine = by_user[curator.pk]
    assert (mine.training_hours, mine.supervisions, mine.leave_days) == (
        Decimal("10.5"),
        2,
        Decimal(28),
    )
    assert mine.all_met
    other = by_user[colleague.pk]
    assert (other.training_hours, other.supervisions, other.leave_days) == (Decimal(2), 0, 0)
    assert not other.training_met and not other.supervisions_met and not other.leave_met
    assert (other.training_short, other.supervisions_short, other.leave_short) == (
        Decimal(8),
        2,
        Decimal(28),
    )


def test_summary_uses_the_organisations_own_norms(curator: User) -> None:
    norms = _norms(curator)
    norms.training_hours_min = 20
    norms.save()
    _enter(curator, Kind.TRAINING, date(2025, 3, 1), "12")
    (row,) = staff_norms_summary(
        specialists=User.objects.filter(pk=curator.pk), year=2025, norms=norms
    )
    assert row.training_hours_min == 20 and not row.training_met


def test_summary_costs_two_queries_whatever_the_number_of_specialists(
    curator: User, colleague: User, psychologist: User, django_assert_num_queries: Any
) -> None:
    for person in (curator, colleague, psychologist):
        _enter(person, Kind.TRAINING, date(2025, 3, 1), "3")
        _enter(person, Kind.LEAVE, date(2025, 6, 1), "10")
    norms = _norms(curator)
    with django_assert_num_queries(2):
        rows = staff_norms_summary(
            specialists=User.objects.filter(team=curator.team), year=2025, norms=norms
        )
    assert len(rows) >= 3


def test_a_specialist_enters_only_her_own(curator: User, colleague: User) -> None:
    with pytest.raises(ReportError) as error:
        _enter(colleague, Kind.TRAINING, date(2025, 3, 1), "3", by=curator)
    assert error.value.field == "specialist"


def test_the_team_head_enters_for_her_team_not_for_another(
    head: User, curator: User, other_team_curator: User
) -> None:
    entry = _enter(curator, Kind.SUPERVISION, date(2025, 3, 1), "1", by=head)
    assert entry.recorded_by == head and entry.specialist == curator
    with pytest.raises(ReportError):
        _enter(other_team_curator, Kind.SUPERVISION, date(2025, 3, 1), "1", by=head)


def test_the_director_does_not_enter_entries(director: User, curator: User) -> None:
    with pytest.raises(ReportError):
        _enter(curator, Kind.TRAINING, date(2025, 3, 1), "3", by=director)


def test_a_supervision_counts_one_whatever_is_typed(curator: User) -> None:
    entry = _enter(curator, Kind.SUPERVISION, date(2025, 3, 1), "7")
    assert entry.amount == Decimal(1)


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        (Kind.TRAINING, "500.5", "Обучение — не больше 500 часов в одной записи."),
        (Kind.LEAVE, "91", "Отпуск — не больше 90 дней в одной записи."),
        (Kind.TRAINING, "0.4", "Не меньше 0,5."),
        (Kind.LEAVE, "2.25", "Не больше одного знака после запятой."),
    ],
)
def test_amount_bounds(curator: User, kind: str, amount: str, message: str) -> None:
    with pytest.raises(ReportError) as error:
        _enter(curator, kind, date(2025, 3, 1), amount)
    assert (error.value.field, error.value.message) == ("amount", message)


def test_a_date_after_this_years_end_is_refused_but_planned_leave_this_year_is_not(
    curator: User,
) -> None:
    today = timezone.localdate()
    _enter(curator, Kind.LEAVE, date(today.year, 12, 31), "5")
    with pytest.raises(ReportError) as error:
        _enter(curator, Kind.LEAVE, date(today.year + 1, 1, 1), "5")
    assert error.value.field == "started_on"
    assert "31.12." in error.value.message


def test_correct_and_delete_a_mistaken_entry(curator: User, head: User, colleague: User) -> None:
    entry = _enter(curator, Kind.TRAINING, date(2025, 3, 1), "60")
    corrected = correct_norm_entry(
        entry=entry,
        kind=Kind.TRAINING,
        started_on=date(2025, 3, 2),
        amount=Decimal(6),
        note="Вебинар",
        by=head,
    )
    assert (corrected.amount, corrected.note) == (Decimal(6), "Вебинар")
    with pytest.raises(ReportError):
        delete_norm_entry(entry=entry, by=colleague)
    delete_norm_entry(entry=entry, by=curator)
    delete_norm_entry(entry=entry, by=curator)  # twice: nothing left to do
    assert not StaffNormEntry.objects.filter(pk=entry.pk).exists()
