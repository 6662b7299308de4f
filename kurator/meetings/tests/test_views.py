"""The meetings pages: forms with Russian errors, signing, the printable minutes, who gets
what (404 out of scope, 403 without the right), query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kurator.accounts.models import User
from kurator.audit.models import ReadLogEntry
from kurator.cases.models import Case
from kurator.meetings.models import Meeting, RegisterEntry
from kurator.meetings.services import meetings as services
from kurator.meetings.tests.helpers import consilium, register, signed_consilium, today
from kurator.people.models import Person

pytestmark = pytest.mark.django_db


def _schedule_data(**extra: Any) -> dict[str, Any]:
    return {"kind": "consilium", "held_on": today().isoformat(), "agenda": "План"} | extra


def test_curator_schedules_a_meeting_with_all_kinds_of_participants(
    client: Client, curator: User, psychologist: User, case: Case, mother: Person
) -> None:
    client.force_login(curator)
    url = reverse("meetings:schedule", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _schedule_data(
            staff=[curator.pk, psychologist.pk],
            family_members=[mother.pk],
            outside="Соколова Ирина; Школа №5; классный руководитель\n\nДоктор Айболит",
        ),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting_detail", args=[meeting.pk])
    page = client.get(response["Location"]).content.decode()
    for name in ("Соколова Ирина, Школа №5 — классный руководитель", "Доктор Айболит"):
        assert name in page
    assert "Иванова Светлана Петровна — член семьи" in page


def test_a_person_of_another_family_is_not_offered_nor_accepted(
    client: Client, curator: User, case: Case, stranger: Person
) -> None:
    client.force_login(curator)
    url = reverse("meetings:schedule", args=[case.pk])
    assert "Петрова" not in client.get(url).content.decode()
    response = client.post(url, _schedule_data(family_members=[stranger.pk]))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_without_participants_shows_the_services_message(
    client: Client, curator: User, case: Case
) -> None:
    client.force_login(curator)
    response = client.post(reverse("meetings:schedule", args=[case.pk]), _schedule_data())
    assert "Укажите хотя бы одного участника встречи." in response.content.decode()


def test_decision_lines_with_a_bad_date_get_a_message(
    client: Client, curator: User, case: Case
) -> None:
    meeting = consilium(case, curator)
    client.force_login(curator)
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"minutes": "Итог", "decisions": "Ремонт печи; куратор; 31.02.2026"},
    )
    assert "Строка 1: срок «31.02.2026» — не дата в виде дд.мм.гггг." in response.content.decode()
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"minutes": "Итог", "decisions": f"Ремонт печи; куратор; {today():%d.%m.%Y}"},
    )
    assert response.status_code == 302
    assert meeting.decisions.get().responsible == "куратор"


def test_signing_makes_the_minutes_read_only_and_a_second_click_is_an_error(
    client: Client, curator: User, case: Case
) -> None:
    meeting = consilium(case, curator)
    services.record_minutes(meeting=meeting, minutes="Итог", decisions=[], by=curator)
    client.force_login(curator)
    url = reverse("meetings:finalize", args=[meeting.pk])
    assert "Подписать протокол?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    second = client.post(url)
    assert second.status_code == 400
    assert "Протокол уже подписан." in second.content.decode()
    minutes = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert minutes.status_code == 302  # back to the meeting: nothing to edit
    client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "Иначе"})
    meeting.refresh_from_db()
    assert meeting.minutes == "Итог"


def test_amending_opens_the_new_draft_and_keeps_the_signed_one(
    client: Client, curator: User, case: Case
) -> None:
    original = signed_consilium(case, curator)
    client.force_login(curator)
    response = client.post(
        reverse("meetings:amend", args=[original.pk]), {"reason": "Опечатка в сроке"}
    )
    amended = Meeting.objects.get(amends=original)
    assert response["Location"] == reverse("meetings:minutes", args=[amended.pk])
    page = client.get(reverse("meetings:meeting_detail", args=[original.pk])).content.decode()
    assert "К этому протоколу внесено исправление" in page


def test_printable_minutes_hold_participants_decisions_and_signature(
    client: Client, curator: User, case: Case
) -> None:
    meeting = signed_consilium(case, curator)
    client.force_login(curator)
    page = client.get(reverse("meetings:minutes_print", args=[meeting.pk])).content.decode()
    assert "ПРОТОКОЛ" in page
    assert "Консилиум" in page
    assert f"Дата: {today():%d.%m.%Y}" in page
    assert "Белова Ольга" in page
    assert "Провести ремонт печи" in page
    assert "Протокол подписан: Белова Ольга" in page
    assert "{%" not in page and "{{" not in page


def test_guardianship_position_form_shows_russian_errors(
    client: Client, curator: User, case: Case
) -> None:
    meeting = consilium(case, curator, kind=Meeting.Kind.MEDIATION)
    client.force_login(curator)
    url = reverse("meetings:guardianship_position", args=[meeting.pk])
    response = client.post(url, {"authority": "Опека"})
    assert "Обязательное поле." in response.content.decode()
    response = client.post(
        url,
        {
            "authority": "Опека",
            "specialist_name": "Орлова Н. В.",
            "family_history": "Жалобы школы",
            "stance": "neutral",
            "expectations": "Ремонт печи",
            "tension": "2",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "нейтральная, ждёт результатов" in page


def test_resolution_form_registers_and_the_removal_form_removes(
    client: Client, curator: User, case: Case
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("meetings:resolution_add", args=[case.pk]),
        {
            "commission": "КДНиЗП",
            "number": "15",
            "resolution_date": today().isoformat(),
            "decision": "register",
        },
    )
    assert response.status_code == 302
    card = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "на учёте СОП с" in card
    response = client.post(
        reverse("meetings:register_remove", args=[case.pk]),
        {"removed_on": today().isoformat(), "reason": "other"},
    )
    assert "Для причины «другое» опишите её." in response.content.decode()
    client.post(
        reverse("meetings:register_remove", args=[case.pk]),
        {"removed_on": today().isoformat(), "reason": "improved"},
    )
    assert RegisterEntry.objects.get().removal_reason == "improved"


def test_working_group_member_form(client: Client, curator: User, case: Case) -> None:
    client.force_login(curator)
    client.post(
        reverse("meetings:group_member_add", args=[case.pk]),
        {"agency": "education", "agency_name": "Школа №5", "person_name": "Соколова И. П."},
    )
    page = client.get(reverse("meetings:case_meetings", args=[case.pk])).content.decode()
    assert "Соколова И. П." in page
    assert "Назначить заседание рабочей группы" in page


@pytest.mark.parametrize("who", ["colleague", "other_team_curator", "outsider", "intake_operator"])
def test_out_of_scope_gets_404_on_every_meetings_page(
    client: Client, curator: User, case: Case, who: str, request: pytest.FixtureRequest
) -> None:
    meeting = consilium(case, curator)
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("meetings:case_meetings", args=[case.pk]),
        reverse("meetings:schedule", args=[case.pk]),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:minutes_print", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("meetings:finalize", args=[meeting.pk])).status_code == 404


def test_director_reads_meetings_but_may_not_write(
    client: Client, curator: User, director: User, case: Case
) -> None:
    meeting = consilium(case, curator)
    client.force_login(director)
    assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:finalize", args=[meeting.pk])).status_code == 403


def test_a_meeting_read_is_logged(client: Client, curator: User, case: Case) -> None:
    meeting = consilium(case, curator)
    client.force_login(curator)
    client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    entry = ReadLogEntry.objects.filter(kind="meeting").get()
    assert (entry.object_id, entry.family_id, entry.user_id) == (
        meeting.pk,
        case.family_id,
        curator.pk,
    )


def test_case_meetings_page_queries_do_not_grow_with_meetings(
    client: Client,
    curator: User,
    psychologist: User,
    case: Case,
    mother: Person,
    django_assert_max_num_queries: Any,
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            meeting = services.schedule_meeting(
                case=case,
                kind="consilium",
                held_on=today(),
                staff=[curator, psychologist],
                family_members=[mother],
                outside=[services.OutsideParticipant(name="Гость")],
                by=curator,
            )
            services.record_minutes(
                meeting=meeting,
                minutes="Итог",
                decisions=[services.DecisionItem(text="Шаг")],
                by=curator,
            )

    register(case, curator)
    add(2)
    client.force_login(curator)
    url = reverse("meetings:case_meetings", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["meetings"]) == 10
