"""Consents and the data subject's rights (152-FZ): the services and the scoped reads.

product.md, "voluntariness": consents with purpose and term, withdrawal at any time; nothing
signed is deleted. Rules that live here:

- a consent has a purpose, a scope, a date and a term (none = until withdrawn); the signed
  paper is a separate «согласие на обработку ПДн» document of a case folder; a child under 14
  is represented by a parent or guardian who signs;
- withdrawing the consent to *processing for help* (``ConsentPurpose.CASE_WORK``) stops the
  processing of the person's data: the card and the person's memberships and relations become
  read-only (``check_processing_allowed``, called by ``people.services``) and a destruction
  clock starts — 30 days, or, where a law requires keeping the data longer, blocked and
  destroyed within 6 months. A new consent to processing given after the withdrawal lifts a
  running clock. Withdrawing a consent for another purpose (photos, partners) ends that
  purpose only;
- a subject's request is answered within 10 working days of its receipt.

The consent card's states are in ``privacy_states`` (re-exported here), the scoped reads in
``privacy_queries``, destruction (anonymisation) and its acts in ``privacy_retention``, the
person's data export in ``privacy_export``.

Who may do what: recording consents and requests — whoever may change the person
(``people.family:write``); the destruction deadlines, destruction and the export — the team
head and the programme director (``people.privacy:manage``), each in her scope.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases.lifecycle import add_months
from kurator.cases.models import Case
from kurator.documents.errors import DocumentError
from kurator.documents.models import CaseDocument, DocumentType
from kurator.people.errors import PeopleError
from kurator.people.models import (
    Anonymisation,
    Consent,
    ConsentPurpose,
    DestructionClock,
    FamilyMembership,
    FamilyRole,
    Person,
    PersonRelation,
    SubjectRequest,
    SubjectRequestKind,
)
from kurator.people.privacy_states import (
    CONSENT_ROLES,
    EXPIRING_SOON_DAYS,
    ConsentState,
    MemberConsent,
    PersonPrivacy,
    consent_problems,
    consent_states,
    person_privacy,
)

__all__ = [
    "BLOCKED_MONTHS",
    "CHILD_SIGNS_FROM_AGE",
    "CONSENT_DOCUMENT_TYPES",
    "CONSENT_ROLES",
    "DESTRUCTION_DAYS",
    "EXPIRING_SOON_DAYS",
    "PRIVACY_PERMISSION",
    "SUBJECT_REQUEST_WORKING_DAYS",
    "ConsentState",
    "MemberConsent",
    "PersonPrivacy",
    "answer_subject_request",
    "can_manage_privacy",
    "check_processing_allowed",
    "consent_documents_for",
    "consent_problems",
    "consent_states",
    "destroy_by_for",
    "person_privacy",
    "record_consent",
    "register_subject_request",
    "representatives_of",
    "require_privacy_manager",
    "subject_request_due",
    "withdraw_consent",
]

DESTRUCTION_DAYS = 30  # 152-FZ, art. 21 part 5: destroy within 30 days of the withdrawal
BLOCKED_MONTHS = 6  # issue 4: blocked and destroyed within 6 months where law requires keeping
SUBJECT_REQUEST_WORKING_DAYS = 10  # 152-FZ, art. 14 and 20: answer within 10 working days
CHILD_SIGNS_FROM_AGE = 14  # under 14 the legal representative signs for the child
ADULT_AGE = 18
CONSENT_DOCUMENT_TYPES = (DocumentType.CONSENT_PARENT, DocumentType.CONSENT_CHILD)
# Who sees the destruction deadlines, destroys data and exports a person's data: the team
# head and the programme director (kurator/accounts/permissions.py).
PRIVACY_PERMISSION = "people.privacy:manage"
# A parent or guardian in a shared family, or a relation that says so, represents a child.
_REPRESENTATIVE_ROLES = (FamilyRole.PARENT, FamilyRole.GUARDIAN)
_REPRESENTATIVE_KINDS = (
    PersonRelation.Kind.MOTHER,
    PersonRelation.Kind.FATHER,
    PersonRelation.Kind.GUARDIAN,
)
_SCOPE_MAX = 4000
_TEXT_MAX = 4000
_EARLIEST = date(2000, 1, 1)


def _today() -> date:
    return timezone.localdate()


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _text(value: str | None, field: str, *, max_length: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PeopleError(required, field=field)
    if len(value) > max_length:
        raise PeopleError(
            _("Слишком длинный текст: не больше %(n)s символов.") % {"n": max_length},
            field=field,
        )
    return value


def _past_date(value: object, field: str, *, required: str) -> date:
    if value is None or value == "":
        raise PeopleError(required, field=field)
    if not isinstance(value, date):
        raise PeopleError(_("Введите дату в формате ДД.ММ.ГГГГ."), field=field)
    if value > _today():
        raise PeopleError(_("Дата не может быть в будущем."), field=field)
    if value < _EARLIEST:
        raise PeopleError(_("Проверьте год."), field=field)
    return value


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --- who may ---------------------------------------------------------------------------------


def can_manage_privacy(user: access.AnyUser) -> bool:
    """The team head and the programme director (``people.privacy:manage``): the destruction
    deadlines, destruction, the person's data export — each within the persons she may see."""
    return access.active_staff(user) is not None and user.has_perm(PRIVACY_PERMISSION)


