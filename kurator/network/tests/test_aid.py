"""Services and aid: bad input, the cost norm held for the head's approval, acts as DOCX."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from kurator.accounts.models import Norms, User
from kurator.cases.models import Case
from kurator.documents.models import CaseDocument
from kurator.network.errors import NetworkError
from kurator.network.models import Delivery, Service
from kurator.network.services import agents, aid
from kurator.people.models import Person


def _give(case: Case, by: User, service: Service, person: Person, **over: object) -> Delivery:
    data: dict[str, object] = {
        "case": case,
        "by": by,
        "service": service,
        "delivered_on": timezone.localdate(),
        "persons": [person],
        "quantity": 2,
        "unit_cost": "1500.50",
        "provider": "staff",
        "funding": "grant",
    }
    data.update(over)
    return aid.record_delivery(**data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"quantity": -1}, "quantity", "Количество должно быть больше нуля."),
        ({"quantity": "abc"}, "quantity", "Введите число."),
        ({"unit_cost": "-5"}, "unit_cost", "Цена не может быть отрицательной."),
        ({"persons": []}, "persons", "Выберите, кому оказана помощь."),
        ({"provider": "agent"}, "agent", "Выберите агента, который оказал помощь."),
    ],
)
def test_bad_deliveries_are_refused_with_a_message(
    case: Case,
    curator: User,
    food: Service,
    mother: Person,
    over: dict[str, object],
    field: str,
    message: str,
) -> None:
    with pytest.raises(NetworkError) as error:
        _give(case, curator, food, mother, **over)
    assert (error.value.field, error.value.message) == (field, message)
    assert not Delivery.objects.exists()


def test_a_delivery_dated_in_the_future_is_refused(
    case: Case, curator: User, food: Service, mother: Person
) -> None:
    with pytest.raises(NetworkError, match="не может быть в будущем"):
        _give(case, curator, food, mother, delivered_on=timezone.localdate() + timedelta(days=1))


def test_cost_is_split_into_staff_aid_and_other(
    case: Case, curator: User, head: User, food: Service, mother: Person
) -> None:
    consult = agents.create_service(by=head, name="Консультация психолога", group="psychological")
    _give(case, curator, food, mother, provider="volunteer")  # aid: 3001.00
    _give(case, curator, consult, mother, quantity=1, unit_cost=1000)  # staff
    _give(case, curator, consult, mother, quantity=1, unit_cost=700, provider="volunteer")  # other
    cost = aid.case_cost(case)
    assert (cost.aid, cost.staff, cost.other) == (
        Decimal("3001.00"),
        Decimal("1000"),
        Decimal("700"),
    )
    assert cost.norm == Decimal("500000.00")


def test_material_aid_handed_over_by_staff_is_goods_for_the_goods_act(
    case: Case, curator: User, head: User, food: Service, mother: Person
) -> None:
    consult = agents.create_service(by=head, name="Консультация психолога", group="psychological")
    handed = _give(case, curator, food, mother, provider="staff")  # 3001.00 of goods
    talk = _give(case, curator, consult, mother, quantity=1, unit_cost=1000, provider="staff")
    assert (handed.cost_kind, talk.cost_kind) == ("aid", "staff")
    cost = aid.case_cost(case)
    assert (cost.aid, cost.staff) == (Decimal("3001.00"), Decimal("1000"))
    with pytest.raises(NetworkError, match="только товары"):
        aid.issue_act(case=case, by=curator, kind="goods", deliveries=[talk], recipient=mother)
    act = aid.issue_act(case=case, by=curator, kind="goods", deliveries=[handed], recipient=mother)
    assert list(act.deliveries.all()) == [handed]


def test_spending_past_the_norm_waits_for_the_team_head(
    case: Case, curator: User, head: User, food: Service, mother: Person
) -> None:
    Norms.objects.filter(organisation=case.organisation).update(cost_per_case_max=10000)
    within = _give(case, curator, food, mother, quantity=1, unit_cost=9000)
    over = _give(case, curator, food, mother, quantity=1, unit_cost=2000)
    assert within.approval == "approved"
    assert over.approval == "pending"
    assert aid.case_cost(case).total == Decimal("9000")
    assert aid.case_cost(case).pending == Decimal("2000")
    with pytest.raises(PermissionDenied):
        aid.decide_cost(delivery=over, by=curator, approve=True)
    aid.decide_cost(delivery=over, by=head, approve=True)
    assert over.approval == "granted" and over.decided_by == head and over.decided_at is not None
    assert aid.case_cost(case).total == Decimal("11000")
    with pytest.raises(NetworkError, match="Решение уже принято"):
        aid.decide_cost(delivery=over, by=head, approve=False, note="нет")


def test_a_rejection_needs_a_reason(
    case: Case, curator: User, head: User, food: Service, mother: Person
) -> None:
    Norms.objects.filter(organisation=case.organisation).update(cost_per_case_max=100)
    over = _give(case, curator, food, mother)
    with pytest.raises(NetworkError) as error:
        aid.decide_cost(delivery=over, by=head, approve=False)
    assert error.value.field == "note"
    aid.decide_cost(delivery=over, by=head, approve=False, note="Превышение без обоснования")
    assert over.approval == "rejected"
    assert aid.case_cost(case).total == 0


def test_an_act_for_nothing_or_for_a_pending_delivery_is_refused(
    case: Case, curator: User, food: Service, mother: Person
) -> None:
    with pytest.raises(NetworkError) as error:
        aid.issue_act(case=case, by=curator, kind="goods", deliveries=[], recipient=mother)
    assert error.value.message == "Акт ни на что: выберите оказанную помощь."
    Norms.objects.filter(organisation=case.organisation).update(cost_per_case_max=1)
    pending = _give(case, curator, food, mother)
    with pytest.raises(NetworkError, match="не согласованная"):
        aid.issue_act(case=case, by=curator, kind="goods", deliveries=[pending], recipient=mother)


def test_act_of_goods_opens_as_docx_with_the_name_and_sums(
    client: Client, case: Case, curator: User, food: Service, mother: Person
) -> None:
    first = _give(case, curator, food, mother, provider="volunteer")
    second = _give(case, curator, food, mother, provider="volunteer", quantity=1, unit_cost=999)
    act = aid.issue_act(
        case=case, by=curator, kind="goods", deliveries=[first, second], recipient=mother
    )
    assert act.number == f"{timezone.localdate().year}-0001"
    with pytest.raises(NetworkError, match="уже вошла в акт"):
        aid.issue_act(case=case, by=curator, kind="goods", deliveries=[first], recipient=mother)
    client.force_login(curator)
    response = client.get(reverse("network:act_download", args=[act.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert f"АКТ ПРИЁМА-ПЕРЕДАЧИ ТОВАРОВ № {act.number}" in text
    assert "Благополучатель: Иванова Мария Петровна." in text
    assert "Товары получены Ивановой Марией Петровной в полном объёме" in text
    assert "Получил: ____________ / Иванова М. П. /" in text
    assert "Итого: 4 000,00 ₽" in text
    assert "3 001,00" in cells and "999,00" in cells


def test_services_act_takes_only_services(
    case: Case, curator: User, head: User, food: Service, mother: Person
) -> None:
    consult = agents.create_service(by=head, name="Консультация юриста", group="legal")
    goods = _give(case, curator, food, mother, provider="volunteer")
    talk = _give(case, curator, consult, mother, quantity=1, unit_cost=0)
    with pytest.raises(NetworkError, match="только товары"):
        aid.issue_act(
            case=case, by=curator, kind="services", deliveries=[goods, talk], recipient=mother
        )
    act = aid.issue_act(case=case, by=curator, kind="services", deliveries=[talk], recipient=mother)
    assert act.get_kind_display() == "акт оказанных услуг"


def test_the_pages_record_aid_and_the_head_approves(
    client: Client, case: Case, curator: User, head: User, food: Service, mother: Person
) -> None:
    Norms.objects.filter(organisation=case.organisation).update(cost_per_case_max=1000)
    client.force_login(curator)
    url = reverse("network:delivery_create", args=[case.pk])
    page = client.post(
        url,
        {
            "service": food.pk,
            "persons": [mother.pk],
            "quantity": "-1",
            "unit_cost": "10",
            "provider": "staff",
            "funding": "own",
            "delivered_on": timezone.localdate().isoformat(),
        },
    )
    assert "Количество должно быть больше нуля." in page.content.decode()
    response = client.post(
        url,
        {
            "service": food.pk,
            "persons": [mother.pk],
            "quantity": "1",
            "unit_cost": "5000",
            "provider": "volunteer",
            "funding": "own",
            "delivered_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    page = client.get(reverse("network:case_network", args=[case.pk])).content.decode()
    assert "ожидает согласования" in page
    assert client.get(reverse("network:delivery_decide", args=[delivery.pk])).status_code == 403
    client.force_login(head)
    response = client.post(reverse("network:delivery_decide", args=[delivery.pk]), {"approve": "1"})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.approval == "granted" and delivery.decided_by == head
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-network-card"' in page
    assert "5\xa0000,00 ₽" in page, page[page.find("Расходы за 12") :][:300]


def test_an_act_opens_even_when_a_stored_name_holds_a_control_character(
    client: Client, case: Case, curator: User, food: Service, mother: Person
) -> None:
    """Text stored before control characters were refused still makes a valid DOCX."""
    delivery = _give(case, curator, food, mother, provider="volunteer")
    act = aid.issue_act(
        case=case, by=curator, kind="goods", deliveries=[delivery], recipient=mother
    )
    Person.objects.filter(pk=mother.pk).update(last_name="Ивано\x0bва")
    client.force_login(curator)
    response = client.get(reverse("network:act_download", args=[act.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Иванова Мария Петровна" in text


def test_template_syntax_in_a_name_stays_literal_in_the_act(
    client: Client, case: Case, curator: User, head: User, mother: Person
) -> None:
    kit = agents.create_service(by=head, name="Набор {{7*7}} <w:t>", group="material")
    delivery = _give(case, curator, kit, mother, provider="volunteer")
    act = aid.issue_act(
        case=case, by=curator, kind="goods", deliveries=[delivery], recipient=mother
    )
    Person.objects.filter(pk=mother.pk).update(first_name="{{7*7}}")
    client.force_login(curator)
    response = client.get(reverse("network:act_download", args=[act.pk]))
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "Благополучатель: Иванова {{7*7}} Петровна." in text
    assert "Набор {{7*7}} <w:t>" in cells
    everything = text + "".join(cells)
    assert "Набор 49" not in everything
    assert "Иванова 49" not in everything


def test_a_services_act_downloads_from_its_own_template(
    client: Client, case: Case, curator: User, head: User, mother: Person
) -> None:
    consult = agents.create_service(by=head, name="Консультация юриста", group="legal")
    talk = _give(case, curator, consult, mother, quantity=1, unit_cost=0)
    act = aid.issue_act(case=case, by=curator, kind="services", deliveries=[talk], recipient=mother)
    client.force_login(curator)
    response = client.get(reverse("network:act_download", args=[act.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"АКТ ОКАЗАННЫХ УСЛУГ № {act.number}" in text
    assert "Получил: ____________ / Иванова М. П. /" in text


def test_the_act_goes_into_the_case_folder_numbered_to_be_signed(
    client: Client, case: Case, curator: User, food: Service, mother: Person
) -> None:
    given = _give(case, curator, food, mother, provider="volunteer")
    act = aid.issue_act(case=case, by=curator, kind="goods", deliveries=[given], recipient=mother)
    client.force_login(curator)
    response = client.post(reverse("network:act_file", args=[act.pk]))
    assert response["Location"] == reverse("documents:folder", args=[case.pk])
    filed = CaseDocument.objects.get(case=case, template_code="act_goods")
    assert filed.signed_on is None and filed.number
    text = "\n".join(p.text for p in Document(filed.file.open("rb")).paragraphs)
    assert "Товары получены Ивановой Марией Петровной в полном объёме" in text
