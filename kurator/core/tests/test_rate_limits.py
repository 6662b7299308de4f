"""One user cannot sweep the organisation's persons through the duplicate check: the web
form's check and the API's count together, and the 31st in a minute is a Russian 429."""

from __future__ import annotations

from django.test import Client, override_settings
from rest_framework.test import APIClient

from kurator.accounts.models import User


@override_settings(KURATOR_RATE_LIMITS={"api": (600, 60), "duplicates": (3, 60)})
def test_the_duplicate_check_is_limited_per_user_across_web_and_api(
    client: Client, intake_operator: User, head: User
) -> None:
    api = APIClient()
    api.force_authenticate(intake_operator)
    client.force_login(intake_operator)
    query = {"last_name": "Иванова", "first_name": "Мария"}
    assert api.get("/api/v1/persons/duplicates/", query).status_code == 200
    assert client.get("/signals/duplicates/", query).status_code == 200
    assert api.get("/api/v1/persons/duplicates/", query).status_code == 200
    refused = api.get("/api/v1/persons/duplicates/", query)
    assert refused.status_code == 429
    assert "Слишком много запросов подряд. Подождите" in refused.json()["detail"]
    assert int(refused["Retry-After"]) >= 1
    page = client.get("/signals/duplicates/", query)
    assert page.status_code == 429
    assert "Слишком много запросов подряд" in page.content.decode()
    # Another user has her own count.
    other = APIClient()
    other.force_authenticate(head)
    assert other.get("/api/v1/persons/duplicates/", query).status_code == 200


@override_settings(KURATOR_RATE_LIMITS={"api": (2, 60), "duplicates": (30, 60)})
def test_every_api_request_counts_towards_the_users_limit(curator: User) -> None:
    api = APIClient()
    api.force_authenticate(curator)
    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
