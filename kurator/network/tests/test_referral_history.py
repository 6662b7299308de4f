"""«История изменений» of a referral: on the curator's referral page, for those who see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.network.models import Referral, ResourceAgent, Service
from kurator.network.services import referrals
from kurator.people.models import Person

pytestmark = pytest.mark.django_db


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
        due_on=timezone.localdate() + timedelta(days=10),
    )


def test_the_referral_history_shows_the_old_and_new_status_and_who_moved_it(
    client: Client,
    case: Case,
    curator: User,
    agent: ResourceAgent,
    mother: Person,
    food: Service,
) -> None:
    referral = _refer(case, curator, agent, mother, food)
    client.force_login(curator)
    detail = reverse("network:referral_detail", args=[referral.pk])
    assert client.post(detail, {"to": "sent", "comment": ""}).status_code == 302
    url = reverse("network:referral_history", args=[referral.pk])
    assert f'hx-get="{url}"' in client.get(detail).content.decode()
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "черновик" in html and "отправлено" in html
    assert curator.short_name in html


@pytest.mark.parametrize("who", ["agent_user", "outsider", "colleague", "administrator"])
def test_the_referral_history_is_a_404_to_whoever_does_not_see_the_referral(
    client: Client,
    request: pytest.FixtureRequest,
    case: Case,
    curator: User,
    agent: ResourceAgent,
    mother: Person,
    food: Service,
    who: str,
) -> None:
    referral = _refer(case, curator, agent, mother, food)
    referrals.send_referral(referral=referral, by=curator)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("network:referral_history", args=[referral.pk]))
    assert response.status_code == 404