def require_privacy_manager(user: access.AnyUser) -> None:
    access.require(user, PRIVACY_PERMISSION)


def _check_person(person: Person, by: User, field: str = "person") -> Person:
    if not access.persons_visible_to(by).filter(pk=person.pk).exists():
        raise PeopleError(_("Человек не найден."), field=field)
    return person


# --- processing stopped: the read-only card --------------------------------------------------


def _stop_message(person: Person) -> str | None:
    anonymisation = Anonymisation.objects.filter(person=person).first()
    if anonymisation is not None:
        return _(
            "Данные этого человека уничтожены (обезличены) %(date)s. Карточка доступна "
            "только для чтения."
        ) % {"date": _fmt(timezone.localdate(anonymisation.anonymised_at))}
    clock = DestructionClock.objects.filter(person=person, lifted_at__isnull=True).first()
    if clock is not None:
        return _(
            "Обработка данных этого человека остановлена: согласие отозвано %(date)s. "
            "Карточка доступна только для чтения."
        ) % {"date": _fmt(clock.stopped_on)}
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
    if signed_by is None:
        if under_14:
            raise PeopleError(
                _("Ребёнку нет 14 лет: согласие подписывает законный представитель."),
                field="signed_by",
            )
        return None
    if signed_by.pk == person.pk:
        return None  # the person signed themselves
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
    purpose: str,
    scope: str,
    given_on: date | None,
    valid_until: date | None = None,
    purpose_other: str = "",
    signed_by: Person | None = None,
    document: CaseDocument | None = None,
    file: File[bytes] | None = None,
) -> Consent:
    """Record a signed consent. The paper is either a consent document already in a case
    folder of the person's family (``document``) or a scan uploaded now (``file``: it goes to
    the folder of the family's open case as «согласие на обработку ПДн»).

    A consent to processing given after a withdrawal lifts the running destruction clock;
    otherwise nothing new is recorded for a person whose processing is stopped."""
    access.require(by, "people.family:write")
    _check_person(person, by)
    if purpose not in ConsentPurpose.values:
        raise PeopleError(_("Выберите цель из списка."), field="purpose")
    purpose_other = _text(
        purpose_other,
        "purpose_other",
        max_length=300,
        required=_("Опишите цель согласия.") if purpose == ConsentPurpose.OTHER else None,
    )
    if purpose != ConsentPurpose.OTHER:
        purpose_other = ""
    scope = _text(
        scope,
        "scope",
        max_length=_SCOPE_MAX,
        required=_("Укажите, какие данные и какие действия с ними разрешены."),
    )
    given_on = _past_date(given_on, "given_on", required=_("Укажите дату согласия."))
    if valid_until is not None:
        if not isinstance(valid_until, date):
            raise PeopleError(_("Введите дату в формате ДД.ММ.ГГГГ."), field="valid_until")
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
            purpose != ConsentPurpose.CASE_WORK or given_on < clock.stopped_on
        ):
            raise PeopleError(
                _(
                    "Обработка данных этого человека остановлена: согласие отозвано %(date)s. "
                    "Продолжить можно только с новым согласием на обработку данных, данным "
                    "после отзыва."
                )
                % {"date": _fmt(clock.stopped_on)},
                field="given_on" if purpose == ConsentPurpose.CASE_WORK else "purpose",
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
            purpose=purpose,
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
        if clock is not None:
            clock.lifted_at = timezone.now()
            clock.lifted_by_consent = consent
            clock._history_user = by  # type: ignore[attr-defined]
            clock.save(update_fields=["lifted_at", "lifted_by_consent"])
    return consent


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
    _check_person(consent.person, by, "consent")
    withdrawn_on = withdrawn_on or _today()
    withdrawn_on = _past_date(withdrawn_on, "withdrawn_on", required=_("Укажите дату отзыва."))
    reason = _text(reason, "reason", max_length=_TEXT_MAX)
    legal_basis = _text(legal_basis, "legal_basis", max_length=300)
    if not isinstance(retention_required, bool):
        raise PeopleError(_("Отметьте «да» или «нет»."), field="retention_required")
    stops_processing = consent.purpose == ConsentPurpose.CASE_WORK
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
                _("Это согласие уже отозвано %(date)s.") % {"date": _fmt(locked.withdrawn_on)},
                field="consent",
            )
        if withdrawn_on < locked.given_on:
            raise PeopleError(
                _("Отзыв не может быть раньше даты согласия (%(date)s).")
                % {"date": _fmt(locked.given_on)},
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
    consent.withdrawn_on = locked.withdrawn_on
    consent.withdrawal_reason = locked.withdrawal_reason
    consent.withdrawn_by = by
    return locked


# --- subject requests ------------------------------------------------------------------------


def subject_request_due(received_on: date) -> date:
    from kurator.core.workdays import add_working_days

    return add_working_days(received_on, SUBJECT_REQUEST_WORKING_DAYS)


def register_subject_request(
    *, person: Person, by: User, kind: str, received_on: date | None, text: str = ""
) -> SubjectRequest:
    """Register a data subject's request; the answer is due 10 working days after receipt.
    Registered even when the person's processing is stopped: the right to ask outlives it."""
    access.require(by, "people.family:write")
    _check_person(person, by)
    if kind not in SubjectRequestKind.values:
        raise PeopleError(_("Выберите вид обращения из списка."), field="kind")
    received_on = _past_date(
        received_on, "received_on", required=_("Укажите дату получения обращения.")
    )
    text = _text(text, "text", max_length=_TEXT_MAX)
    request = SubjectRequest(
        person=person,
        organisation_id=person.organisation_id,
        kind=kind,
        received_on=received_on,
        text=text,
        due_on=subject_request_due(received_on),
        registered_by=by,
    )
    request._history_user = by  # type: ignore[attr-defined]
    with transaction.atomic():
        request.save()
    return request


def answer_subject_request(
    *, request: SubjectRequest, by: User, answer: str, answered_on: date | None = None
) -> SubjectRequest:
    """Record the answer sent to the person and its date (today unless given)."""
    access.require(by, "people.family:write")
    _check_person(request.person, by, "request")
    answer = _text(answer, "answer", max_length=_TEXT_MAX, required=_("Напишите ответ."))
    answered_on = _past_date(
        answered_on or _today(), "answered_on", required=_("Укажите дату ответа.")
    )
    with transaction.atomic():
        locked = SubjectRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None or locked.organisation_id != access.organisation_id_of(by):
            raise PeopleError(_("Обращение не найдено."), field="request")
        if locked.answered_on is not None:
            raise PeopleError(
                _("На это обращение уже ответили %(date)s.") % {"date": _fmt(locked.answered_on)},
                field="request",
            )
        if answered_on < locked.received_on:
            raise PeopleError(
                _("Ответ не может быть раньше получения обращения (%(date)s).")
                % {"date": _fmt(locked.received_on)},
                field="answered_on",
            )
        locked.answer = answer
        locked.answered_on = answered_on
        locked.handled_by = by
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["answer", "answered_on", "handled_by"])
    request.answer, request.answered_on, request.handled_by = answer, answered_on, by
    return locked
