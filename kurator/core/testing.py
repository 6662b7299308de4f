"""Test helpers: build the cast of a test through services, never by raw ``.save()``.

Used by ``conftest.py`` fixtures and by any test that needs one more person or family.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from django.test import Client

from kurator.accounts.models import ApiToken, Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.accounts.services import create_organisation, create_team, create_user
from kurator.people.models import Family, FamilyRole, Person
from kurator.people.services import create_family, create_person

TEST_PASSWORD = "kurator-test-pass"  # noqa: S105 — test fixtures only
_seq = itertools.count(1)


def make_organisation(name: str | None = None, **kwargs: object) -> Organisation:
    return create_organisation(name=name or f"Организация {next(_seq)}", **kwargs)  # type: ignore[arg-type]


def make_team(organisation: Organisation, name: str | None = None) -> Team:
    return create_team(organisation=organisation, name=name or f"Команда {next(_seq)}")


def make_user(
    *roles: str,
    organisation: Organisation,
    team: Team | None = None,
    username: str | None = None,
    last_name: str = "Тестова",
    first_name: str = "Анна",
) -> User:
    n = next(_seq)
    return create_user(
        username=username or f"user{n}",
        password=TEST_PASSWORD,
        organisation=organisation,
        team=team,
        roles=list(roles) or [RoleCode.CURATOR],
        last_name=last_name,
        first_name=first_name,
        email=f"user{n}@example.test",
    )


def make_family(
    *, by: User, team: Team | None = None, name: str = "Ивановы", distance_km: str | None = "25"
) -> Family:
    assert by.team is not None or team is not None
    return create_family(
        by=by,
        team=team or by.team,  # type: ignore[arg-type]
        name=name,
        address="г. Смоленск, ул. Тестовая, 1",
        distance_km=Decimal(distance_km) if distance_km is not None else None,
    )


def make_person(
    *,
    by: User,
    family: Family | None = None,
    role: str = FamilyRole.CHILD,
    last_name: str = "Иванова",
    first_name: str = "Мария",
    middle_name: str = "Петровна",
    birth_date: date | None = date(2015, 5, 20),
    sex: str = "F",
) -> Person:
    return create_person(
        by=by,
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        birth_date=birth_date,
        sex=sex,
        family=family,
        family_role=role if family is not None else None,
    )


# Every default purpose of consent: case work, transfer to each category of the resource
# network, supervision, photo and video, publication.
ALL_CONSENTS = "all"


def give_consents(
    *,
    by: User,
    family: Family,
    purposes: str | list[str] = ALL_CONSENTS,
    given_on: date | None = None,
) -> None:
    """Every member of ``family`` consents (through the privacy service) to ``purposes``
    (codes; by default all the organisation's): adults sign themselves, children with a
    parent or guardian of the family. A family without a representative gets a mother first
    (the gates ask the legal representative's consent) — also when its parents were made
    with a child's birth date, as the factories' default is."""
    from django.utils import timezone

    from kurator.people.models import FamilyMembership
    from kurator.privacy.common import age_on
    from kurator.privacy.models import Consent, ConsentPurpose
    from kurator.privacy.services.consents import record_consent

    given_on = given_on or timezone.localdate()
    memberships = list(FamilyMembership.objects.filter(family=family).select_related("person"))

    def adult(person: Person) -> bool:
        return person.birth_date is None or age_on(person.birth_date, given_on) >= 18

    representatives = [
        m.person
        for m in memberships
        if m.role in (FamilyRole.PARENT, FamilyRole.GUARDIAN) and adult(m.person)
    ]
    if not representatives:
        # «Петровы» → «Петрова»: the family's own surname, never a name another test searches.
        surname = family.name[:-1] + "а" if family.name.endswith("ы") else "Родителева"
        mother = make_person(
            by=by,
            family=family,
            role=FamilyRole.PARENT,
            last_name=surname,
            first_name="Ольга",
            middle_name="Ивановна",
            birth_date=date(1985, 3, 1),
        )
        representatives = [mother]
        memberships = list(FamilyMembership.objects.filter(family=family).select_related("person"))
    codes = (
        list(
            ConsentPurpose.objects.filter(organisation_id=family.organisation_id)
            .exclude(kind="other")
            .values_list("code", flat=True)
        )
        if purposes == ALL_CONSENTS
        else list(purposes)
    )
    consented = set(
        Consent.objects.filter(person__in=[m.person for m in memberships], withdrawn_on=None)
        .filter(purposes__code__in=codes)
        .values_list("person_id", flat=True)
    )
    for membership in memberships:
        person = membership.person
        if person.pk in consented:
            continue  # asked twice (a fixture, then a factory): one consent is enough
        minor = not adult(person)
        signer = next((r for r in representatives if r.pk != person.pk), None) if minor else None
        record_consent(
            person=person,
            by=by,
            purposes=codes,
            scope="ФИО, дата рождения, адрес, сведения о семье",
            given_on=max(given_on, person.birth_date or given_on),
            signed_by=signer,
        )


# --- step-up (kurator.accounts.stepup) -------------------------------------------------------


def confirm_identity(client: Client) -> None:
    """As if the user signed in to ``client`` had just entered her code (or, without the
    second factor, her password) again: exports serve for the next five minutes. A sign-in
    (``force_login`` too) already counts as one without the second factor."""
    from kurator.accounts import clock, two_factor

    session = client.session
    session[two_factor.REAUTH_AT] = clock.now()
    session[two_factor.REAUTH_FACTOR] = (
        two_factor.TOTP if two_factor.is_required() else two_factor.PASSWORD
    )
    session.save()


def fresh_token(user: User) -> ApiToken:
    """A token issued now (with the code, as where the second factor is required): the API's
    exports and person list serve it for five minutes. For ``force_authenticate(user,
    token=fresh_token(user))``; an ``APIClient`` forced without a token never passes step-up."""
    from kurator.accounts.tokens import hash_key, issue_token

    key = issue_token(user=user, with_second_factor=True)
    return ApiToken.objects.get(key_hash=hash_key(key))
