"""Money in the API is one form everywhere (docs/api.md, «Conventions»): a decimal string with
two places, «3703.50» — in the dashboards and the indicators as in the deliveries and the
monthly summary — and the schema says so (``type: string``, ``format: decimal``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.network.models import Delivery, Service
from kurator.network.services.agents import create_service
from kurator.network.services.aid import record_delivery

# The names of the money fields each answer carries, by schema component.
MONEY_FIELDS = {
    "Norms": ["cost_per_case_max"],
    "Measures": ["cost", "cost_per_case"],
    "SummaryCase": ["aid_total"],
    "SummaryTotals": ["aid_total"],
    "Delivery": ["unit_cost", "total"],
}


def _api(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def delivered(senior: User, head: User, curator: User, psychologist: User) -> Case:
    """One case of the curator with help worth 3 703,50 ₽ handed over today."""
    family = make_family(by=senior, name="Ивановы")
    mother = make_person(by=senior, family=family, role="parent", birth_date=None)
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    service = create_service(by=head, name="Продуктовый набор", group=Service.Group.MATERIAL)
    record_delivery(
        case=case,
        by=curator,
        service=service,
        delivered_on=timezone.localdate(),
        persons=[mother],
        quantity=Decimal(1),
        unit_cost=Decimal("3703.50"),
        provider=Delivery.Provider.VOLUNTEER,
        funding=Delivery.Funding.GRANT,
    )
    return case


def test_the_dashboard_gives_money_as_decimal_strings(
    delivered: Case, curator: User, head: User, director: User
) -> None:
    mine = _api(curator).get(reverse("api-report-dashboard")).json()
    assert mine["norms"]["cost_per_case_max"] == "500000.00"
    assert mine["rows"][0]["cost"] == "3703.50"
    assert mine["rows"][0]["cost_per_case"] == "3703.50"
    org = _api(director).get(reverse("api-report-dashboard")).json()
    assert org["total"]["cost"] == "3703.50"
    assert [row["cost_per_case"] for row in org["rows"] if not row["costed_cases"]] in (
        [],
        [None],
    )


def test_an_indicator_in_roubles_is_a_decimal_string_and_the_others_stay_numbers(
    delivered: Case, director: User
) -> None:
    body = _api(director).get(reverse("api-report-indicators")).json()
    figures = {f["key"]: f for s in body["sections"] for f in s["figures"]}
    cost = figures["cost_per_case"]
    assert cost["unit"] == "rub"
    # The average per case is in whole roubles, as on the page; written as money all the same.
    assert (cost["current"], cost["previous"]) == ("3704.00", None)
    assert figures["cost_over_norm"]["current_of"] == 1


def test_the_monthly_summary_and_the_deliveries_give_the_same_form(
    delivered: Case, curator: User, head: User
) -> None:
    summary = _api(head).get(reverse("api-monthly-summary"), {"curator": curator.pk}).json()
    assert summary["totals"]["aid_total"] == "3703.50"
    deliveries = _api(curator).get(reverse("api-case-deliveries", args=[delivered.pk])).json()
    assert (deliveries[0]["unit_cost"], deliveries[0]["total"]) == ("3703.50", "3703.50")


def test_the_schema_describes_every_money_field_as_a_decimal_string(director: User) -> None:
    schema = _api(director).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    for component, names in MONEY_FIELDS.items():
        for name in names:
            field = components[component]["properties"][name]
            assert (field["type"], field["format"]) == ("string", "decimal"), (component, name)
    figure = components["IndicatorFigure"]["properties"]
    for name in ("current", "previous"):
        kinds = {(k["type"], k.get("format")) for k in figure[name]["oneOf"]}
        assert kinds == {("number", None), ("string", "decimal")}
