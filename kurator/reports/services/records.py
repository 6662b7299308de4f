"""The actions on the reports app's own records: a specialist's training,
supervision or leave entered, corrected or deleted; a complaint or suggestion recorded and
answered; a child's leaving a shelter recorded.

Each validates its rules and raises ``ReportError`` with a Russian message naming the field;
the views check scope and permission first (404/403) — the checks here are the same rules
again, so that the API, the demo and a script cannot get around them. The messages the forms
and the API show for the same rules (a required field, a choice, a number out of scope) are
the constants below and the ``visible_*`` lookups: each is written once, here.

No case timeline rows: these records hang off people and the organisation, not off a case (an appeal
may name a case, but it is the organisation's work that is judged). Their trace is their change
history (django-simple-history; docs/architecture.md, «How a record shows its change history»):
every service names the acting user as the version's ``history_user`` — also outside a request (the
API, the demo, a script) — and a correction or deletion keeps the reason given for it; a deleted
norm entry keeps its versions, readable on its history page (``reports/history.py``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator import access
from kurator.accounts.models import Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case
from kurator.core import workdays
from kurator.intake.models import HotlineCall
from kurator.people.models import Family, FamilyMembership, Person
from kurator.reports.errors import ReportError
from kurator.reports.models import Appeal, ShelterExit, StaffNormEntry

TRAINING_HOURS_MAX = Decimal(500)
LEAVE_DAYS_MAX = Decimal(90)
AMOUNT_MIN = Decimal("0.5")
# Records older than this many years are not taken (a typo in the year, not a real entry).
YEARS_BACK = 5
# The same record sent again within this time by the same person is a double submit: the
# first one is returned, not a copy.
RESUBMIT_WINDOW = timedelta(minutes=2)
# django-simple-history's ``history_change_reason`` column is this long.
REASON_MAX = 100

# The rules' messages that the forms and the API also show (their required and choice errors).
KIND_MISSING = gettext_lazy("Выберите: обучение, супервизия или отпуск.")
AMOUNT_MISSING = gettext_lazy("Укажите часы обучения или дни отпуска.")
ONE_DECIMAL = gettext_lazy("Не больше одного знака после запятой.")
APPEAL_KIND_MISSING = gettext_lazy("Выберите: жалоба или предложение.")
APPEAL_TEXT_MISSING = gettext_lazy("Опишите суть обращения.")
ANSWER_MISSING = gettext_lazy("Напишите ответ.")
SHELTER_MISSING = gettext_lazy("Укажите учреждение, из которого выбыл ребёнок.")
DESTINATION_MISSING = gettext_lazy("Выберите, куда выбыл ребёнок.")
CASE_NOT_FOUND = gettext_lazy("Случай не найден.")
FAMILY_NOT_FOUND = gettext_lazy("Семья не найдена.")
CHILD_NOT_FOUND = gettext_lazy("Ребёнок не найден.")

NormKind = StaffNormEntry.Kind
_R = TypeVar("_R", bound=models.Model)


def _visible(
    records: QuerySet[_R], number: int | None, *, field: str, missing: Promise
) -> _R | None:
    """The record numbered ``number`` among ``records`` (what the user may see); out of her
    scope it reads exactly like a number that does not exist. None stays None."""
    if number is None:
        return None
    record = records.filter(pk=number).first()
    if record is None:
        raise ReportError(missing, field=field)
    return record


def visible_case(by: User, number: int | None) -> Case | None:
    """The case an appeal names, by its number, among the cases ``by`` sees."""
    return _visible(access.cases_visible_to(by), number, field="case", missing=CASE_NOT_FOUND)


def visible_family(by: User, number: int | None) -> Family | None:
    """The birth family a shelter exit names, among the families ``by`` sees."""
    families = access.families_visible_to(by)
    return _visible(families, number, field="family", missing=FAMILY_NOT_FOUND)


def visible_child(by: User, number: int | None) -> Person | None:
    """The child a shelter exit names, among the persons ``by`` sees."""
    persons = access.persons_visible_to(by)
    return _visible(persons, number, field="child", missing=CHILD_NOT_FOUND)


def norm_amount(kind: str, amount: Decimal | None) -> Decimal:
    """What an entry of ``kind`` counts: a supervision always 1, whatever was typed; training
    hours or leave days as given, and required."""
    if kind == NormKind.SUPERVISION:
        return Decimal(1)
    if amount is None:
        raise ReportError(AMOUNT_MISSING, field="amount")
    return amount


def _text(
    value: str, *, field: str, limit: int, required: bool, message: str | Promise = ""
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ReportError(message or _("Заполните это поле."), field=field)
    if len(value) > limit:
        raise ReportError(
            _("Не длиннее %(n)s символов.") % {"n": limit},
            field=field,
        )
    return value


def _not_too_old(day: date, *, field: str, today: date) -> None:
    if day.year < today.year - YEARS_BACK:
        raise ReportError(
            _("Дата слишком давняя: записи принимаются за последние %(n)s лет.")
            % {"n": YEARS_BACK},
            field=field,
        )


def _acting(record: _R, by: User, reason: str = "") -> _R:
    """``record`` with the user its next version names (simple_history outside a request: the
    API's token, the demo, a script) and the reason given for the change, if any."""
    record._history_user = by  # type: ignore[attr-defined]
    if reason:
        record._change_reason = reason  # type: ignore[attr-defined]
    return record


def _sent_again(model: type[_R], by: User, **same: object) -> _R | None:
    """The record of ``model`` with the fields ``same`` that ``by`` recorded within
    ``RESUBMIT_WINDOW``: the same form sent twice (a double click), whose first one stands."""
    recent = model._default_manager.filter(
        recorded_by=by, recorded_at__gte=timezone.now() - RESUBMIT_WINDOW
    )
    return recent.filter(**same).first()


def _not_in_future(day: date, *, field: str, today: date, message: str | Promise) -> None:
    if day > today:
        raise ReportError(message, field=field)


# --- staff norms -------------------------------------------------------------------------------


def _check_editable(specialist: User, by: User) -> None:
    if not access.norm_specialists_editable_by(by).filter(pk=specialist.pk).exists():
        raise ReportError(
            _(
                "Записи вносит сам специалист или руководитель его команды — "
                "за этого сотрудника вы их вносить не можете."
            ),
            field="specialist",
        )


def _clean_norm(
    *, kind: str, started_on: date, amount: Decimal, note: str
) -> tuple[str, date, Decimal, str]:
    """The entry's fields checked and normalised (a supervision's amount becomes 1)."""
    if kind not in NormKind.values:
        raise ReportError(KIND_MISSING, field="kind")
    today = timezone.localdate()
    if started_on > date(today.year, 12, 31):
        raise ReportError(
            _("Дата не может быть позже конца текущего года (31.12.%(year)s).")
            % {"year": today.year},
            field="started_on",
        )
    _not_too_old(started_on, field="started_on", today=today)
    amount = norm_amount(kind, amount)
    if kind != NormKind.SUPERVISION:
        if not amount.is_finite():
            raise ReportError(_("Укажите число."), field="amount")
        if amount < AMOUNT_MIN:
            raise ReportError(_("Не меньше 0,5."), field="amount")
        if amount != amount.quantize(Decimal("0.1")):
            raise ReportError(ONE_DECIMAL, field="amount")
        if kind == NormKind.TRAINING and amount > TRAINING_HOURS_MAX:
            raise ReportError(
                _("Обучение — не больше %(n)s часов в одной записи.") % {"n": TRAINING_HOURS_MAX},
                field="amount",
            )
        if kind == NormKind.LEAVE and amount > LEAVE_DAYS_MAX:
            raise ReportError(
                _("Отпуск — не больше %(n)s дней в одной записи.") % {"n": LEAVE_DAYS_MAX},
                field="amount",
            )
    note = _text(note, field="note", limit=300, required=False)
    return kind, started_on, amount, note


def record_norm_entry(
    *,
    specialist: User,
    kind: str,
    started_on: date,
    amount: Decimal,
    note: str = "",
    by: User,
) -> StaffNormEntry:
    """Enter a specialist's training hours, a supervision or days of leave. The specialist
    herself or her team head (``access.norm_specialists_editable_by``). The same entry sent
    again by the same person within ``RESUBMIT_WINDOW`` (a double click) returns the first."""
    _check_editable(specialist, by)
    kind, started_on, amount, note = _clean_norm(
        kind=kind, started_on=started_on, amount=amount, note=note
    )
    assert specialist.organisation_id is not None  # editable_by: same organisation
    with transaction.atomic():
        again = _sent_again(
            StaffNormEntry,
            by,
            specialist=specialist,
            kind=kind,
            started_on=started_on,
            amount=amount,
            note=note,
        )
        if again is not None:
            return again
        entry = StaffNormEntry(
            organisation_id=specialist.organisation_id,
            specialist=specialist,
            kind=kind,
            started_on=started_on,
            amount=amount,
            note=note,
            recorded_by=by,
        )
        _acting(entry, by).save()
        return entry


def correct_norm_entry(
    *,
    entry: StaffNormEntry,
    kind: str,
    started_on: date,
    amount: Decimal,
    note: str = "",
    reason: str = "",
    by: User,
) -> StaffNormEntry:
    """Correct a mistaken entry (same people as may enter it). ``reason``, if given, stays
    in the entry's history next to the old and new values."""
    kind, started_on, amount, note = _clean_norm(
        kind=kind, started_on=started_on, amount=amount, note=note
    )
    reason = _reason(reason)
    with transaction.atomic():
        locked = StaffNormEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            raise ReportError(_("Запись уже удалена."))
        _check_editable(locked.specialist, by)
        locked.kind = kind
        locked.started_on = started_on
        locked.amount = amount
        locked.note = note
        _acting(locked, by, reason).save(update_fields=["kind", "started_on", "amount", "note"])
    return locked


def delete_norm_entry(*, entry: StaffNormEntry, by: User, reason: str = "") -> None:
    """Delete a mistaken entry (same people as may enter it). Deleting twice is a no-op. The
    entry's versions stay, the last one naming who deleted it and why (``reason``)."""
    reason = _reason(reason)
    with transaction.atomic():
        locked = StaffNormEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            return
        _check_editable(locked.specialist, by)
        _acting(locked, by, reason).delete()


def _reason(reason: str) -> str:
    return _text(reason, field="reason", limit=REASON_MAX, required=False)


# --- appeals -----------------------------------------------------------------------------------


def _team_of(by: User, team: Team | None, *, field: str = "team") -> Team | None:
    """The team a team-wide record belongs to: the recorder's own for team roles; the one
    chosen (of the organisation), or none, for organisation-wide roles."""
    staff = access.active_staff(by)
    if staff is None:
        raise ReportError(_("Нет организации, от имени которой вносится запись."))
    if access.has_org_scope(staff):
        if team is not None and team.organisation_id != staff.organisation_id:
            raise ReportError(_("Команда не из вашей организации."), field=field)
        return team
    if staff.team_id is None:
        raise ReportError(_("Вы не состоите в команде."), field=field)
    return by.team


def appeal_assignee(organisation_id: int, team_id: int | None) -> User | None:
    """Who considers a new complaint or suggestion: the organisation's quality officer with
    the fewest appeals waiting for her answer; without one, the head of the appeal's team,
    then the programme director."""
    staff = User.objects.filter(organisation_id=organisation_id, is_active=True)
    officers = (
        staff.filter(roles__code=RoleCode.QUALITY_OFFICER)
        .annotate(
            waiting=Count(
                "appeals_assigned",
                filter=Q(appeals_assigned__answered_on__isnull=True),
                distinct=True,
            )
        )
        .order_by("waiting", "pk")
    )
    officer = officers.first()
    if officer is not None:
        return officer
    if team_id is not None:
        head = staff.filter(roles__code=RoleCode.TEAM_HEAD, team_id=team_id).order_by("pk").first()
        if head is not None:
            return head
    return staff.filter(roles__code=RoleCode.PROGRAMME_DIRECTOR).order_by("pk").first()


def _appeal_task(appeal: Appeal, by: User | None) -> None:
    """The assignee's task «ответить на обращение» due on the 59-FZ deadline."""
    if appeal.assignee is None or appeal.due_on is None:
        return
    from kurator.tasks.models import TaskKind
    from kurator.tasks.services import schedule_task

    author = appeal.author or _("аноним")
    schedule_task(
        key=f"appeal:{appeal.pk}",
        user=appeal.assignee,
        title=_("Ответить: %(kind)s от %(received)s — %(author)s")
        % {
            "kind": appeal.get_kind_display(),
            "received": f"{appeal.received_on:%d.%m.%Y}",
            "author": author,
        },
        due_on=appeal.due_on,
        kind=TaskKind.APPEAL,
        url=reverse("reports:appeal", args=[appeal.pk]),
        team=appeal.team,
        by=by,
    )


def record_appeal(
    *,
    kind: str,
    received_on: date,
    author: str,
    text: str,
    case: Case | None = None,
    team: Team | None = None,
    channel: str = "",
    contact: str = "",
    hotline_call: HotlineCall | None = None,
    by: User,
) -> Appeal:
    """Register a complaint or suggestion. Its organisation is the recorder's; its team is the
    case's if it names one, else the recorder's team (an organisation-wide role may choose
    one or none). The answer is due 30 days after it came in, on the production calendar
    (``workdays.appeal_answer_due``: 59-FZ); the quality officer it is assigned to
    (``appeal_assignee``) gets the task. The same appeal sent again by the same person within
    ``RESUBMIT_WINDOW`` (a double click) returns the first."""
    access.require(by, access.APPEAL_RECORD)
    if kind not in Appeal.Kind.values:
        raise ReportError(APPEAL_KIND_MISSING, field="kind")
    if channel and channel not in Appeal.Channel.values:
        raise ReportError(_("Выберите из списка, как поступило обращение."), field="channel")
    today = timezone.localdate()
    _not_in_future(
        received_on,
        field="received_on",
        today=today,
        message=_("Дата поступления не может быть в будущем."),
    )
    _not_too_old(received_on, field="received_on", today=today)
    author = _text(author, field="author", limit=200, required=False)
    contact = _text(contact, field="contact", limit=300, required=False)
    text = _text(text, field="text", limit=10_000, required=True, message=APPEAL_TEXT_MISSING)
    if case is not None:
        visible_case(by, case.pk)
        team_id: int | None = case.team_id
    else:
        chosen = _team_of(by, team)
        team_id = chosen.pk if chosen is not None else None
    assert by.organisation_id is not None
    with transaction.atomic():
        again = _sent_again(
            Appeal,
            by,
            organisation_id=by.organisation_id,
            kind=kind,
            received_on=received_on,
            text=text,
        )
        if again is not None:
            return again
        return _register_appeal(
            organisation_id=by.organisation_id,
            team_id=team_id,
            case=case,
            kind=kind,
            received_on=received_on,
            channel=channel,
            author=author,
            contact=contact,
            text=text,
            hotline_call=hotline_call,
            by=by,
        )


def _register_appeal(
    *,
    organisation_id: int,
    team_id: int | None,
    kind: str,
    received_on: date,
    text: str,
    channel: str = "",
    author: str = "",
    contact: str = "",
    case: Case | None = None,
    hotline_call: HotlineCall | None = None,
    public_submission: str = "",
    by: User | None,
) -> Appeal:
    """Write a checked appeal with its 59-FZ deadline, its assignee and her task. Assumes
    validated input and an open transaction: ``record_appeal`` (staff) and
    ``intake.public.services.submit_public_appeal`` (the public page, ``by`` None) check it."""
    appeal = Appeal(
        organisation_id=organisation_id,
        team_id=team_id,
        case=case,
        kind=kind,
        received_on=received_on,
        channel=channel,
        author=author,
        contact=contact,
        text=text,
        due_on=workdays.appeal_answer_due(received_on),
        assignee=appeal_assignee(organisation_id, team_id),
        hotline_call=hotline_call,
        public_submission=public_submission,
        recorded_by=by,
    )
    appeal._history_user = by  # type: ignore[attr-defined]
    appeal.save()
    _appeal_task(appeal, by)
    return appeal


def answer_appeal(
    *,
    appeal: Appeal,
    answered_on: date,
    answer: str,
    by: User,
    notified_on: date | None = None,
) -> Appeal:
    """Record the answer to an appeal, once: a second answer (a double click, two people at
    once) is refused. ``notified_on``: the day the complainant was told, by the contact she
    left. The assignee's task is done."""
    answer = _text(answer, field="answer", limit=10_000, required=True, message=ANSWER_MISSING)
    today = timezone.localdate()
    _not_in_future(
        answered_on,
        field="answered_on",
        today=today,
        message=_("Дата ответа не может быть в будущем."),
    )
    if notified_on is not None:
        _not_in_future(
            notified_on,
            field="notified_on",
            today=today,
            message=_("Дата не может быть в будущем."),
        )
        if notified_on < answered_on:
            raise ReportError(
                _("Сообщить ответ можно только после того, как он дан."), field="notified_on"
            )
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.answered_on is not None:
            raise ReportError(_("На обращение уже дан ответ."), field="answer")
        if answered_on < locked.received_on:
            raise ReportError(
                _("Ответ не может быть раньше поступления обращения (%(day)s).")
                % {"day": f"{locked.received_on:%d.%m.%Y}"},
                field="answered_on",
            )
        locked.answered_on = answered_on
        locked.answer = answer
        locked.answered_by = by
        locked.notified_on = notified_on
        _acting(locked, by).save(
            update_fields=["answered_on", "answer", "answered_by", "notified_on"]
        )
        from kurator.tasks.services import complete_task

        complete_task(key=f"appeal:{locked.pk}", by=by)
    return locked


# --- shelter exits -----------------------------------------------------------------------------


def record_shelter_exit(
    *,
    shelter: str,
    left_on: date,
    destination: str,
    child: Person | None = None,
    family: Family | None = None,
    team: Team | None = None,
    note: str = "",
    by: User,
) -> ShelterExit:
    """Record that a child left a social shelter or rehabilitation centre, and where to. The
    child and her birth family are optional; if named, the recorder must see them."""
    shelter = _text(
        shelter,
        field="shelter",
        limit=300,
        required=True,
        message=SHELTER_MISSING,
    )
    if destination not in ShelterExit.Destination.values:
        raise ReportError(DESTINATION_MISSING, field="destination")
    today = timezone.localdate()
    _not_in_future(
        left_on, field="left_on", today=today, message=_("Дата выбытия не может быть в будущем.")
    )
    _not_too_old(left_on, field="left_on", today=today)
    note = _text(note, field="note", limit=5000, required=False)
    if child is not None:
        visible_child(by, child.pk)
    if family is not None:
        visible_family(by, family.pk)
    if (
        child is not None
        and family is not None
        and not FamilyMembership.objects.filter(person=child, family=family).exists()
    ):
        raise ReportError(_("Ребёнок не состоит в этой семье."), field="child")
    chosen = _team_of(by, team)
    assert by.organisation_id is not None
    exit_ = ShelterExit(
        organisation_id=by.organisation_id,
        team=chosen,
        child=child,
        family=family,
        shelter=shelter,
        left_on=left_on,
        destination=destination,
        note=note,
        recorded_by=by,
    )
    with transaction.atomic():
        _acting(exit_, by).save()
    return exit_
