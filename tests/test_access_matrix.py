"""Role × URL matrix, generated from the URLconf (style.md #8).

One world — a family, a person, a signal, a case with an emergency step, a document and
one-off help, all in team «Смоленск» — and every named URL, HTML and API alike, requested by
each kind of outsider. Out of scope must look exactly like "does not exist": 404 (or 405 where
the URL takes only POST, which reveals nothing), and no list shows the family. A companion test
fails when a new URL is added without a row here, so no view ships untested.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases import lifecycle
from kurator.cases.models import Case
from kurator.cases.services import open_case
from kurator.cases.tests.factories import make_accepted_signal
from kurator.core.testing import make_family, make_organisation, make_person, make_user
from kurator.documents.services import upload_document
from kurator.documents.tests.files import upload

SECRET_FAMILY = "Засекречиновы"

# url name → {url kwarg: world key}
OBJECT_URLS: dict[str, dict[str, str]] = {
    "people:family_detail": {"pk": "family"},
    "people:family_edit": {"pk": "family"},
    "people:member_add": {"pk": "family"},
    "people:relation_add": {"pk": "family"},
    "people:family_link": {"pk": "family"},
    "people:person_detail": {"pk": "person"},
    "people:person_edit": {"pk": "person"},
    "intake:signal_detail": {"pk": "signal"},
    "intake:link_family": {"pk": "signal"},
    "intake:assign_team": {"pk": "signal"},
    "intake:record_visit": {"pk": "signal"},
    "intake:submit_report": {"pk": "signal"},
    "intake:accept": {"pk": "signal"},
    "intake:refuse": {"pk": "signal"},
    "intake:redirect": {"pk": "signal"},
    "intake:escalate": {"pk": "signal"},
    "intake:refusal_letter": {"pk": "signal"},
    "cases:open": {"signal_id": "signal"},
    "cases:case_detail": {"pk": "case"},
    "cases:complexity": {"pk": "case"},
    "cases:transfer": {"pk": "case"},
    "cases:transfer_confirm": {"pk": "case"},
    "cases:link": {"pk": "case"},
    "cases:close": {"pk": "case"},
    "cases:post_support_contact": {"pk": "case"},
    "cases:post_support_end": {"pk": "case"},
    "cases:reopen": {"pk": "case"},
    "cases:emergency_step_create": {"pk": "case"},
    "cases:emergency_step_approve": {"pk": "case", "step_pk": "step"},
    "cases:one_off_help_list": {"family_id": "family"},
    "cases:one_off_help_create": {"family_id": "family"},
    "cases:one_off_help_convert": {"family_id": "family", "pk": "help"},
    "documents:folder": {"case_pk": "case"},
    "documents:upload": {"case_pk": "case"},
    "documents:download": {"pk": "document"},
    "documents:cancel": {"pk": "document"},
    "api-family": {"pk": "family"},
    "api-person": {"pk": "person"},
    "api-signal-detail": {"pk": "signal"},
    "api-signal-assign-team": {"pk": "signal"},
    "api-signal-record-visit": {"pk": "signal"},
    "api-signal-submit-report": {"pk": "signal"},
    "api-signal-decide": {"pk": "signal"},
    "api-signal-escalate": {"pk": "signal"},
    "api-signal-link-family": {"pk": "signal"},
    "api-case-detail": {"pk": "case"},
    "api-case-complexity": {"pk": "case"},
    "api-case-timeline": {"pk": "case"},
    "api-case-close": {"pk": "case"},
    "api-case-reopen": {"pk": "case"},
    "api-case-post-support-contacts": {"pk": "case"},
    "api-case-end-post-support": {"pk": "case"},
    "api-case-emergency-steps": {"pk": "case"},
    "api-case-emergency-step-approve": {"pk": "case", "step_pk": "step"},
    "api-family-one-off-help": {"family_id": "family"},
    "api-family-one-off-help-convert": {"family_id": "family", "pk": "help"},
    "api-case-documents": {"pk": "case"},
    "api-case-folder": {"pk": "case"},
    "api-document-detail": {"pk": "document"},
    "api-document-download": {"pk": "document"},
    "api-document-cancel": {"pk": "document"},
}

# Pages and endpoints without a record in the URL: lists, forms, search.
LIST_URLS = [
    "core:home",
    "password_change",
    "password_change_done",
    "people:family_list",
    "people:family_create",
    "network:agent_list",
    "intake:signal_list",
    "intake:signal_create",
    "intake:duplicates",
    "cases:case_list",
    "api-me",
    "api-families",
    "api-persons",
    "api-person-duplicates",
    "api-signal-list",
    "api-cases",
]

# In scope, but the world's accepted signal has no refusal letter to print.
NOTHING_TO_SHOW_YET = {"intake:refusal_letter"}

# Open to everyone by design (the API schema describes endpoints, never records).
PUBLIC_URLS = ["login", "logout", "healthz", "set_language", "api-token", "api-schema", "api-docs"]

# A prefix of the family name: search boxes echo the query, which must not count as a leak.
LIST_QUERY = f"?q={SECRET_FAMILY[:6]}&last_name={SECRET_FAMILY[:6]}&first_name=Анна"


def _named_urls(resolver: URLResolver, namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            names += _named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_named_url_has_a_row_in_the_matrix() -> None:
    known = set(OBJECT_URLS) | set(LIST_URLS) | set(PUBLIC_URLS)
    missing = sorted(set(_named_urls(get_resolver())) - known)
    assert missing == [], f"add these URLs to tests/test_access_matrix.py: {missing}"


@pytest.fixture
def world(
    org: Organisation, team: Team, senior: User, curator: User, psychologist: User, head: User
) -> dict[str, Any]:
    family = make_family(by=senior, name=SECRET_FAMILY)
    person = make_person(by=senior, family=family, last_name=SECRET_FAMILY, first_name="Анна")
    signal = make_accepted_signal(
        senior=senior, family=family, future_curator=curator, psychologist=psychologist
    )
    case = open_case(signal=signal, curator=curator, by=head, scenario=Case.Scenario.EMERGENCY)
    step = lifecycle.record_emergency_step(
        case=case, by=curator, description="Купили дрова", taken_at=timezone.now()
    )
    document = upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    other_family = make_family(by=senior, name="Другие")
    help_ = lifecycle.record_one_off_help(
        family=other_family,
        by=senior,
        given_on=timezone.localdate() - timedelta(days=1),
        description="Продуктовый набор",
    )
    # The one-off help URL takes the family of the help: point both at the secret family's
    # neighbour so the (family_id, pk) pair is consistent.
    return {
        "family": family,
        "person": person,
        "signal": signal,
        "case": case,
        "step": step,
        "document": document,
        "help": help_,
        "help_family": other_family,
    }


def _url(name: str, world: dict[str, Any]) -> str:
    kwargs = {}
    for kwarg, key in OBJECT_URLS[name].items():
        if key == "family" and "help" in OBJECT_URLS[name].values():
            key = "help_family"
        kwargs[kwarg] = world[key].pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def outsiders(
    org: Organisation, other_team_curator: User, outsider: User, administrator: User
) -> dict[str, User]:
    partner = make_organisation("Опека (партнёр)", is_partner=True)
    agent = make_user(RoleCode.RESOURCE_AGENT, organisation=partner, username="agent")
    other_org_director = make_user(
        RoleCode.PROGRAMME_DIRECTOR,
        organisation=outsider.organisation,
        username="other_director",  # type: ignore[arg-type]
    )
    return {
        "curator of another team": other_team_curator,
        "team head of another organisation": outsider,
        "director of another organisation": other_org_director,
        "administrator (settings, not case contents)": administrator,
        "resource-network agent": agent,
    }


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_records_out_of_scope_look_like_they_do_not_exist(
    client: Client, world: dict[str, Any], outsiders: dict[str, User], name: str
) -> None:
    url = _url(name, world)
    for who, user in outsiders.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (404, 405), f"{who} got {response.status_code} on {url}"
        assert SECRET_FAMILY not in response.content.decode(), f"{who} saw the family at {url}"


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_anonymous_is_sent_to_login_or_refused(
    client: Client, world: dict[str, Any], name: str
) -> None:
    response = client.get(_url(name, world))
    if name.startswith("api-"):
        assert response.status_code in (401, 405)
    else:
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_the_curator_of_the_case_reaches_every_record_page(
    client: Client, world: dict[str, Any], curator: User, name: str
) -> None:
    client.force_login(curator)
    response = client.get(_url(name, world))
    if name in NOTHING_TO_SHOW_YET:
        assert response.status_code == 404
        return
    # 403 where her role may not take that action (e.g. assign a team), 405 for POST-only
    # endpoints, 302/400 where the record's state does not allow the action now.
    assert response.status_code in (200, 302, 400, 403, 405), name


@pytest.mark.parametrize("name", LIST_URLS)
def test_lists_and_searches_never_show_another_scope(
    client: Client, world: dict[str, Any], outsiders: dict[str, User], name: str
) -> None:
    url = reverse(name) + LIST_QUERY
    for who, user in outsiders.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 403), f"{who} got {response.status_code} on {url}"
        assert SECRET_FAMILY not in response.content.decode(), f"{who} saw the family at {url}"


@pytest.mark.parametrize("name", [n for n in LIST_URLS if n != "password_change_done"])
def test_lists_need_a_signed_in_user(client: Client, db: None, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code in (302, 401), name
