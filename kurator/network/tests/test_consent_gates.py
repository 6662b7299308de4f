"""152-FZ: a referral carries a person's name to an agent only with that person's consent to
transfer data to agents of the agent's category. Without it the referral is refused with the
reason, or goes depersonalised on request (the agent sees «Семья № …», the service, the due
date and the curator's contact). A consent recorded shows the name; a consent withdrawn hides
it again from the agent's page and API at once, and gives the curator a task."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.testing import make_person
from kurator.network.errors import NetworkError
from kurator.network.models import Referral, ResourceAgent, Service
from kurator.network.services.referrals import create_referral, move_referral, send_referral
from kurator.people.models import Person
from kurator.privacy.models import Consent
from kurator.privacy.services.consents import record_consent, withdraw_consent
from kurator.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(case: Case, senior: User) -> Person:
    """A child added after the case opened: no consent of any kind yet."""
    return make_person(
        by=senior,
        family=case.family,
        last_name="Секретова",
        first_name="Дарья",
        birth_date=date(2016, 9, 1),
    )


def representative(case: Case) -> Person:
    return case.family.memberships.get(role="parent").person


def transfer_consent(child: Person, case: Case, by: User, category: str = "agency") -> Consent:
    return record_consent(
        person=child,
        by=by,
        purposes=[f"transfer_{category}"],
        scope="ФИО, телефон — для направления в орган опеки",
        given_on=timezone.localdate(),
        signed_by=representative(case),
    )


def refer(
    case: Case, agent: ResourceAgent, food: Service, child: Person, **kwargs: object
) -> Referral:
    return create_referral(
        case=case,
        by=case.curator,
        agent=agent,
        service=food,
        need="Продуктовый набор",
        persons=[child],
        due_on=timezone.localdate() + timedelta(days=7),
        **kwargs,  # type: ignore[arg-type]
    )


def agent_page(client: Client, agent_user: User, referral: Referral) -> str:
    client.force_login(agent_user)
    return client.get(reverse("network:my_referral", args=[referral.pk])).content.decode()


def agent_api(agent_user: User) -> list[dict[str, object]]:
    api = APIClient()
    api.force_authenticate(agent_user)
    response = api.get("/api/v1/network/my-referrals/")
    assert response.status_code == 200
    return response.json()


def test_a_referral_of_a_child_without_transfer_consent_is_refused_with_the_reason(
    case: Case, agent: ResourceAgent, food: Service, child: Person
) -> None:
    with pytest.raises(NetworkError) as error:
        refer(case, agent, food, child)
    assert error.value.field == "consent"
    assert "министерство или ведомство" in error.value.message
    assert "Секретова Дарья" in error.value.message
    assert "обезличенно" in error.value.message
    assert not Referral.objects.exists()


def test_a_consent_for_another_category_does_not_open_the_way(
    case: Case, agent: ResourceAgent, food: Service, child: Person
) -> None:
    transfer_consent(child, case, case.curator, category="ngo")
    with pytest.raises(NetworkError):
        refer(case, agent, food, child)


def test_depersonalised_the_agent_sees_the_family_number_service_date_and_curator_only(
    client: Client,
    case: Case,
    agent: ResourceAgent,
    food: Service,
    child: Person,
    agent_user: User,
) -> None:
    referral = send_referral(
        referral=refer(case, agent, food, child, depersonalised=True), by=case.curator
    )
    page = agent_page(client, agent_user, referral)
    assert f"Семья № {case.family_id}" in page
    assert "Продуктовый набор" in page
    assert f"{referral.due_on:%d.%m.%Y}" in page
    assert case.curator.email in page
    assert "Секретова" not in page and "01.09.2016" not in page
    (row,) = agent_api(agent_user)
    assert row["persons"] == [] and row["family"] == f"Семья № {case.family_id}"
    assert "Секретова" not in str(row)


def test_after_the_consent_the_agent_sees_the_name_and_a_withdrawal_hides_it_at_once(
    client: Client,
    case: Case,
    agent: ResourceAgent,
    food: Service,
    child: Person,
    agent_user: User,
) -> None:
    consent = transfer_consent(child, case, case.curator)
    referral = send_referral(referral=refer(case, agent, food, child), by=case.curator)
    assert "Секретова Дарья" in agent_page(client, agent_user, referral)
    assert agent_api(agent_user)[0]["persons"][0]["name"] == "Секретова Дарья Петровна"

    withdraw_consent(consent=consent, by=case.curator)

    page = agent_page(client, agent_user, referral)
    assert "Секретова" not in page
    assert "согласие отозвано" in page
    (row,) = agent_api(agent_user)
    assert row["persons"] == [] and row["withheld"] == "согласие отозвано"
    task = Task.objects.get(key=f"consent_withdrawn:{consent.pk}:{case.pk}")
    assert task.user == case.curator and task.status == Task.Status.OPEN


def test_a_draft_is_not_sent_with_names_once_the_consent_is_withdrawn(
    case: Case, agent: ResourceAgent, food: Service, child: Person
) -> None:
    consent = transfer_consent(child, case, case.curator)
    referral = refer(case, agent, food, child)
    withdraw_consent(consent=consent, by=case.curator)
    with pytest.raises(NetworkError) as error:
        move_referral(referral=referral, to="sent", by=case.curator)
    assert error.value.field == "consent"
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_the_api_answers_400_with_the_consent_and_then_goes_depersonalised(
    case: Case, agent: ResourceAgent, food: Service, child: Person
) -> None:
    api = APIClient()
    api.force_authenticate(case.curator)
    body = {
        "agent": agent.pk,
        "service": food.pk,
        "need": "Продуктовый набор",
        "persons": [child.pk],
        "due_on": f"{timezone.localdate() + timedelta(days=5):%Y-%m-%d}",
    }
    url = f"/api/v1/cases/{case.pk}/referrals/"
    response = api.post(url, body, format="json")
    assert response.status_code == 400
    assert "Секретова Дарья" in response.json()["consent"][0]
    response = api.post(url, body | {"depersonalised": True}, format="json")
    assert response.status_code == 201
    assert response.json()["depersonalised"] is True


def test_the_form_offers_to_record_the_consent_or_send_depersonalised_in_one_click(
    client: Client, case: Case, agent: ResourceAgent, food: Service, child: Person
) -> None:
    client.force_login(case.curator)
    url = reverse("network:referral_create", args=[case.pk])
    data = {
        "agent": agent.pk,
        "service": food.pk,
        "persons": [child.pk],
        "need": "Продуктовый набор",
        "due_on": f"{timezone.localdate() + timedelta(days=5):%Y-%m-%d}",
    }
    page = client.post(url, data).content.decode()
    assert 'data-testid="consent-gate"' in page
    assert reverse("people:consent_add", args=[child.pk]) + "?purpose=transfer_agency" in page
    assert not Referral.objects.exists()
    response = client.post(url, data | {"depersonalised": "on"})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.depersonalised and referral.status == Referral.Status.SENT
