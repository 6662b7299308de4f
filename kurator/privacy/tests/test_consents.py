"""Consents (152-FZ): record with purpose, scope and term; withdrawal stops processing, makes
the card read-only and starts the destruction clock; the case's consent card states."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.cases.tests.factories import open_case_for
from kurator.core.testing import make_family, make_person
from kurator.documents.models import CaseDocument
from kurator.documents.services import upload_document
from kurator.documents.tests.files import upload
from kurator.people import services
from kurator.people.errors import PeopleError
from kurator.people.models import Family, FamilyRole, Person
from kurator.privacy.models import Consent, DestructionClock, PurposeKind
from kurator.privacy.queries.consents import ConsentState, consent_problems, consent_states
from kurator.privacy.services.consents import record_consent, withdraw_consent

SCOPE = "ФИО, адрес, сведения о семье — хранение и использование для помощи."


def today() -> date:
    return timezone.localdate()


def years_ago(n: int) -> date:
    t = today()
    return t.replace(year=t.year - n) - timedelta(days=3)


@pytest.fixture
def family(senior: User) -> Family:
    return make_family(by=senior, name="Ивановы")


@pytest.fixture
def mother(senior: User, family: Family) -> Person:
    return make_person(
        by=senior,
        family=family,
        role=FamilyRole.PARENT,
        first_name="Анна",
        middle_name="Сергеевна",
        birth_date=years_ago(35),
    )


@pytest.fixture
def child(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Ева", birth_date=years_ago(8))


@pytest.fixture
def teen(senior: User, family: Family) -> Person:
    return make_person(by=senior, family=family, first_name="Олег", birth_date=years_ago(15))


@pytest.fixture
def case(senior: User, curator: User, psychologist: User, family: Family) -> Case:
    # An emergency case opens on the family as it is: the tests record its consents.
    return open_case_for(
        senior=senior,
        curator=curator,
        psychologist=psychologist,
        family=family,
        scenario=Case.Scenario.EMERGENCY,
        consents=False,
    )


def consent(person: Person, by: User, **kwargs: Any) -> Consent:
    params: dict[str, Any] = {
        "purpose": PurposeKind.CASE_WORK,
        "scope": SCOPE,
        "given_on": today() - timedelta(days=10),
    } | kwargs
    return record_consent(person=person, by=by, **params)


# --- recording -----------------------------------------------------------------------------


def test_consent_is_recorded_with_purpose_scope_and_term(curator: User, mother: Person) -> None:
    c = consent(mother, curator, valid_until=today() + timedelta(days=365))
    assert c.person == mother
    assert c.organisation_id == mother.organisation_id
    assert c.purpose_kinds == {PurposeKind.CASE_WORK}
    assert c.scope == SCOPE
    assert c.recorded_by == curator
    assert c.is_valid_on(today())
    assert c.history.count() == 1  # django-simple-history keeps every change


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"purpose": "marketing"}, "purpose"),
        ({"purpose": PurposeKind.OTHER}, "purpose_other"),
        ({"scope": "   "}, "scope"),
        ({"scope": "x" * 4001}, "scope"),
        ({"given_on": None}, "given_on"),
        ({"given_on": date(2999, 1, 1)}, "given_on"),
        ({"valid_until": date(2000, 1, 1)}, "valid_until"),
    ],
)
def test_bad_consent_input_is_refused_with_the_field(
    curator: User, mother: Person, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(PeopleError) as error:
        consent(mother, curator, **kwargs)
    assert error.value.field == field
    assert Consent.objects.count() == 0


def test_other_purpose_keeps_its_words(curator: User, mother: Person) -> None:
    c = consent(mother, curator, purpose=PurposeKind.OTHER, purpose_other="Участие в лагере")
    assert c.purpose_label == "Участие в лагере"


def test_a_child_under_14_needs_the_legal_representative(
    curator: User, mother: Person, child: Person
) -> None:
    with pytest.raises(PeopleError) as error:
        consent(child, curator)
    assert error.value.field == "signed_by"
    assert "14" in error.value.message
    c = consent(child, curator, signed_by=mother)
    assert c.signed_by == mother


def test_a_teenager_signs_together_with_the_legal_representative(
    curator: User, mother: Person, teen: Person
) -> None:
    with pytest.raises(PeopleError) as error:
        consent(teen, curator)
    assert error.value.field == "signed_by"
    assert "от 14 до 18" in error.value.message
    assert Consent.objects.count() == 0
    assert consent(teen, curator, signed_by=mother).signed_by == mother


def test_only_a_parent_or_guardian_may_sign_for_a_child(
    curator: User, mother: Person, child: Person, teen: Person
) -> None:
    with pytest.raises(PeopleError) as error:
        consent(child, curator, signed_by=teen)  # a sibling is not a legal representative
    assert error.value.field == "signed_by"


def test_a_relation_makes_a_representative_outside_the_family(
    senior: User, curator: User, child: Person
) -> None:
    father = make_person(by=senior, first_name="Пётр", birth_date=years_ago(40), sex="M")
    services.relate_persons(person=child, relative=father, kind="father", by=senior)
    assert consent(child, curator, signed_by=father).signed_by == father


def test_the_signed_document_must_be_a_consent_of_the_familys_case(
    curator: User, mother: Person, case: Case
) -> None:
    contract = upload_document(
        case=case, by=curator, document_type="contract", title="Договор", file=upload()
    )
    with pytest.raises(PeopleError) as error:
        consent(mother, curator, document=contract)  # a clause of the contract is not enough
    assert error.value.field == "document"
    paper = upload_document(
        case=case, by=curator, document_type="consent_parent", title="Согласие", file=upload()
    )
    assert consent(mother, curator, document=paper).document == paper


def test_an_uploaded_scan_goes_to_the_open_cases_folder(
    curator: User, mother: Person, child: Person, case: Case
) -> None:
    c = consent(child, curator, signed_by=mother, file=upload("согласие.pdf"))
    assert c.document is not None
    assert c.document.case == case
    assert c.document.document_type == "consent_child"
    assert c.document.status == CaseDocument.Status.ACTIVE


def test_a_scan_without_an_open_case_is_refused_and_nothing_is_written(
    curator: User, mother: Person
) -> None:
    with pytest.raises(PeopleError) as error:
        consent(mother, curator, file=upload())
    assert error.value.field == "file"
    assert Consent.objects.count() == 0


def test_a_bad_scan_is_refused_beside_the_file_field(
    curator: User, mother: Person, case: Case
) -> None:
    with pytest.raises(PeopleError) as error:
        consent(mother, curator, file=upload("вирус.exe", b"MZ\x90\x00"))
    assert error.value.field == "file"
    assert Consent.objects.count() == 0
    assert (
        CaseDocument.objects.exclude(template_code="visit_report").count() == 0
    )  # the visit report: filed on opening


def test_another_teams_person_is_not_found(other_team_curator: User, mother: Person) -> None:
    with pytest.raises(PeopleError) as error:
        consent(mother, other_team_curator)
    assert error.value.message == "Человек не найден."


def test_read_only_roles_may_not_record_consents(director: User, mother: Person) -> None:
    with pytest.raises(PermissionDenied):
        consent(mother, director)


# --- withdrawal ----------------------------------------------------------------------------


def test_withdrawal_stops_processing_and_starts_the_30_day_clock(
    curator: User, mother: Person
) -> None:
    c = consent(mother, curator)
    withdrawn_on = today() - timedelta(days=2)
    withdraw_consent(consent=c, by=curator, withdrawn_on=withdrawn_on, reason="Заявление")
    c.refresh_from_db()
    assert c.withdrawn_on == withdrawn_on
    assert c.withdrawn_by == curator
    assert Consent.objects.filter(pk=c.pk).exists()  # withdrawn, never deleted
    clock = DestructionClock.objects.get(person=mother)
    assert clock.destroy_by == withdrawn_on + timedelta(days=30)
    assert not clock.blocked
    assert clock.is_running


def test_withdrawal_where_the_law_requires_keeping_blocks_for_6_months(
    curator: User, mother: Person
) -> None:
    c = consent(mother, curator)
    withdraw_consent(
        consent=c,
        by=curator,
        withdrawn_on=today(),
        retention_required=True,
        legal_basis="Федеральный закон о бухгалтерском учёте",
    )
    clock = DestructionClock.objects.get(person=mother)
    assert clock.blocked
    assert clock.destroy_by == add_months(today(), 6)


def test_retention_needs_the_law_named(curator: User, mother: Person) -> None:
    c = consent(mother, curator)
    with pytest.raises(PeopleError) as error:
        withdraw_consent(consent=c, by=curator, retention_required=True)
    assert error.value.field == "legal_basis"
    c.refresh_from_db()
    assert c.withdrawn_on is None


def test_a_consent_is_withdrawn_once(curator: User, mother: Person) -> None:
    c = consent(mother, curator)
    withdraw_consent(consent=c, by=curator)
    with pytest.raises(PeopleError) as error:
        withdraw_consent(consent=c, by=curator)
    assert "уже отозвано" in error.value.message
    assert DestructionClock.objects.count() == 1


def test_withdrawal_cannot_precede_the_consent(curator: User, mother: Person) -> None:
    c = consent(mother, curator)
    with pytest.raises(PeopleError) as error:
        withdraw_consent(consent=c, by=curator, withdrawn_on=c.given_on - timedelta(1))
    assert error.value.field == "withdrawn_on"


def test_withdrawing_a_photo_consent_ends_that_purpose_only(curator: User, mother: Person) -> None:
    photo = consent(mother, curator, purpose=PurposeKind.PHOTO, scope="Фото на сайте")
    withdraw_consent(consent=photo, by=curator)
    assert not DestructionClock.objects.exists()
    services.update_person(person=mother, by=curator, last_name="Петрова", first_name="Анна")


def test_after_withdrawal_the_card_and_memberships_are_read_only(
    senior: User, curator: User, family: Family, mother: Person, child: Person
) -> None:
    withdraw_consent(consent=consent(mother, curator), by=curator)
    with pytest.raises(PeopleError) as error:
        services.update_person(person=mother, by=curator, last_name="Петрова", first_name="Анна")
    assert "Обработка данных этого человека остановлена" in error.value.message
    other = make_family(by=senior, name="Петровы")
    with pytest.raises(PeopleError):
        services.add_member(family=other, person=mother, role=FamilyRole.PARENT, by=curator)
    with pytest.raises(PeopleError) as error:
        services.relate_persons(person=child, relative=mother, kind="mother", by=curator)
    assert error.value.field == "relative"
    with pytest.raises(PeopleError):
        services.remove_member(membership=mother.memberships.get(), by=curator)
    mother.refresh_from_db()
    assert mother.last_name == "Иванова"
    # The rest of the family goes on.
    services.update_person(person=child, by=curator, last_name="Иванова", first_name="Ева")


def test_a_new_consent_after_withdrawal_lifts_the_clock(curator: User, mother: Person) -> None:
    old = consent(mother, curator, given_on=today() - timedelta(days=20))
    withdraw_consent(consent=old, by=curator, withdrawn_on=today() - timedelta(days=5))
    with pytest.raises(PeopleError):  # a photo consent is no basis to resume
        consent(mother, curator, purpose=PurposeKind.PHOTO)
    with pytest.raises(PeopleError):  # nor a consent dated before the withdrawal
        consent(mother, curator, given_on=today() - timedelta(days=6))
    fresh = consent(mother, curator, given_on=today())
    clock = DestructionClock.objects.get(person=mother)
    assert clock.lifted_at is not None
    assert clock.lifted_by_consent == fresh
    services.update_person(person=mother, by=curator, last_name="Петрова", first_name="Анна")


def test_another_organisation_cannot_withdraw(
    curator: User, outsider: User, mother: Person
) -> None:
    c = consent(mother, curator)
    with pytest.raises(PeopleError):
        withdraw_consent(consent=c, by=outsider)
    c.refresh_from_db()
    assert c.withdrawn_on is None


# --- the case's consent card ---------------------------------------------------------------


def test_consent_states_of_parents_and_children(
    senior: User, curator: User, family: Family, mother: Person, child: Person, teen: Person
) -> None:
    make_person(by=senior, family=family, role=FamilyRole.RELATIVE, first_name="Зоя")
    grandmother = make_person(
        by=senior, family=family, role=FamilyRole.GUARDIAN, first_name="Нина",
        birth_date=years_ago(66),
    )  # fmt: skip
    consent(mother, curator, valid_until=today() + timedelta(days=400))
    consent(child, curator, signed_by=mother, valid_until=today() + timedelta(days=10))
    consent(
        teen,
        curator,
        given_on=today() - timedelta(days=100),
        valid_until=years_ago(0),
        signed_by=mother,
    )
    states = {row.person.pk: row for row in consent_states(family)}
    assert set(states) == {mother.pk, child.pk, teen.pk, grandmother.pk}  # no relatives
    assert states[mother.pk].state == ConsentState.VALID
    assert states[mother.pk].label.startswith("действует до ")
    assert states[child.pk].state == ConsentState.EXPIRING
    assert states[teen.pk].state == ConsentState.EXPIRED
    assert states[teen.pk].label.startswith("истекло ")
    assert states[grandmother.pk].state == ConsentState.MISSING
    assert states[grandmother.pk].label == "нет согласия"


def test_consent_problems_list_missing_expired_and_withdrawn(
    curator: User, case: Case, mother: Person, child: Person, teen: Person
) -> None:
    consent(child, curator, signed_by=mother)
    withdraw_consent(consent=consent(teen, curator, signed_by=mother), by=curator)
    problems = {row.person.pk: row for row in consent_problems(case)}
    assert set(problems) == {mother.pk, teen.pk}
    assert problems[mother.pk].state == ConsentState.MISSING
    assert problems[teen.pk].state == ConsentState.WITHDRAWN
    assert problems[teen.pk].destroy_by == today() + timedelta(days=30)


def test_until_withdrawn_is_the_best_term(curator: User, case: Case, mother: Person) -> None:
    consent(mother, curator, valid_until=today() + timedelta(days=5))
    consent(mother, curator)
    (row,) = [r for r in consent_states(case.family) if r.person == mother]
    assert row.state == ConsentState.VALID
    assert row.label == "действует до отзыва"
    assert row.no_document


def test_consent_problems_take_two_queries_whatever_the_familys_size(
    senior: User,
    curator: User,
    case: Case,
    mother: Person,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(8):
        kid = make_person(by=senior, family=case.family, first_name=f"Ребёнок{n}")
        consent(kid, curator, signed_by=mother)
    with django_assert_max_num_queries(2):
        rows = consent_states(case.family)
    assert len(rows) == 9
