"""Destruction of personal data: anonymisation after the retention term and after a
withdrawal's clock, the destruction acts, and ``manage.py kurator_retention``."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services import lifecycle
from kurator.cases.services.lifecycle import CLOSURE_CRITERIA, add_months
from kurator.cases.tests.factories import make_signal, open_case_for
from kurator.core.testing import make_family, make_person
from kurator.intake.models import Signal
from kurator.people import services
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.models import Anonymisation, DestructionAct, DestructionClock
from kurator.privacy.services import retention
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.privacy.services.retention import ANONYMISED


def close(case: Case, by: User, *, years_ago: float) -> None:
    lifecycle.close_case(
        case=case, by=by, reason="goals_met", criteria=dict.fromkeys(CLOSURE_CRITERIA, True)
    )
    # Nothing in the UI closes a case in the past: move the closing date back for the test.
    when = timezone.now() - timedelta(days=round(365.25 * years_ago))
    Case.objects.filter(pk=case.pk).update(closed_at=when)


@pytest.fixture
def old_family(senior: User, curator: User, psychologist: User) -> Family:
    """A family whose only case closed six years ago."""
    family = make_family(by=senior, name="Старовы")
    make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        last_name="Старова",
        first_name="Вера",
        birth_date=date(1980, 6, 15),
    )
    make_person(by=senior, family=family, last_name="Старов", first_name="Иван")
    Person.objects.filter(memberships__family=family).update(
        phones="+7 900 000-00-00", address="ул. Лесная, 3", notes="Заметка"
    )
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    close(case, curator, years_ago=6)
    return family


def members(family: Family) -> list[Person]:
    return list(Person.objects.filter(memberships__family=family).order_by("pk"))


def run(*args: str) -> str:
    out = StringIO()
    call_command("kurator_retention", *args, stdout=out)
    return out.getvalue()


# --- who is due ----------------------------------------------------------------------------


def test_persons_are_due_n_years_after_their_familys_last_case_closed(
    old_family: Family, senior: User, curator: User, psychologist: User
) -> None:
    recent = make_family(by=senior, name="Недавние")
    make_person(by=senior, family=recent, last_name="Недавняя")
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=recent)
    close(case, curator, years_ago=2)
    due = list(retention.retention_candidates(years=5))
    assert [p.pk for p in due] == [p.pk for p in members(old_family)]
    assert retention.retention_candidates(years=7).count() == 0


def test_an_open_case_or_an_open_signal_keeps_the_family(
    old_family: Family, senior: User, curator: User, psychologist: User
) -> None:
    signal = make_signal(by=senior, family=old_family)
    assert retention.retention_candidates(years=5).count() == 0
    Signal.objects.filter(pk=signal.pk).update(status=Signal.Status.REFUSED)
    assert retention.retention_candidates(years=5).count() == 2
    open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=old_family)
    assert retention.retention_candidates(years=5).count() == 0


def test_a_person_in_a_second_active_family_is_kept(
    old_family: Family, senior: User, curator: User
) -> None:
    mother = members(old_family)[0]
    services.add_member(
        family=make_family(by=senior, name="Новые"), person=mother, role="parent", by=senior
    )
    due = list(retention.retention_candidates(years=5))
    assert mother not in due  # the new family has no closed case yet
    assert len(due) == 1


# --- the command ---------------------------------------------------------------------------


def test_without_flags_the_command_only_lists(old_family: Family) -> None:
    out = run()
    assert "Истёк срок хранения: 2 чел." in out
    assert "Старова Вера" in out
    assert "Пробный запуск: ничего не изменено" in out
    assert not DestructionAct.objects.exists()
    assert members(old_family)[0].last_name == "Старова"


def test_apply_anonymises_and_writes_an_act(old_family: Family) -> None:
    ids = [p.pk for p in members(old_family)]
    out = run("--apply", "--years", "5")
    assert "обезличено 2 чел." in out
    mother, son = members(old_family)
    assert (mother.last_name, mother.first_name, mother.middle_name) == (ANONYMISED, ANONYMISED, "")
    assert mother.birth_date == date(1980, 1, 1)
    assert (mother.phones, mother.address, mother.notes) == ("", "", "")
    assert mother.search_last == "обезличено"
    assert son.birth_date == date(2015, 1, 1)
    old_family.refresh_from_db()
    assert old_family.name == ANONYMISED
    assert old_family.address == ""
    act = DestructionAct.objects.get()
    assert act.reason == DestructionAct.Reason.RETENTION_EXPIRED
    assert act.person_ids == ids
    assert act.persons_count == 2
    assert act.performed_by is None
    assert act.performer_name == "система"
    assert act.team == old_family.team
    assert act.keep_until == add_months(act.act_date, 36)
    assert act.audit_extract == []  # no read log yet
    assert act.number == f"{act.act_date.year}-1"
    assert Anonymisation.objects.filter(act=act).count() == 2
    # Once is enough: the second run finds nobody.
    assert "Истёк срок хранения: 0 чел." in run("--apply")


def test_apply_wipes_the_names_in_the_familys_signals_and_their_history(
    old_family: Family,
) -> None:
    signal = Signal.objects.get(family=old_family)
    Signal.objects.filter(pk=signal.pk).update(
        reporter_name="Соседка Петрова", subject_last_name="Старова", address="ул. Лесная, 3"
    )
    signal.subject_first_name = "Вера"
    signal.save()  # a history row with the name
    run("--apply")
    signal.refresh_from_db()
    assert (signal.reporter_name, signal.subject_last_name, signal.address) == ("", "", "")
    names = Signal.history.filter(id=signal.pk).values_list("subject_first_name", flat=True)
    assert set(names) == {""}


def test_the_years_default_comes_from_the_setting(old_family: Family, settings: Any) -> None:
    settings.KURATOR_RETENTION_YEARS = 7
    assert "Истёк срок хранения: 0 чел." in run()
    settings.KURATOR_RETENTION_YEARS = 5
    assert "Истёк срок хранения: 2 чел." in run()


def test_a_bad_years_value_is_refused(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("--years", "0")


# --- destruction clocks --------------------------------------------------------------------


@pytest.fixture
def withdrawn(senior: User, curator: User) -> Person:
    """A mother who withdrew her consent 31 days ago; her son stays."""
    family = make_family(by=senior, name="Отзывовы")
    mother = make_person(
        by=senior, family=family, role="parent", last_name="Отзывова", birth_date=date(1985, 3, 3)
    )
    make_person(by=senior, family=family, last_name="Отзывов", first_name="Лев")
    today = timezone.localdate()
    consent = record_consent(
        person=mother,
        by=curator,
        purpose="case_work",
        scope="Всё",
        given_on=today - timedelta(days=60),
    )
    withdraw_consent(consent=consent, by=curator, withdrawn_on=today - timedelta(days=31))
    return mother


def test_the_command_completes_run_out_clocks(withdrawn: Person) -> None:
    out = run()
    assert "Истёк срок уничтожения после отзыва согласия: 1 чел." in out
    assert "Отзывова" in out
    run("--apply")
    withdrawn.refresh_from_db()
    assert withdrawn.last_name == ANONYMISED
    clock = DestructionClock.objects.get(person=withdrawn)
    assert clock.destroyed_at is not None
    assert clock.act is not None
    assert clock.act.reason == DestructionAct.Reason.CONSENT_WITHDRAWN
    family = withdrawn.memberships.get().family
    assert family.name == "Отзывовы"  # the son is still helped: the family keeps its name
    with pytest.raises(PeopleError) as error:
        services.update_person(person=withdrawn, by=clock.created_by, last_name="А", first_name="Б")
    assert "уничтожены" in error.value.message


def test_a_clock_still_running_is_left_alone(withdrawn: Person) -> None:
    DestructionClock.objects.filter(person=withdrawn).update(
        destroy_by=timezone.localdate() + timedelta(days=1)
    )
    assert retention.complete_due_destructions() == []
    withdrawn.refresh_from_db()
    assert withdrawn.last_name == "Отзывова"


def test_a_team_head_destroys_early_with_an_act(withdrawn: Person, head: User) -> None:
    DestructionClock.objects.filter(person=withdrawn).update(
        destroy_by=timezone.localdate() + timedelta(days=10)
    )
    clock = DestructionClock.objects.get(person=withdrawn)
    act = retention.destroy_now(clock=clock, by=head)
    assert act.performed_by == head
    assert act.person_ids == [withdrawn.pk]
    withdrawn.refresh_from_db()
    assert withdrawn.first_name == ANONYMISED
    with pytest.raises(PeopleError) as error:
        retention.destroy_now(clock=clock, by=head)
    assert "уже уничтожены" in error.value.message


def test_blocked_data_wait_for_their_date(withdrawn: Person, head: User) -> None:
    DestructionClock.objects.filter(person=withdrawn).update(
        blocked=True, destroy_by=timezone.localdate() + timedelta(days=100)
    )
    clock = DestructionClock.objects.get(person=withdrawn)
    with pytest.raises(PeopleError) as error:
        retention.destroy_now(clock=clock, by=head)
    assert "заблокированы" in error.value.message


def test_only_heads_and_directors_destroy(withdrawn: Person, curator: User) -> None:
    clock = DestructionClock.objects.get(person=withdrawn)
    with pytest.raises(PeopleError):
        retention.destroy_now(clock=clock, by=curator)
    withdrawn.refresh_from_db()
    assert withdrawn.last_name == "Отзывова"


def test_act_numbers_run_per_organisation_and_year(withdrawn: Person, old_family: Family) -> None:
    acts = retention.apply_retention(years=5)
    acts += retention.complete_due_destructions()
    year = timezone.localdate().year
    assert sorted(a.number for a in acts) == [f"{year}-1", f"{year}-2"]


def test_the_audit_extract_takes_the_read_log_rows_of_those_persons(
    withdrawn: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the audit app has a read log, its rows about the persons go into the act."""
    captured: dict[str, Any] = {}

    def fake_extract(*, person_ids: list[int], family_ids: set[int]) -> list[dict[str, Any]]:
        captured["persons"], captured["families"] = list(person_ids), set(family_ids)
        return [{"user": "curator", "person": person_ids[0], "at": "2026-01-01T10:00:00"}]

    monkeypatch.setattr(retention, "audit_extract", fake_extract)
    (act,) = retention.complete_due_destructions()
    assert captured["persons"] == [withdrawn.pk]
    assert captured["families"] == {withdrawn.memberships.get().family_id}
    assert act.audit_extract == [
        {"user": "curator", "person": withdrawn.pk, "at": "2026-01-01T10:00:00"}
    ]


def test_audit_extract_of_persons_nobody_read_is_empty(db: None) -> None:
    assert retention.audit_extract(person_ids=[1], family_ids=[1]) == []


def test_the_act_carries_the_read_log_rows_of_the_person_and_her_family(
    withdrawn: Person, curator: User
) -> None:
    from kurator.audit.models import ReadLogEntry

    family_id = withdrawn.memberships.get().family_id
    common = {"user": curator, "path": "/x/", "method": "GET", "scope": "team"}
    ReadLogEntry.objects.create(kind="person", object_id=withdrawn.pk, **common)
    ReadLogEntry.objects.create(kind="family", object_id=family_id, family_id=family_id, **common)
    ReadLogEntry.objects.create(kind="person", object_id=withdrawn.pk + 1000, **common)
    (act,) = retention.complete_due_destructions()
    assert [(row["kind"], row["object_id"]) for row in act.audit_extract] == [
        ("person", withdrawn.pk),
        ("family", family_id),
    ]
    assert act.audit_extract[0]["user_id"] == curator.pk
