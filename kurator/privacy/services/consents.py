"""Consents (152-FZ, "voluntariness"): recording and withdrawing them, and the read-only card
of a person whose processing is stopped.

Consents with purpose and term, withdrawal at any time; nothing signed is deleted. Rules that
live here:

- a consent has a purpose, a scope, a date and a term (none = until withdrawn); the signed
  paper is a separate «согласие на обработку ПДн» document of a case folder; a child under 14
  is represented by a parent or guardian who signs;
- a consent names one or more purposes of the organisation's list
  (``kurator.privacy.services.purposes``); an adult signs herself, a child under 14 is
  represented by a parent or guardian who signs alone, a minor of 14–18 signs together with
  one;
- withdrawing the consent to *processing for help* (``PurposeKind.CASE_WORK``) stops the
  processing of the person's data: the card and the person's memberships and relations become
  read-only (``check_processing_allowed``, called by ``people.services``) and a destruction
  clock starts — 30 days, or, where a law requires keeping the data longer, blocked and
  destroyed within 6 months. A new consent to processing given after the withdrawal lifts a
  running clock. Withdrawing a consent for another purpose (photos, partners) ends that
  purpose only.

The consent card's states and the scoped reads are in ``kurator.privacy.queries.consents``,
destruction (anonymisation) and its acts in ``kurator.privacy.services.retention``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.files.base import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.cases.services.lifecycle import add_months
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.people.errors import PeopleError
from kurator.people.models import FamilyMembership, FamilyRole, Person, PersonRelation
from kurator.privacy.common import (
    INVALID_DATE,
    age_on,
    check_person,
    clean_text,
    format_day,
    past_date,
)
from kurator.privacy.models import (
    Anonymisation,
    Consent,
    ConsentPurpose,
    DestructionClock,
    PurposeKind,
)
from kurator.privacy.services.purposes import resolve_purposes

__all__ = [
    "ADULT_AGE",
    "BLOCKED_MONTHS",
    "CHILD_SIGNS_FROM_AGE",
    "CONSENT_DOCUMENT_TYPES",
    "DESTRUCTION_DAYS",
    "check_processing_allowed",
    "consent_documents_for",
    "destroy_by_for",
    "record_consent",
    "representatives_of",
    "withdraw_consent",
    "withdrawal_stops_processing",
]

DESTRUCTION_DAYS = 30  # 152-FZ, art. 21 part 5: destroy within 30 days of the withdrawal
BLOCKED_MONTHS = 6  # blocked and destroyed within 6 months where a law requires keeping
CHILD_SIGNS_FROM_AGE = 14  # under 14 the legal representative signs for the child
ADULT_AGE = 18
CONSENT_DOCUMENT_TYPES = (DocumentType.CONSENT_PARENT, DocumentType.CONSENT_CHILD)
# A parent or guardian in a shared family, or a relation that says so, represents a child.
_REPRESENTATIVE_ROLES = (FamilyRole.PARENT, FamilyRole.GUARDIAN)
_REPRESENTATIVE_KINDS = (
    PersonRelation.Kind.MOTHER,
    PersonRelation.Kind.FATHER,
    PersonRelation.Kind.GUARDIAN,
)
SCOPE_MAX = 4000
TEXT_MAX = 4000
PURPOSE_OTHER_MAX = 300
LEGAL_BASIS_MAX = 300
# Messages the forms show for the same mistakes (kurator.privacy.forms.consents).
SCOPE_REQUIRED = gettext_lazy("Укажите, какие данные и какие действия с ними разрешены.")
GIVEN_ON_REQUIRED = gettext_lazy("Укажите дату согласия.")
WITHDRAWN_ON_REQUIRED = gettext_lazy("Укажите дату отзыва.")


# --- processing stopped: the read-only card --------------------------------------------------


def _stop_message(person: Person) -> str | None:
    anonymisation = Anonymisation.objects.filter(person=person).first()
    if anonymisation is not None:
        return _(
            "Данные этого человека уничтожены (обезличены) %(date)s. Карточка доступна "
            "только для чтения."
        ) % {"date": format_day(timezone.localdate(anonymisation.anonymised_at))}
    clock = DestructionClock.objects.filter(person=person, lifted_at__isnull=True).first()
    if clock is not None:
        return _(
            "Обработка данных этого человека остановлена: согласие отозвано %(date)s. "
            "Карточка доступна только для чтения."
        ) % {"date": format_day(clock.stopped_on)}
    return None


def check_processing_allowed(person: Person, *, field: str | None = "person") -> None:
    """PeopleError when the person's consent to processing is withdrawn (a running clock) or
    their data are destroyed: nothing about them may change any more."""
    message = _stop_message(person)
    if message is not None:
        raise PeopleError(message, field=field)


# --- consents --------------------------------------------------------------------------------


def representatives_of(person: Person) -> QuerySet[Person]:
    """Who may sign for ``person``: a parent or guardian of a family the person belongs to,
    or someone recorded as the person's mother, father or guardian (or with the person as
    their child)."""
    family_ids = FamilyMembership.objects.filter(person=person).values("family_id")
    by_family = FamilyMembership.objects.filter(
        family_id__in=family_ids, role__in=_REPRESENTATIVE_ROLES
    ).values("person_id")
    by_relation = PersonRelation.objects.filter(
        person=person, kind__in=_REPRESENTATIVE_KINDS
    ).values("relative_id")
    by_inverse = PersonRelation.objects.filter(
        relative=person, kind=PersonRelation.Kind.CHILD
    ).values("person_id")
    return (
        Person.objects.filter(organisation_id=person.organisation_id)
        .filter(Q(pk__in=by_family) | Q(pk__in=by_relation) | Q(pk__in=by_inverse))
        .exclude(pk=person.pk)
        .order_by("last_name", "first_name", "pk")
    )


def consent_documents_for(person: Person, user: User) -> QuerySet[CaseDocument]:
    """Consent documents of the folders of the person's families' cases that ``user`` sees."""
    cases = access.cases_visible_to(user).filter(family__memberships__person=person)
    return (
        CaseDocument.objects.filter(case__in=cases, document_type__in=CONSENT_DOCUMENT_TYPES)
        .exclude(status=CaseDocument.Status.CANCELLED)
        .select_related("case")
        .order_by("-uploaded_at", "-pk")
    )


def _check_signed_by(person: Person, signed_by: Person | None, given_on: date) -> Person | None:
    under_14 = (
        person.birth_date is not None and age_on(person.birth_date, given_on) < CHILD_SIGNS_FROM_AGE
    )
    minor = person.birth_date is not None and age_on(person.birth_date, given_on) < ADULT_AGE
    if signed_by is None or signed_by.pk == person.pk:
        if under_14:
            raise PeopleError(
                _("Ребёнку нет 14 лет: согласие подписывает законный представитель."),
                field="signed_by",
            )
        if minor:
            raise PeopleError(
                _(
                    "Несовершеннолетний от 14 до 18 лет подписывает согласие вместе с законным "
                    "представителем: укажите родителя или опекуна."
                ),
                field="signed_by",
            )
        return None
    if not representatives_of(person).filter(pk=signed_by.pk).exists():
        raise PeopleError(
            _("Подписать может родитель или опекун этого человека из состава его семьи."),
            field="signed_by",
        )
    if signed_by.birth_date is not None and age_on(signed_by.birth_date, given_on) < ADULT_AGE:
        raise PeopleError(
            _("Законный представитель должен быть совершеннолетним."), field="signed_by"
        )
    return signed_by


def _check_document(document: CaseDocument, person: Person, by: User) -> CaseDocument:
    if not consent_documents_for(person, by).filter(pk=document.pk).exists():
        raise PeopleError(
            _("Выберите документ «согласие на обработку ПДн» из папки случая семьи."),
            field="document",
        )
    return document


def _case_for_upload(person: Person, by: User) -> tuple[Case, str]:
    """The newest not-closed case of the person's families (and the consent document type by
    the person's role there) — where an uploaded consent goes."""
    case = (
        access.cases_visible_to(by)
        .filter(family__memberships__person=person)
        .exclude(status=Case.Status.CLOSED)
        .select_related("family")
        .order_by("-opened_at", "-pk")
        .first()
    )
    if case is None:
        raise PeopleError(
            _(
                "У семьи нет открытого случая, в папку которого можно положить файл. "
                "Внесите согласие без файла и приложите скан позже."
            ),
            field="file",
        )
    role = (
        FamilyMembership.objects.filter(family_id=case.family_id, person=person)
        .values_list("role", flat=True)
        .first()
    )
    kind = DocumentType.CONSENT_CHILD if role == FamilyRole.CHILD else DocumentType.CONSENT_PARENT
    return case, kind


