"""The web form and the API of one action reach the same service and leave the same record.

For each action: the service is spied on (``wraps=``, it still runs), the action is done once
through the page and once through the API with the same input, and both calls must have
reached the service with the same arguments and left records that agree field by field. A
rule written again in a view or a serializer shows here as a difference."""

from __future__ import annotations

import inspect
from typing import Any
from unittest import mock

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kurator.accounts.models import Team, User
from kurator.core.testing import make_family
from kurator.intake import services as intake_services
from kurator.intake.models import Signal
from kurator.people import services as people_services
from kurator.people.models import Family, Person


def _api(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _spy(module: Any, name: str) -> Any:
    return mock.patch.object(module, name, wraps=getattr(module, name))


def _arguments(func: Any, call: Any) -> dict[str, Any]:
    """The call's arguments with the service's defaults filled in; the actor by id."""
    bound = inspect.signature(func).bind(*call.args, **call.kwargs)
    bound.apply_defaults()
    return {k: getattr(v, "pk", v) for k, v in bound.arguments.items()}


def _same_call(spy: mock.MagicMock, func: Any, ignore: frozenset[str] = frozenset()) -> None:
    assert spy.call_count == 2, spy.call_args_list
    web, api = (
        {k: v for k, v in _arguments(func, call).items() if k not in ignore}
        for call in spy.call_args_list
    )
    assert web == api


def _fields(record: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


def test_creating_a_family(client: Client, intake_operator: User, team: Team) -> None:
    data = {"name": "Согласовы", "team": team.pk, "address": "ул. Мира, 3", "distance_km": "85"}
    client.force_login(intake_operator)
    with _spy(people_services, "create_family") as spy:
        assert client.post(reverse("people:family_create"), data).status_code == 302
        answer = _api(intake_operator).post("/api/v1/families/", data, format="json")
        assert answer.status_code == 201, answer.json()
    _same_call(spy, people_services.create_family)
    web, api = Family.objects.order_by("pk")
    names = ["name", "team_id", "address", "distance_km", "organisation_id"]
    assert _fields(web, names) == _fields(api, names)


def test_adding_a_child_to_a_family(client: Client, intake_operator: User) -> None:
    family = make_family(by=intake_operator, name="Ребёнковы")
    person = {
        "last_name": "Ребёнкова",
        "first_name": "Аня",
        "middle_name": "",
        "birth_date": "2018-03-04",
        "sex": "F",
    }
    client.force_login(intake_operator)
    web_form = {**person, "role": "child", "confirm_new": "on"}
    api_body = {**person, "family": family.pk, "family_role": "child"}
    with _spy(people_services, "create_person") as spy:
        page = client.post(reverse("people:member_add", args=[family.pk]), web_form)
        assert page.status_code == 302, page.context["form"].errors
        answer = _api(intake_operator).post("/api/v1/persons/", api_body, format="json")
        assert answer.status_code == 201, answer.json()
    _same_call(spy, people_services.create_person)
    web, api = Person.objects.order_by("pk")
    names = ["last_name", "first_name", "birth_date", "sex", "team_id", "organisation_id"]
    assert _fields(web, names) == _fields(api, names)
    assert [m.role for m in web.memberships.all()] == [m.role for m in api.memberships.all()]


def test_recording_a_signal(client: Client, intake_operator: User) -> None:
    data = {"channel": "phone", "source": "neighbours", "description": "Дети одни дома"}
    client.force_login(intake_operator)
    with _spy(intake_services, "record_signal") as spy:
        assert client.post(reverse("intake:signal_create"), data).status_code == 302
        answer = _api(intake_operator).post("/api/v1/signals/", data, format="json")
        assert answer.status_code == 201, answer.json()
    _same_call(
        spy, intake_services.record_signal, ignore=frozenset({"received_at"})
    )  # the web form stamps «now» itself
    web, api = Signal.objects.order_by("pk")
    names = ["channel", "source", "description", "team_id", "status", "team_due", "visit_due"]
    assert _fields(web, names) == _fields(api, names)
