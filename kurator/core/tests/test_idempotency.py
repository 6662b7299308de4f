"""``Idempotency-Key`` on the API's creates: the same POST sent again with its key creates
once and answers the first answer; the same key with another request is refused; a request
still running makes its twin wait (kurator/core/idempotency.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from kurator.accounts.models import Team, User
from kurator.core.idempotency import fingerprint
from kurator.core.models import IdempotentRequest
from kurator.intake.models import Signal
from kurator.people.models import Family

SIGNALS = "/api/v1/signals/"
FAMILIES = "/api/v1/families/"
SIGNAL = {"channel": "phone", "source": "school", "description": "Ребёнок без обеда"}


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _post(client: APIClient, url: str, data: dict[str, Any], key: str | None = None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(url, data, format="json", headers=headers)


def test_twenty_identical_signal_posts_with_one_key_record_one_signal(
    intake_operator: User,
) -> None:
    api = _api(intake_operator)
    answers = [_post(api, SIGNALS, SIGNAL, key="c0ffee-1") for _ in range(20)]
    assert Signal.objects.count() == 1
    assert {a.status_code for a in answers} == {201}
    assert all(a.json() == answers[0].json() for a in answers)
    assert "Idempotent-Replayed" not in answers[0]
    assert all(a["Idempotent-Replayed"] == "true" for a in answers[1:])


def test_a_family_sent_again_with_its_key_is_created_once(curator: User, team: Team) -> None:
    api = _api(curator)
    data = {"name": "Семёновы", "address": "г. Смоленск", "team": team.pk}
    first = _post(api, FAMILIES, data, key="family-7")
    # The same data in another order is the same request.
    again = _post(api, FAMILIES, dict(reversed(data.items())), key="family-7")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Family.objects.count() == 1


def test_without_a_key_every_post_creates(intake_operator: User) -> None:
    api = _api(intake_operator)
    _post(api, SIGNALS, SIGNAL)
    _post(api, SIGNALS, SIGNAL)
    assert Signal.objects.count() == 2


def test_the_same_key_with_other_data_is_refused(intake_operator: User) -> None:
    api = _api(intake_operator)
    assert _post(api, SIGNALS, SIGNAL, key="k-1").status_code == 201
    other = _post(api, SIGNALS, SIGNAL | {"description": "Другой текст"}, key="k-1")
    assert other.status_code == 422
    assert "уже использован для другого запроса" in other.json()["detail"]
    # Nor may it name another endpoint.
    assert _post(api, FAMILIES, {"name": "Ивановы"}, key="k-1").status_code == 422
    assert Signal.objects.count() == 1


def test_a_key_is_the_users_own(intake_operator: User, curator: User) -> None:
    assert _post(_api(intake_operator), SIGNALS, SIGNAL, key="shared").status_code == 201
    assert _post(_api(curator), FAMILIES, {"name": "Ивановы"}, key="shared").status_code == 201
    assert Signal.objects.count() == 1 and Family.objects.count() == 1


def _age(key: str, by: timedelta) -> None:
    IdempotentRequest.objects.filter(key=key).update(created_at=timezone.now() - by)


def test_after_a_day_the_key_creates_again(intake_operator: User) -> None:
    api = _api(intake_operator)
    _post(api, SIGNALS, SIGNAL, key="daily")
    _age("daily", timedelta(hours=23, minutes=59))
    assert _post(api, SIGNALS, SIGNAL, key="daily")["Idempotent-Replayed"] == "true"
    _age("daily", timedelta(hours=24, minutes=1))
    assert "Idempotent-Replayed" not in _post(api, SIGNALS, SIGNAL, key="daily")
    assert Signal.objects.count() == 2
    assert IdempotentRequest.objects.count() == 1  # the expired one is gone


def test_a_refused_request_keeps_nothing_and_may_be_corrected(intake_operator: User) -> None:
    api = _api(intake_operator)
    refused = _post(api, SIGNALS, SIGNAL | {"description": ""}, key="fix-me")
    assert refused.status_code == 400 and "description" in refused.json()
    assert not IdempotentRequest.objects.exists()
    assert _post(api, SIGNALS, SIGNAL, key="fix-me").status_code == 201


@pytest.mark.parametrize("key", ["", " ", "ключ", "a" * 256, "two words"])
def test_a_malformed_key_is_a_400(intake_operator: User, key: str) -> None:
    response = _post(_api(intake_operator), SIGNALS, SIGNAL, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Signal.objects.exists()


def test_one_row_per_user_and_key_is_a_database_rule(intake_operator: User) -> None:
    IdempotentRequest.objects.create(user=intake_operator, key="k", fingerprint="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotentRequest.objects.create(user=intake_operator, key="k", fingerprint="a")


def test_a_twin_of_a_request_still_running_waits_and_creates_nothing(
    intake_operator: User,
) -> None:
    """The race's loser: the first request has claimed the key (its row is in, its answer not
    yet) when the twin's insert meets the unique constraint."""
    IdempotentRequest.objects.create(
        user=intake_operator,
        key="race",
        fingerprint=fingerprint(method="POST", path=SIGNALS, body=SIGNAL),
    )
    twin = _post(_api(intake_operator), SIGNALS, SIGNAL, key="race")
    assert twin.status_code == 409
    assert "ещё выполняется" in twin.json()["detail"]
    assert not Signal.objects.exists()


def test_a_claim_left_by_a_dead_worker_is_taken_over(intake_operator: User) -> None:
    IdempotentRequest.objects.create(
        user=intake_operator,
        key="orphan",
        fingerprint=fingerprint(method="POST", path=SIGNALS, body=SIGNAL),
    )
    _age("orphan", timedelta(minutes=11))
    assert _post(_api(intake_operator), SIGNALS, SIGNAL, key="orphan").status_code == 201
    assert Signal.objects.count() == 1


def test_the_key_works_with_a_session_too(client: Client, intake_operator: User) -> None:
    client.force_login(intake_operator)
    for _ in range(2):
        response = client.post(
            SIGNALS, SIGNAL, content_type="application/json", headers={"Idempotency-Key": "s"}
        )
        assert response.status_code == 201
    assert Signal.objects.count() == 1


# Creates that are idempotent by a key of their body instead: a public report carries the
# organisation's site's own ``submission_id`` (docs/api.md, «Public signals»).
OWN_KEY = {"POST /api/v1/public-signals/"}


def test_every_create_of_the_api_takes_an_idempotency_key(client: Client, curator: User) -> None:
    client.force_login(curator)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if "201" not in operation.get("responses", {}):
                continue
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if "Idempotency-Key" not in headers:
                missing.append(f"{method.upper()} {path}")
                continue
            assert {"409", "422"} <= set(operation["responses"]), path
    assert sorted(set(missing) - OWN_KEY) == [], "put @idempotent (core/api.py) on these POSTs"