def record_consent(
    *,
    person: Person,
    by: User,
    scope: str,
    given_on: date | None,
    purposes: Iterable[ConsentPurpose | str] = (),
    purpose: ConsentPurpose | str | None = None,
    valid_until: date | None = None,
    purpose_other: str = "",
    signed_by: Person | None = None,
    document: CaseDocument | None = None,
    file: File[bytes] | None = None,
) -> Consent:
    """Record a signed consent for ``purposes`` (the organisation's purposes or their codes;
    ``purpose`` names a single one). The paper is either a consent document already in a case
    folder of the person's family (``document``) or a scan uploaded now (``file``: it goes to
    the folder of the family's open case as «согласие на обработку ПДн»).

    A consent to processing given after a withdrawal lifts the running destruction clock;
    otherwise nothing new is recorded for a person whose processing is stopped."""
    access.require(by, "people.family:write")
    check_person(person, by)
    if isinstance(purposes, str | ConsentPurpose):
        purposes = [purposes]
    purposes = list(purposes)
    try:
        chosen = resolve_purposes(
            person.organisation_id, [*purposes, *([purpose] if purpose is not None else [])]
        )
    except PeopleError as error:
        if purposes or purpose is None:
            raise
        raise PeopleError(error.message, field="purpose") from error
    kinds = {p.kind for p in chosen}
    purpose_other = clean_text(
        purpose_other,
        "purpose_other",
        max_length=PURPOSE_OTHER_MAX,
        required=_("Опишите цель согласия.") if PurposeKind.OTHER in kinds else None,
    )
    if PurposeKind.OTHER not in kinds:
        purpose_other = ""
    scope = clean_text(
        scope,
        "scope",
        max_length=SCOPE_MAX,
        required=SCOPE_REQUIRED,
    )
    given_on = past_date(given_on, "given_on", required=GIVEN_ON_REQUIRED)
    if valid_until is not None:
        if not isinstance(valid_until, date):
            raise PeopleError(INVALID_DATE, field="valid_until")
        if valid_until < given_on:
            raise PeopleError(
                _("Срок действия не может закончиться раньше даты согласия."),
                field="valid_until",
            )
    if person.birth_date is not None and given_on < person.birth_date:
        raise PeopleError(_("Согласие не может быть дано до рождения."), field="given_on")
    signed_by = _check_signed_by(person, signed_by, given_on)
    if document is not None and file is not None:
        raise PeopleError(_("Выберите документ из папки или загрузите файл — что-то одно."))
    if document is not None:
        _check_document(document, person, by)
    if file is not None and not by.has_perm("cases.case:write"):
        raise PeopleError(
            _("Положить файл в папку случая может тот, кто работает со случаем."), field="file"
        )
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if Anonymisation.objects.filter(person=locked).exists():
            check_processing_allowed(locked)
        clock = (
            DestructionClock.objects.select_for_update()
            .filter(person=locked, lifted_at__isnull=True)
            .first()
        )
        if clock is not None and (
            PurposeKind.CASE_WORK not in kinds or given_on < clock.stopped_on
        ):
            raise PeopleError(
                _(
                    "Обработка данных этого человека остановлена: согласие отозвано %(date)s. "
                    "Продолжить можно только с новым согласием на обработку данных, данным "
                    "после отзыва."
                )
                % {"date": format_day(clock.stopped_on)},
                field="given_on" if PurposeKind.CASE_WORK in kinds else "purposes",
            )
        if file is not None:
            case, document_type = _case_for_upload(person, by)
            # Deferred import: documents.services → cases.timeline, loaded only when used.
            from kurator.documents.services import upload_document

            try:
                document = upload_document(
                    case=case,
                    by=by,
                    document_type=document_type,
                    title=_("Согласие: %(name)s") % {"name": person.full_name},
                    file=file,
                )
            except DocumentError as error:
                raise PeopleError(error.message, field="file") from error
        consent = Consent(
            person=locked,
            organisation_id=locked.organisation_id,
            purpose_other=purpose_other,
            scope=scope,
            given_on=given_on,
            valid_until=valid_until,
            document=document,
            signed_by=signed_by,
            recorded_by=by,
        )
        consent._history_user = by  # type: ignore[attr-defined]
        consent.save()
        consent.purposes.set(chosen)
        if clock is not None:
            clock.lifted_at = timezone.now()
            clock.lifted_by_consent = consent
            clock._history_user = by  # type: ignore[attr-defined]
            clock.save(update_fields=["lifted_at", "lifted_by_consent"])
        from kurator.privacy.services.consent_tasks import consent_recorded

        consent_recorded(consent=consent, by=by)
    return consent


