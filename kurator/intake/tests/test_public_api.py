"""``/api/v1/public-signals/``: the organisation's own site posts its visitors' reports with an
integration token, as the public page does — the same journal, channel and deadlines, the
same number and code, and the same form sent twice stores one signal."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.core.testing import make_organisation, make_team, make_user
from kurator.intake.models import PublicReport, Signal
from kurator.intake.public import services
from kurator.intake.tests.public_helpers import Place, open_page

CREATE = "/api/v1/public-signals/"
SETTLEMENTS = "/api/v1/public-signals/settlements/"
STATUS = "/api/v1/public-signals/status/"


@pytest.fixture
def place(org: Organisation, team: Team, other_team: Team) -> Place:
    return open_page(org, team, other_team)


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(place: Place, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "submission_id": "site-form-1",
        "settlement": place.vyazma.pk,
        "description": "Соседи: дети одни третий день, мама не появляется.",
        "relation": "neighbours",
        "reporter_name": "Ирина",
        "reporter_contact": "irina@example.test",
        "consent": True,
    }
    body.update(fields)
    return body


def test_the_site_posts_a_report_and_gets_the_number_and_code(
    place: Place, intake_operator: User, team: Team
) -> None:
    response = _client(intake_operator).post(CREATE, _body(place), format="json")

    assert response.status_code == 201, response.json()
    answer = response.json()
    signal = Signal.objects.get(pk=answer["number"])
    assert len(answer["code"]) == services.CODE_LENGTH
    assert answer["again"] is False
    assert signal.team == team
    assert signal.channel == Signal.Channel.WEB_FORM
    assert signal.source == Signal.Source.NEIGHBOURS
    assert signal.created_by is None
    assert signal.team_due is not None and signal.visit_due is not None
    report = PublicReport.objects.get(signal=signal)
    assert report.through_api is True
    assert report.consent_given_at is not None


def test_the_same_submission_sent_again_returns_the_first_answer(
    place: Place, intake_operator: User
) -> None:
    client = _client(intake_operator)
    first = client.post(CREATE, _body(place), format="json").json()
    again = client.post(CREATE, _body(place), format="json")
    assert again.status_code == 200
    assert again.json() == {**first, "again": True}
    assert Signal.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "a" * 4001}, "description"),
        ({"settlement": 999_999}, "settlement"),
        ({"settlement": "Смоленск"}, "settlement"),
        ({"consent": False}, "consent"),
        ({"relation": "police"}, "relation"),
        ({"submission_id": ""}, "submission_id"),
        ({"reporter_name": "я" * 151}, "reporter_name"),
        ({"secret_field": 1}, "secret_field"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(
    place: Place, intake_operator: User, fields: dict[str, Any], field: str
) -> None:
    response = _client(intake_operator).post(CREATE, _body(place, **fields), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Signal.objects.count() == 0


def test_a_settlement_of_another_organisation_is_a_400(place: Place, intake_operator: User) -> None:
    stranger = services.add_settlement(
        team=make_team(make_organisation("Чужой фонд")), name="г. Тула"
    )
    response = _client(intake_operator).post(
        CREATE, _body(place, settlement=stranger.pk), format="json"
    )
    assert response.status_code == 400
    assert "settlement" in response.json()


def test_an_organisation_without_a_public_page_is_told_so(
    org: Organisation, intake_operator: User, team: Team
) -> None:
    response = _client(intake_operator).post(
        CREATE, {"submission_id": "1", "settlement": 1, "description": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "не открыт" in response.json()["detail"][0]


def test_a_role_that_takes_no_signals_gets_403(place: Place, curator: User) -> None:
    assert _client(curator).post(CREATE, _body(place), format="json").status_code == 403
    assert _client(curator).get(SETTLEMENTS).status_code == 403


def test_the_site_gets_the_settlements_of_its_organisation(
    place: Place, intake_operator: User
) -> None:
    response = _client(intake_operator).get(SETTLEMENTS)
    assert response.status_code == 200
    names = [row["name"] for row in response.json()]
    assert names == sorted(["г. Смоленск", "Вяземский район", "г. Волгоград"])


def test_the_status_lookup_answers_four_words_and_404_for_a_wrong_code(
    place: Place, intake_operator: User, org: Organisation
) -> None:
    client = _client(intake_operator)
    receipt = client.post(CREATE, _body(place), format="json").json()
    found = client.post(STATUS, {"number": receipt["number"], "code": receipt["code"]})
    assert found.status_code == 200
    assert found.json() == {
        "number": receipt["number"],
        "status": "received",
        "status_display": "принят",
    }
    wrong = client.post(STATUS, {"number": receipt["number"], "code": "AAAAAAAA"})
    unknown = client.post(STATUS, {"number": receipt["number"] + 99, "code": receipt["code"]})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    other_org = make_organisation("Другой фонд")
    outsider = make_user(
        RoleCode.INTAKE_OPERATOR, organisation=other_org, team=make_team(other_org)
    )
    theirs = _client(outsider).post(STATUS, {"number": receipt["number"], "code": receipt["code"]})
    assert theirs.status_code == 404
