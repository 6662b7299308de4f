"""Prescribed versus delivered: the shortfall on the case and the complaint letter (DOCX)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.testing import make_person
from kurator.documents.models import CaseDocument
from kurator.network.errors import NetworkError
from kurator.network.models import StateEntitlement
from kurator.network.services import entitlements
from kurator.people.models import Family, Person


def _home_worker(case: Case, curator: User, mother: Person) -> StateEntitlement:
    return entitlements.add_entitlement(
        case=case,
        by=curator,
        person=mother,
        title="Социальный работник на дому",
        department="КЦСОН «Вяземский»",
        department_address="г. Вязьма, ул. Ленина, 49",
        per_week=5,
        starts_on=date(2026, 1, 1),
    )


def test_expected_times_follow_the_weekly_norm(case: Case, curator: User, mother: Person) -> None:
    entitlement = _home_worker(case, curator, mother)
    # Four weeks: 20 visits due; before the start nothing is due.
    assert entitlements.expected_in(entitlement, date(2026, 3, 2), date(2026, 3, 29)) == 20
    assert entitlements.expected_in(entitlement, date(2025, 12, 1), date(2025, 12, 31)) == 0


def test_bad_entitlements_and_checks_get_messages(
    case: Case, curator: User, mother: Person
) -> None:
    with pytest.raises(NetworkError) as error:
        entitlements.add_entitlement(
            case=case,
            by=curator,
            person=mother,
            title="x",
            department="",
            per_week=5,
            starts_on=date(2026, 1, 1),
        )
    assert error.value.message == "Укажите ответственное ведомство."
    entitlement = _home_worker(case, curator, mother)
    today = timezone.localdate()
    with pytest.raises(NetworkError, match="раньше начала"):
        entitlements.record_check(
            entitlement=entitlement,
            by=curator,
            period_start=today,
            period_end=today - timedelta(1),
            delivered=1,
        )
    with pytest.raises(NetworkError, match="отрицательным"):
        entitlements.record_check(
            entitlement=entitlement,
            by=curator,
            period_start=today - timedelta(6),
            period_end=today,
            delivered=-1,
        )


def test_shortfall_shows_on_the_case_and_the_complaint_opens_as_docx(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    entitlement = _home_worker(case, curator, mother)
    check = entitlements.record_check(
        entitlement=entitlement,
        by=curator,
        period_start=date(2026, 3, 2),
        period_end=date(2026, 3, 29),
        delivered=8,
        note="Соцработник приходит по понедельникам и средам",
    )
    assert (check.expected, check.shortfall) == (20, 12)
    client.force_login(curator)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Социальный работник на дому: оказано 8 из 20" in page
    response = client.get(reverse("network:complaint_letter", args=[check.pk]))
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Руководителю КЦСОН «Вяземский»" in text
    assert "Ивановой Марии Петровне положена услуга «Социальный работник на дому»" in text
    assert "должна была быть оказана 20 раз, фактически оказана 8 раз; недопоставлено 12" in text
    assert f"Куратор случая: ____________ / {curator.short_name} /" in text


def test_the_complaint_about_a_mans_service_names_him_in_the_male_dative(
    client: Client, case: Case, curator: User, senior: User, family: Family
) -> None:
    father = make_person(
        by=senior,
        family=family,
        role="parent",
        last_name="Иванов",
        first_name="Пётр",
        middle_name="Сергеевич",
        birth_date=date(1985, 1, 1),
        sex="M",
    )
    check = entitlements.record_check(
        entitlement=_home_worker(case, curator, father),
        by=curator,
        period_start=date(2026, 3, 2),
        period_end=date(2026, 3, 8),
        delivered=3,
    )
    client.force_login(curator)
    response = client.get(reverse("network:complaint_letter", args=[check.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Иванову Петру Сергеевичу положена услуга" in text
    assert "фактически оказана 3 раза; недопоставлено 2" in text
    assert "Что мы видели" not in text


def test_a_complaint_without_a_shortfall_is_refused_with_a_message(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    check = entitlements.record_check(
        entitlement=_home_worker(case, curator, mother),
        by=curator,
        period_start=date(2026, 3, 2),
        period_end=date(2026, 3, 8),
        delivered=5,
    )
    client.force_login(curator)
    response = client.get(reverse("network:complaint_letter", args=[check.pk]), follow=True)
    assert "оказана полностью" in response.content.decode()


def test_the_pages_record_an_entitlement_and_a_check(
    client: Client, case: Case, curator: User, mother: Person
) -> None:
    client.force_login(curator)
    response = client.post(
        reverse("network:entitlement_create", args=[case.pk]),
        {
            "person": mother.pk,
            "title": "Соцработник",
            "per_week": "5",
            "starts_on": "2026-01-01",
            "department": "КЦСОН",
        },
    )
    assert response.status_code == 302
    entitlement = StateEntitlement.objects.get()
    url = reverse("network:entitlement_check", args=[entitlement.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    page = client.post(url, {"period_start": "2026-03-02", "period_end": future, "delivered": "2"})
    assert "Период не может заканчиваться в будущем." in page.content.decode()
    response = client.post(
        url, {"period_start": "2026-03-02", "period_end": "2026-03-08", "delivered": "2"}
    )
    assert response.status_code == 302
    assert entitlement.checks.get().shortfall == 3


def test_the_complaint_goes_into_the_case_folder_from_the_case_page(
    client: Client, case: Case, curator: User, mother: Person, director: User
) -> None:
    check = entitlements.record_check(
        entitlement=_home_worker(case, curator, mother),
        by=curator,
        period_start=date(2026, 3, 2),
        period_end=date(2026, 3, 29),
        delivered=8,
    )
    url = reverse("network:complaint_file", args=[check.pk])
    client.force_login(director)  # reads cases, writes none
    assert client.post(url).status_code == 403
    assert not CaseDocument.objects.filter(template_code="complaint").exists()
    client.force_login(curator)
    assert (
        'data-testid="complaint-file"'
        in client.get(reverse("network:case_network", args=[case.pk])).content.decode()
    )
    response = client.post(url)
    assert response["Location"] == reverse("documents:folder", args=[case.pk])
    filed = CaseDocument.objects.get(case=case, template_code="complaint")
    text = "\n".join(p.text for p in Document(filed.file.open("rb")).paragraphs)
    assert "Ивановой Марии Петровне положена услуга" in text
    assert client.get(url).status_code == 405  # filing is a POST, never a link