def withdrawal_stops_processing(consent: Consent) -> bool:
    """Withdrawing the consent to processing for help stops the processing of the person's
    data (and starts a destruction clock); a consent for another purpose just ends."""
    return consent.purposes.filter(kind=PurposeKind.CASE_WORK).exists()


def destroy_by_for(withdrawn_on: date, *, blocked: bool) -> date:
    """30 days after the withdrawal; 6 months when the data are blocked (a law keeps them)."""
    if blocked:
        return add_months(withdrawn_on, BLOCKED_MONTHS)
    return withdrawn_on + timedelta(days=DESTRUCTION_DAYS)


def withdraw_consent(
    *,
    consent: Consent,
    by: User,
    withdrawn_on: date | None = None,
    reason: str = "",
    retention_required: bool = False,
    legal_basis: str = "",
) -> Consent:
    """Record that the person withdrew a consent (they need not give a reason).

    Withdrawing the consent to processing for help stops the processing of the person's data
    (the card becomes read-only) and starts the destruction clock: ``destroy_by`` is 30 days
    later, or 6 months with the data blocked when ``retention_required`` (a law requires
    keeping them longer). If you add a step here, undo it where a new consent lifts the clock
    (``record_consent``)."""
    access.require(by, "people.family:write")
    check_person(consent.person, by, "consent")
    withdrawn_on = withdrawn_on or timezone.localdate()
    withdrawn_on = past_date(withdrawn_on, "withdrawn_on", required=WITHDRAWN_ON_REQUIRED)
    reason = clean_text(reason, "reason", max_length=TEXT_MAX)
    legal_basis = clean_text(legal_basis, "legal_basis", max_length=LEGAL_BASIS_MAX)
    if not isinstance(retention_required, bool):
        raise PeopleError(_("Отметьте «да» или «нет»."), field="retention_required")
    stops_processing = withdrawal_stops_processing(consent)
    if retention_required and not stops_processing:
        raise PeopleError(
            _(
                "Хранение по закону отмечают при отзыве согласия на обработку данных для "
                "помощи: другие согласия просто перестают действовать."
            ),
            field="retention_required",
        )
    if retention_required and not legal_basis:
        raise PeopleError(
            _("Укажите, какой закон требует хранить данные дольше."), field="legal_basis"
        )
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=consent.person_id).first()
        locked = Consent.objects.select_for_update().filter(pk=consent.pk).first()
        if locked is None or locked.organisation_id != access.organisation_id_of(by):
            raise PeopleError(_("Согласие не найдено."), field="consent")
        if locked.withdrawn_on is not None:
            raise PeopleError(
                _("Это согласие уже отозвано %(date)s.")
                % {"date": format_day(locked.withdrawn_on)},
                field="consent",
            )
        if withdrawn_on < locked.given_on:
            raise PeopleError(
                _("Отзыв не может быть раньше даты согласия (%(date)s).")
                % {"date": format_day(locked.given_on)},
                field="withdrawn_on",
            )
        locked.withdrawn_on = withdrawn_on
        locked.withdrawal_reason = reason
        locked.withdrawn_by = by
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["withdrawn_on", "withdrawal_reason", "withdrawn_by"])
        running = DestructionClock.objects.filter(
            person_id=locked.person_id, lifted_at__isnull=True
        ).exists()
        if stops_processing and not running:
            clock = DestructionClock(
                person_id=locked.person_id,
                organisation_id=locked.organisation_id,
                consent=locked,
                stopped_on=withdrawn_on,
                blocked=retention_required,
                legal_basis=legal_basis if retention_required else "",
                destroy_by=destroy_by_for(withdrawn_on, blocked=retention_required),
                created_by=by,
            )
            clock._history_user = by  # type: ignore[attr-defined]
            clock.save()
        from kurator.privacy.services.consent_tasks import consent_withdrawn

        consent_withdrawn(consent=locked, by=by)
    consent.withdrawn_on = locked.withdrawn_on
    consent.withdrawal_reason = locked.withdrawal_reason
    consent.withdrawn_by = by
    return locked
