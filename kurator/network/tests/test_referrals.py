"""Referrals: the rules of making one, the status flow with its row lock and double clicks,
the e-mail to the agent, the curator's task, and the agent's own view that shows nothing
else."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.network.errors import NetworkError
from kurator.network.models import Referral, ResourceAgent, Service
from kurator.network.services import agents, referrals
from kurator.people.models import Person
from kurator.tasks.models import Task


def _due() -> date:
    return timezone.localdate() + timedelta(days=10)


def _refer(
    case: Case, curator: User, agent: ResourceAgent, mother: Person, food: Service
) -> Referral:
    return referrals.create_referral(
        case=case,
        by=curator,
        agent=agent,
        service=food,
        need="Продуктовый набор на 4 человек",
        persons=[mother],
        due_on=_due(),
    )


def test_referral_needs_a_need_persons_and_a_future_date(
    case: Case, curator: User, agent: ResourceAgent, mother: Person
) -> None:
    base = {"case": case, "by": curator, "agent": agent}
    with pytest.raises(NetworkError) as error:
        referrals.create_referral(**base, need=" ", persons=[mother], due_on=_due())
    assert error.value.field == "need"
    with pytest.raises(NetworkError) as error:
        referrals.create_referral(**base, need="Набор", persons=[], due_on=_due())
    assert error.value.message == "Выберите, для кого направление."
    with pytest.raises(NetworkError) as error:
        referrals.create_referral(**base, need="Набор", persons=[mother], due_on=date(2020, 1, 1))
    assert error.value.field == "due_on"
    assert not Referral.objects.exists()


def test_a_person_of_another_family_cannot_be_referred(
    case: Case, curator: User, senior: User, agent: ResourceAgent
) -> None:
    stranger = make_person(by=senior, family=make_family(by=senior, name="Петровы"))
    with pytest.raises(NetworkError, match="членов семьи этого случая"):
        referrals.create_referral(
            case=case, by=curator, agent=agent, need="x", persons=[stranger], due_on=_due()
        )


def test_agent_without_the_service_or_agreement_asks_to_confirm(
    case: Case, curator: User, head: User, mother: Person
) -> None:
    legal = agents.create_service(by=head, name="Юридическая консультация", group="legal")
    bare = agents.create_agent(by=head, name="Фонд без соглашения", category="ngo")
    with pytest.raises(NetworkError) as error:
        referrals.create_referral(
            case=case,
            by=curator,
            agent=bare,
            service=legal,
            need="x",
            persons=[mother],
            due_on=_due(),
        )
    assert error.value.field == "confirmed"
    assert "нет действующего соглашения" in error.value.message
    assert "не оказывает услугу «Юридическая консультация»" in error.value.message
    referral = referrals.create_referral(
        case=case,
        by=curator,
        agent=bare,
        service=legal,
        need="x",
        persons=[mother],
        due_on=_due(),
        confirmed=True,
    )
    assert referral.status == Referral.Status.DRAFT


def test_unvetted_volunteers_cannot_be_referred_to(
    case: Case, curator: User, head: User, mother: Person
) -> None:
    volunteers = agents.create_agent(by=head, name="Добрые руки", category="volunteers")
    with pytest.raises(NetworkError, match="не прошёл проверку"):
        referrals.create_referral(
            case=case,
            by=curator,
            agent=volunteers,
            need="x",
            persons=[mother],
            due_on=_due(),
            confirmed=True,
        )


def test_sending_e_mails_the_agent_without_family_details_and_makes_a_task(
    case: Case,
    curator: User,
    agent: ResourceAgent,
    mother: Person,
    food: Service,
    django_capture_on_commit_callbacks: object,
) -> None:
    referral = _refer(case, curator, agent, mother, food)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        referrals.send_referral(referral=referral, by=curator)
    assert referral.status == Referral.Status.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["opeka@example.org"]
    assert "Иванова" not in message.body and "Продуктовый набор" in message.body
    task = Task.objects.get(key=f"referral:{referral.pk}")
    assert task.user == curator and task.due_on == referral.due_on


def test_the_whole_flow_from_the_agent_side(
    case: Case,
    curator: User,
    agent: ResourceAgent,
    agent_user: User,
    mother: Person,
    food: Service,
) -> None:
    referral = _refer(case, curator, agent, mother, food)
    referrals.send_referral(referral=referral, by=curator)
    referrals.move_referral(referral=referral, to="accepted", by=agent_user)
    with pytest.raises(NetworkError) as error:
        referrals.move_referral(referral=referral, to="done", by=agent_user)
    assert error.value.field == "comment"
    referrals.move_referral(
        referral=referral, to="done", by=agent_user, comment="Набор выдан 12.11"
    )
    assert referral.status == Referral.Status.DONE
    assert referral.feedback == "Набор выдан 12.11"
    assert [n.status for n in referral.notes.all()] == ["sent", "accepted", "done"]
    assert referral.history.count() >= 4
    assert Task.objects.get(key=f"referral:{referral.pk}").status == Task.Status.DONE


def test_a_double_click_answers_once(
    case: Case, curator: User, agent: ResourceAgent, agent_user: User, mother: Person, food: Service
) -> None:
    referral = _refer(case, curator, agent, mother, food)
    referrals.send_referral(referral=referral, by=curator)
    stale = Referral.objects.get(pk=referral.pk)
    referrals.move_referral(referral=referral, to="accepted", by=agent_user)
    with pytest.raises(NetworkError, match="уже в статусе «принято»"):
        referrals.move_referral(referral=stale, to="declined", by=agent_user, comment="нет")
    assert referral.notes.filter(status="accepted").count() == 1
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_the_agent_cannot_send_and_a_draft_is_invisible_to_her(
    client: Client,
    case: Case,
    curator: User,
    agent: ResourceAgent,
    agent_user: User,
    mother: Person,
    food: Service,
) -> None:
    referral = _refer(case, curator, agent, mother, food)
    client.force_login(agent_user)
    assert client.get(reverse("network:my_referral", args=[referral.pk])).status_code == 404
    with pytest.raises(NetworkError):
        referrals.send_referral(referral=referral, by=agent_user)


def test_agent_sees_her_referral_with_the_minimum_and_nothing_else(
    client: Client,
    case: Case,
    curator: User,
    senior: User,
    psychologist: User,
    head: User,
    agent: ResourceAgent,
    agent_user: User,
    mother: Person,
    food: Service,
) -> None:
    mine = _refer(case, curator, agent, mother, food)
    referrals.send_referral(referral=mine, by=curator)
    # Another family referred to another agent: she must not see it.
    other_family = make_family(by=senior, name="Сидоровы")
    sidorova = make_person(by=senior, family=other_family, last_name="Сидорова")
    other_case = open_case_for(
        senior=senior, curator=curator, psychologist=psychologist, family=other_family
    )
    other_agent = agents.create_agent(by=head, name="Банк еды", category="ngo")
    agents.add_agreement(
        agent=other_agent, by=head, kind="contract", number="9", valid_from=date(2025, 1, 1)
    )
    theirs = referrals.create_referral(
        case=other_case,
        by=curator,
        agent=other_agent,
        service=food,
        need="Набор",
        persons=[sidorova],
        due_on=_due(),
        confirmed=True,
    )
    referrals.send_referral(referral=theirs, by=curator)
    client.force_login(agent_user)
    listing = client.get(reverse("network:my_referrals")).content.decode()
    assert "Иванова Мария" in listing and "Сидорова" not in listing
    page = client.get(reverse("network:my_referral", args=[mine.pk])).content.decode()
    assert "Продуктовый набор на 4 человек" in page
    assert "Ивановы" not in page  # no family card, no case
    assert client.get(reverse("network:my_referral", args=[theirs.pk])).status_code == 404
    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("network:case_network", args=[case.pk]),
        reverse("network:referral_detail", args=[mine.pk]),
        reverse("people:person_detail", args=[mother.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("network:my_referral", args=[mine.pk]), {"to": "accepted", "comment": ""}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("network:my_referral", args=[mine.pk]), {"to": "done", "comment": "Выдали"}
    )
    mine.refresh_from_db()
    assert mine.status == "done" and mine.feedback == "Выдали"
    client.force_login(curator)
    page = client.get(reverse("network:case_network", args=[case.pk])).content.decode()
    assert "Выдали" in page


def test_curator_makes_and_sends_a_referral_through_the_pages(
    client: Client, case: Case, curator: User, agent: ResourceAgent, mother: Person, food: Service
) -> None:
    client.force_login(curator)
    url = reverse("network:referral_create", args=[case.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"agent": agent.pk, "persons": [mother.pk], "need": "", "due_on": ""})
    assert "Обязательное поле" in page.content.decode()
    response = client.post(
        url,
        {
            "agent": agent.pk,
            "service": food.pk,
            "persons": [mother.pk],
            "need": "Набор",
            "due_on": _due().isoformat(),
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    response = client.post(reverse("network:referral_detail", args=[referral.pk]), {"to": "sent"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_agent_list_queries_are_bounded(
    client: Client,
    case: Case,
    curator: User,
    agent: ResourceAgent,
    agent_user: User,
    mother: Person,
    food: Service,
    django_assert_max_num_queries: object,
) -> None:
    for _ in range(8):
        referrals.send_referral(referral=_refer(case, curator, agent, mother, food), by=curator)
    client.force_login(agent_user)
    # With what the persons' transfer consents let her see (a fixed number more).
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        assert client.get(reverse("network:my_referrals")).status_code == 200
    client.force_login(curator)
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(reverse("network:case_network", args=[case.pk])).status_code == 200
