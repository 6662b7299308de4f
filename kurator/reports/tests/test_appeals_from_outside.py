"""Complaints and suggestions from outside (59-FZ): registered — by the intake operator, from
a hotline call, by a curator for her family — with the answer due 30 days after they came in
on the production calendar, assigned to the quality officer as a task, answered with a letter
printed from its template, the complainant told the outcome by the contact she left."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_user
from kurator.intake.errors import IntakeError
from kurator.intake.hotline import services as hotline
from kurator.intake.hotline.models import HotlineCall
from kurator.reports.errors import ReportError
from kurator.reports.models import Appeal
from kurator.reports.services.records import answer_appeal, record_appeal
from kurator.tasks.models import Task, TaskKind


@pytest.fixture
def quality(org: Organisation) -> User:
    return make_user(
        RoleCode.QUALITY_OFFICER,
        organisation=org,
        username="quality",
        last_name="Орлова",
        first_name="Вера",
    )


def _complaint(by: User, received_on: date | None = None, **fields: Any) -> Appeal:
    data: dict[str, Any] = {
        "kind": Appeal.Kind.COMPLAINT,
        "received_on": received_on or timezone.localdate(),
        "channel": Appeal.Channel.LETTER,
        "author": "Петрова Анна Сергеевна",
        "contact": "+7 900 123-45-67",
        "text": "Куратор две недели не перезванивает.",
    }
    data.update(fields)
    return record_appeal(by=by, **data)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 30 days land on 1 January: the New Year days off and the weekend after them.
        (date(2025, 12, 2), date(2026, 1, 12)),
        # On a Sunday: the next Monday.
        (date(2026, 2, 20), date(2026, 3, 23)),
        # On a Sunday before the day off moved to Monday 11 May: Tuesday.
        (date(2026, 4, 10), date(2026, 5, 12)),
        # On 4 November, the Day of National Unity.
        (date(2026, 10, 5), date(2026, 11, 5)),
        # On a working day: that day.
        (date(2026, 9, 1), date(2026, 10, 1)),
    ],
)
def test_the_answer_is_due_30_days_on_the_production_calendar(
    intake_operator: User, quality: User, received: date, due: date
) -> None:
    appeal = _complaint(intake_operator, received_on=received)
    assert appeal.due_on == due


def test_the_quality_officer_gets_it_as_a_task_until_it_is_answered(
    intake_operator: User, quality: User
) -> None:
    appeal = _complaint(intake_operator)
    assert appeal.assignee == quality
    task = Task.objects.get(key=f"appeal:{appeal.pk}")
    assert (task.user, task.kind, task.due_on) == (quality, TaskKind.APPEAL, appeal.due_on)
    assert task.url == reverse("reports:appeal", args=[appeal.pk])
    assert "Петрова Анна Сергеевна" in task.title

    answer_appeal(
        appeal=appeal,
        answered_on=timezone.localdate(),
        answer="Куратор сменён, с вами свяжутся сегодня.",
        notified_on=timezone.localdate(),
        by=quality,
    )
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_appeals_go_to_the_quality_officer_with_fewer_waiting(
    org: Organisation, intake_operator: User, quality: User
) -> None:
    second = make_user(RoleCode.QUALITY_OFFICER, organisation=org, username="quality2")
    first = _complaint(intake_operator, text="Первая")
    again = _complaint(intake_operator, text="Вторая")
    assert {first.assignee, again.assignee} == {quality, second}


def test_without_a_quality_officer_the_team_head_considers_it(
    intake_operator: User, head: User
) -> None:
    assert _complaint(intake_operator).assignee == head


def test_the_intake_operator_registers_and_sees_only_hers_and_cannot_answer(
    client: Client, intake_operator: User, head: User, quality: User
) -> None:
    theirs = _complaint(head, text="Записал руководитель")
    client.force_login(intake_operator)
    response = client.post(
        reverse("reports:appeal_create"),
        {
            "kind": "suggestion",
            "received_on": timezone.localdate().strftime("%d.%m.%Y"),
            "channel": "in_person",
            "author": "Иванов И. И.",
            "contact": "ivanov@example.test",
            "text": "Сделайте приём по субботам.",
        },
    )
    mine = Appeal.objects.get(recorded_by=intake_operator)
    assert response["Location"] == reverse("reports:appeal", args=[mine.pk])
    assert mine.channel == Appeal.Channel.IN_PERSON
    assert mine.contact == "ivanov@example.test"
    listing = client.get(reverse("reports:appeals")).content.decode()
    assert f'data-testid="appeal-{mine.pk}"' in listing
    assert f'data-testid="appeal-{theirs.pk}"' not in listing
    detail = client.get(reverse("reports:appeal", args=[mine.pk])).content.decode()
    assert "Орлова Вера" in detail
    assert 'data-testid="answer-link"' not in detail
    assert client.get(reverse("reports:appeal_answer", args=[mine.pk])).status_code == 403
    assert client.get(reverse("reports:appeal", args=[theirs.pk])).status_code == 404


def test_a_curator_passes_on_her_familys_complaint(
    senior: User, curator: User, psychologist: User, quality: User
) -> None:
    family = make_family(by=senior, name="Смирновы")
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    appeal = _complaint(curator, case=case, channel=Appeal.Channel.CURATOR)
    assert appeal.team_id == case.team_id
    assert appeal.assignee == quality


def test_a_complaint_from_a_hotline_call(
    client: Client, intake_operator: User, quality: User, team: Team
) -> None:
    call = hotline.record_call(
        by=intake_operator,
        direction=HotlineCall.Direction.INCOMING,
        started_at=timezone.now() - timedelta(minutes=30),
        caller_name="Сидорова Галина",
        caller_phone="+7 910 000-11-22",
        topic=HotlineCall.Topic.OTHER,
        summary="Жалуется, что продуктовый набор привезли с опозданием на неделю.",
    )
    client.force_login(intake_operator)
    page = client.get(reverse("intake:hotline_call", args=[call.pk])).content.decode()
    assert 'data-testid="record-complaint"' in page
    response = client.post(reverse("intake:hotline_call_complaint", args=[call.pk]))

    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("reports:appeal", args=[appeal.pk])
    assert (appeal.channel, appeal.author, appeal.contact) == (
        Appeal.Channel.HOTLINE,
        "Сидорова Галина",
        "+7 910 000-11-22",
    )
    assert appeal.hotline_call == call
    assert appeal.team == team
    assert appeal.assignee == quality
    call.refresh_from_db()
    assert call.outcome == HotlineCall.Outcome.COMPLAINT
    with pytest.raises(IntakeError, match="уже записана"):
        hotline.record_complaint_from_call(call=call, by=intake_operator)
    assert Appeal.objects.count() == 1


def test_the_answer_letter_is_printed_from_its_template_once_answered(
    client: Client, intake_operator: User, quality: User, org: Organisation
) -> None:
    appeal = _complaint(intake_operator)
    client.force_login(quality)
    letter = reverse("reports:appeal_letter", args=[appeal.pk])
    assert client.get(letter).status_code == 404
    response = client.post(
        reverse("reports:appeal_answer", args=[appeal.pk]),
        {
            "answered_on": timezone.localdate().strftime("%d.%m.%Y"),
            "answer": "Проверили: куратор был на больничном. Назначен новый куратор.",
            "notified_on": timezone.localdate().strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 302
    html = client.get(letter).content.decode()
    assert 'data-testid="appeal-letter"' in html
    for text in (
        org.name,
        "Петрова Анна Сергеевна",
        "+7 900 123-45-67",
        "Назначен новый куратор.",
        f"№ О-{appeal.pk}",
        "Орлова Вера",
    ):
        assert text in html
    detail = client.get(reverse("reports:appeal", args=[appeal.pk])).content.decode()
    assert 'data-testid="notified"' in detail


def test_the_complainant_is_told_only_after_the_answer(
    intake_operator: User, quality: User
) -> None:
    appeal = _complaint(intake_operator, received_on=timezone.localdate() - timedelta(days=5))
    with pytest.raises(ReportError) as error:
        answer_appeal(
            appeal=appeal,
            answered_on=timezone.localdate(),
            answer="Ответ",
            notified_on=timezone.localdate() - timedelta(days=1),
            by=quality,
        )
    assert error.value.field == "notified_on"


def test_an_overdue_appeal_is_flagged_on_the_list(
    client: Client, intake_operator: User, quality: User
) -> None:
    late = _complaint(intake_operator, received_on=timezone.localdate() - timedelta(days=60))
    client.force_login(quality)
    html = client.get(reverse("reports:appeals")).content.decode()
    assert 'data-testid="appeals-overdue"' in html
    api = APIClient()
    api.force_authenticate(quality)
    row = api.get(reverse("api-appeal-detail", args=[late.pk])).json()
    assert row["overdue"] is True
    assert row["due_on"] == late.due_on.isoformat()
    assert row["assignee_name"]


def test_the_intake_operator_registers_through_the_api(
    intake_operator: User, quality: User
) -> None:
    api = APIClient()
    api.force_authenticate(intake_operator)
    response = api.post(
        reverse("api-appeal-list"),
        {
            "kind": "complaint",
            "received_on": timezone.localdate().isoformat(),
            "channel": "email",
            "author": "Аноним",
            "contact": "a@example.test",
            "text": "Долго ждали ответа.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["channel"] == "email"
    assert response.json()["assignee"] == quality.pk
    bad = api.post(
        reverse("api-appeal-list"),
        {"kind": "complaint", "received_on": "2026-01-01", "text": "x", "channel": "pigeon"},
        format="json",
    )
    assert bad.status_code == 400
    assert "channel" in bad.json()


def test_the_api_registers_a_callers_complaint(intake_operator: User, quality: User) -> None:
    call = hotline.record_call(
        by=intake_operator,
        direction=HotlineCall.Direction.INCOMING,
        started_at=timezone.now() - timedelta(minutes=10),
        summary="Жалоба на грубость специалиста.",
    )
    api = APIClient()
    api.force_authenticate(intake_operator)
    response = api.post(reverse("api-hotline-call-complaint", args=[call.pk]))
    assert response.status_code == 201
    appeal = Appeal.objects.get()
    assert response.json()["appeal"] == appeal.pk
    assert response.json()["call"]["outcome"] == "complaint"
    assert api.post(reverse("api-hotline-call-complaint", args=[call.pk])).status_code == 400
