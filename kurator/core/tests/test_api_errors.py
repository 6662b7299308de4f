"""Errors of the API are JSON and documented, wherever they come from (found by schemathesis:
an unresolvable API path answered with the HTML error page, and the schema listed no error
answers at all)."""

from __future__ import annotations

import json

from django.test import Client, RequestFactory

from kurator.accounts.models import User
from kurator.core.views import error_403, error_404, error_500


def test_an_api_path_that_resolves_to_nothing_is_a_json_404(client: Client, db: None) -> None:
    response = client.get("/api/v1/cases/abc/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Не найдено."}
    # A page keeps its Russian HTML error page.
    assert client.get("/cases/abc/")["Content-Type"].startswith("text/html")


def test_api_crashes_and_refusals_outside_drf_are_json(rf: RequestFactory) -> None:
    request = rf.post("/api/v1/signals/")
    for view, status in ((error_500, 500), (error_403, 403), (error_404, 404)):
        response = view(request) if view is error_500 else view(request, Exception())
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert set(json.loads(response.content)) == {"detail"}


def test_every_operation_documents_its_error_answers(client: Client, curator: User) -> None:
    client.force_login(curator)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {"ErrorDetail", "ValidationErrors"} <= set(schema["components"]["schemas"])
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            where = f"{method.upper()} {path}"
            if "{" in path:
                assert "404" in codes, where
            if method == "post":
                assert "400" in codes, where
            if "requestBody" in operation:
                assert "415" in codes, where
            if path != "/api/v1/auth/token/":
                assert {"401", "403"} <= codes, where
