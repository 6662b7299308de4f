"""The directory: the catalogue refuses money and debts, agreements, vetting, search by
service and territory, XLSX export (formula-safe) and import (preview, all or nothing)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kurator.accounts.models import User
from kurator.documents.tests.files import zip_bomb
from kurator.network.errors import NetworkError
from kurator.network.models import ResourceAgent, Service
from kurator.network.services import agents, spreadsheet


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(spreadsheet.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name",
    ["Денежная помощь многодетным", "Оплата долгов за ЖКХ", "Погашение кредита", "Наличные"],
)
def test_catalogue_never_holds_money_or_debts(head: User, name: str) -> None:
    with pytest.raises(NetworkError) as error:
        agents.create_service(by=head, name=name, group="material")
    assert error.value.field == "name"
    assert "Денежная помощь семьям и оплата долгов" in error.value.message
    assert not Service.objects.exists()


def test_catalogue_rejects_a_duplicate_and_a_renaming_into_money(head: User) -> None:
    food = agents.create_service(by=head, name="Продуктовый набор", group="material")
    with pytest.raises(NetworkError, match="уже есть"):
        agents.create_service(by=head, name="продуктовый  набор", group="material")
    with pytest.raises(NetworkError):
        agents.update_service(
            service=food,
            by=head,
            name="Деньги на продукты",
            group="material",
            unit="шт.",
            is_active=True,
        )


def test_default_catalogue_adds_the_service_kinds_once(head: User) -> None:
    first = agents.add_default_catalogue(by=head)
    assert len(first) >= 15
    assert agents.add_default_catalogue(by=head) == []


def test_curator_cannot_edit_the_catalogue(curator: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        agents.create_service(by=curator, name="Дрова", group="material")


def test_volunteers_need_vetting_agencies_do_not(head: User) -> None:
    volunteers = agents.create_agent(by=head, name="Добрые руки", category="volunteers")
    agency = agents.create_agent(by=head, name="Опека", category="agency")
    assert volunteers.vetting == ResourceAgent.Vetting.PENDING
    assert agency.vetting == ResourceAgent.Vetting.NOT_NEEDED
    agents.set_vetting(agent=volunteers, by=head, passed=True)
    assert volunteers.vetting == ResourceAgent.Vetting.PASSED
    with pytest.raises(NetworkError):
        agents.set_vetting(agent=agency, by=head, passed=True)


def test_agreement_dates_are_checked_and_in_force_is_computed(head: User) -> None:
    agent = agents.create_agent(by=head, name="Опека", category="agency")
    with pytest.raises(NetworkError) as error:
        agents.add_agreement(
            agent=agent,
            by=head,
            kind="contract",
            number="1",
            valid_from=date(2026, 5, 1),
            valid_until=date(2026, 4, 1),
        )
    assert error.value.field == "valid_until"
    agreement = agents.add_agreement(
        agent=agent,
        by=head,
        kind="contract",
        number="12/26",
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    assert agreement.is_in_force(date(2026, 6, 1))
    assert not agreement.is_in_force(date(2027, 1, 1))


def test_search_by_service_and_territory(client: Client, head: User, curator: User) -> None:
    food = agents.create_service(by=head, name="Продуктовый набор", group="material")
    agents.create_agent(
        by=head, name="Банк еды", category="ngo", territory="Смоленск", catalogue=[food]
    )
    agents.create_agent(by=head, name="Юристы", category="professional", territory="Вязьма")
    agents.create_agent(
        by=head, name="Фонд Волгограда", category="ngo", territory="Волгоград", catalogue=[food]
    )
    client.force_login(curator)
    page = client.get(
        reverse("network:agent_list"), {"service": food.pk, "territory": "смоленск"}
    ).content.decode()
    assert "Банк еды" in page
    assert "Юристы" not in page and "Фонд Волгограда" not in page


def test_export_opens_in_excel_and_writes_formulas_as_text(
    client: Client, head: User, curator: User
) -> None:
    agents.create_agent(by=head, name='=HYPERLINK("x")', category="ngo", contacts="+7 900")
    client.force_login(curator)
    response = client.get(reverse("network:agent_export"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Название"
    assert rows[1][0] == '=HYPERLINK("x")'
    assert rows[1][6] == "+7 900"
    assert sheet["A2"].quotePrefix is True and sheet["G2"].quotePrefix is True
    assert sheet["A2"].data_type == "s"


def test_import_with_one_bad_row_writes_nothing(client: Client, head: User) -> None:
    client.force_login(head)
    data = _xlsx(
        [
            ["Банк еды", "социально ориентированная НКО", "", "продукты", "Смоленск", "", "", ""],
            ["", "марсиане", "Левитация", "", "", "", "", "not-an-email"],
        ]
    )
    upload = io.BytesIO(data)
    upload.name = "agents.xlsx"
    page = client.post(reverse("network:agent_import"), {"file": upload}).content.decode()
    assert "Строка 3: нет названия; неизвестная категория «марсиане»" in page
    assert "услуги «Левитация» нет в каталоге" in page
    assert not ResourceAgent.objects.exists()


def test_import_previews_then_writes_on_confirmation(client: Client, head: User) -> None:
    food = agents.create_service(by=head, name="Продуктовый набор", group="material")
    client.force_login(head)
    upload = io.BytesIO(
        _xlsx(
            [
                [
                    "Банк еды",
                    "Социально ориентированная НКО",
                    "продуктовый набор",
                    "",
                    "Смоленск",
                    "",
                    "",
                    "a@b.ru",
                ]
            ]
        )
    )
    upload.name = "agents.xlsx"
    page = client.post(reverse("network:agent_import"), {"file": upload}).content.decode()
    assert 'data-testid="import-preview"' in page
    assert not ResourceAgent.objects.exists()
    response = client.post(reverse("network:agent_import"), {"confirm": "True"})
    assert response.status_code == 302
    agent = ResourceAgent.objects.get()
    assert agent.name == "Банк еды" and list(agent.catalogue.all()) == [food]
    # A second confirmation (double click) writes nothing more.
    client.post(reverse("network:agent_import"), {"confirm": "True"})
    assert ResourceAgent.objects.count() == 1


def test_import_refuses_a_file_that_is_not_a_workbook(client: Client, head: User) -> None:
    client.force_login(head)
    upload = io.BytesIO(b"not a zip")
    upload.name = "agents.xlsx"
    page = client.post(reverse("network:agent_import"), {"file": upload}).content.decode()
    assert "Файл не читается как книга Excel" in page


def test_import_refuses_a_zip_bomb_before_unpacking_it(client: Client, head: User) -> None:
    client.force_login(head)
    upload = io.BytesIO(zip_bomb())
    upload.name = "agents.xlsx"
    page = client.post(reverse("network:agent_import"), {"file": upload}).content.decode()
    assert "Файл XLSX распаковывается в 300 МБ — больше допустимых 100 МБ" in page
    assert not ResourceAgent.objects.exists()


def test_agent_pages_work_for_the_head(client: Client, head: User) -> None:
    client.force_login(head)
    response = client.post(
        reverse("network:agent_create"),
        {"name": "Клиника", "category": "business", "email": "x@y.ru", "is_active": "on"},
    )
    agent = ResourceAgent.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("network:agreement_create", args=[agent.pk]),
        {"kind": "service", "number": "5", "valid_from": "2026-01-01", "status": "active"},
    )
    assert response.status_code == 302
    page = client.get(reverse("network:agent_detail", args=[agent.pk])).content.decode()
    assert "соглашение об оказании услуг № 5" in page
    assert "не проверен" in page


def test_list_page_queries_are_bounded(
    client: Client, head: User, curator: User, django_assert_max_num_queries: object
) -> None:
    food = agents.create_service(by=head, name="Продуктовый набор", group="material")
    for n in range(15):
        agents.create_agent(by=head, name=f"Агент {n}", category="ngo", catalogue=[food])
    client.force_login(curator)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("network:agent_list")).status_code == 200


def test_informed_refusal_matching_reads_the_prefetched_catalogue(head: User) -> None:
    from kurator.network.matching import rank_agents

    legal = agents.create_service(by=head, name="Юридическая консультация", group="legal")
    agents.create_agent(by=head, name="Клиника", category="professional", catalogue=[legal])
    directory = ResourceAgent.objects.prefetch_related("catalogue")
    ranked = rank_agents(directory, address="г. Москва", need="нужна юридическая консультация")
    assert [m.agent.name for m in ranked] == ["Клиника"]
