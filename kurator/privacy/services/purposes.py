"""Purposes of consent as data: each organisation's list, its defaults, and how a consent's
purposes are named in a form, the API or a script.

The administrator edits the list in the admin (``kurator/privacy/admin.py``); a new
organisation gets the defaults (``default_purposes``) by ``ensure_default_purposes``, called
on its creation by ``kurator/privacy/receivers.py``; the data migration ``privacy.0003`` gave
them to the organisations that existed. A transfer purpose names a category of the resource network
(``ResourceAgent.Category``): a consent to transfer to NGOs does not open a referral to a
state body.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.accounts.models import Organisation
from kurator.network.models import ResourceAgent
from kurator.people.errors import PeopleError
from kurator.privacy.models import ConsentPurpose, PurposeKind

__all__ = [
    "PURPOSES_REQUIRED",
    "PURPOSE_UNKNOWN",
    "category_label",
    "default_purposes",
    "ensure_default_purposes",
    "resolve_purposes",
    "transfer_code",
]

PURPOSE_UNKNOWN = gettext_lazy("Выберите цель из списка.")
PURPOSES_REQUIRED = gettext_lazy("Выберите хотя бы одну цель согласия.")


def transfer_code(category: str) -> str:
    return f"transfer_{category}"


def category_label(category: str) -> str:
    try:
        return str(ResourceAgent.Category(category).label)
    except ValueError:
        return category


def default_purposes() -> list[tuple[str, str, str, str]]:
    """(code, title, kind, category) of the defaults, in their order."""
    rows = [
        (
            PurposeKind.CASE_WORK.value,
            str(_("обработка персональных данных для оказания помощи")),
            PurposeKind.CASE_WORK.value,
            "",
        )
    ]
    rows += [
        (
            transfer_code(category.value),
            str(_("передача данных: %(category)s") % {"category": category.label}),
            PurposeKind.TRANSFER.value,
            category.value,
        )
        for category in ResourceAgent.Category
    ]
    rows += [
        (
            PurposeKind.SUPERVISION.value,
            str(_("обсуждение случая на внешней супервизии")),
            PurposeKind.SUPERVISION.value,
            "",
        ),
        (PurposeKind.PHOTO.value, str(_("фото- и видеосъёмка")), PurposeKind.PHOTO.value, ""),
        (
            PurposeKind.PUBLICATION.value,
            str(_("публикация (сайт, социальные сети, СМИ)")),
            PurposeKind.PUBLICATION.value,
            "",
        ),
        (PurposeKind.OTHER.value, str(_("другое")), PurposeKind.OTHER.value, ""),
    ]
    return rows


def ensure_default_purposes(*, organisation: Organisation) -> list[ConsentPurpose]:
    """Create the default purposes the organisation lacks (by code); idempotent. Returns the
    organisation's purposes."""
    defaults = default_purposes()
    with transaction.atomic():
        have = set(
            ConsentPurpose.objects.filter(organisation=organisation).values_list("code", flat=True)
        )
        ConsentPurpose.objects.bulk_create(
            [
                ConsentPurpose(
                    organisation=organisation,
                    code=code,
                    title=title,
                    kind=kind,
                    category=category,
                    position=position,
                )
                for position, (code, title, kind, category) in enumerate(defaults, start=1)
                if code not in have
            ]
        )
    return list(ConsentPurpose.objects.filter(organisation=organisation))


def resolve_purposes(
    organisation_id: int, values: Iterable[ConsentPurpose | str]
) -> list[ConsentPurpose]:
    """The organisation's active purposes named by ``values`` (purposes or their codes);
    PeopleError on the field ``purposes`` for an unknown one, a transfer to a category the
    resource network has not, or none at all."""
    codes: list[str] = []
    for value in values:
        if isinstance(value, ConsentPurpose):
            if value.organisation_id != organisation_id or not value.is_active:
                raise PeopleError(PURPOSE_UNKNOWN, field="purposes")
            codes.append(value.code)
        elif isinstance(value, str) and value.strip():
            codes.append(value.strip())
        else:
            raise PeopleError(PURPOSE_UNKNOWN, field="purposes")
    if not codes:
        raise PeopleError(PURPOSES_REQUIRED, field="purposes")
    found = {
        p.code: p
        for p in ConsentPurpose.objects.filter(
            organisation_id=organisation_id, code__in=codes, is_active=True
        )
    }
    for code in codes:
        if code in found:
            continue
        if code.startswith("transfer_"):
            raise PeopleError(
                _(
                    "Категории «%(category)s» нет в справочнике ресурсной сети: согласие на "
                    "передачу данных даётся для одной из её категорий."
                )
                % {"category": code.removeprefix("transfer_")},
                field="purposes",
            )
        raise PeopleError(
            _("Цели «%(code)s» нет в списке целей согласия организации.") % {"code": code},
            field="purposes",
        )
    unique = list(dict.fromkeys(codes))
    return [found[code] for code in unique]
