"""Every change to the hotline journal goes through these functions.

``record_call`` logs a call — typed in by the operator during her shift, or posted bare by a
telephony system (direction, time, duration, number; the same ``external_id`` twice stores it
once). ``complete_call`` fills in or corrects what it was about and how it ended.
``create_signal_from_call`` is the one click that turns a call into a signal of the journal,
prefilled from the call (channel «горячая линия», the caller as its source, the summary as its
text, urgent when a child is in danger), through ``intake.services.record_signal``, so the
signal's deadlines, history and tasks are those of any signal.

Races: a call is locked (``select_for_update``) before a signal is made from it or it is
changed, so a double click makes one signal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator import access
from kurator.accounts.models import User
from kurator.intake import services as intake
from kurator.intake.errors import IntakeError
from kurator.intake.hotline.models import HotlineCall
from kurator.intake.models import Signal

if TYPE_CHECKING:
    from kurator.reports.models import Appeal

__all__ = [
    "DURATION_MAX_SECONDS",
    "SOURCE_OF_CALLER",
    "complete_call",
    "create_signal_from_call",
    "record_call",
    "record_complaint_from_call",
]

WRITE = "intake.signal:write"
DURATION_MAX_SECONDS = 8 * 60 * 60
SUMMARY_MAX = 4000
NAME_MAX = 150
PHONE_MAX = 50
REDIRECT_MAX = 300
EXTERNAL_ID_MAX = 100
_CLOCK_SKEW = timedelta(minutes=5)
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)

# Who called → the signal's source, when a signal is made from the call.
SOURCE_OF_CALLER: dict[str, str] = {
    HotlineCall.CallerKind.PARENT: Signal.Source.FAMILY,
    HotlineCall.CallerKind.SELF: Signal.Source.FAMILY,
    HotlineCall.CallerKind.RELATIVE: Signal.Source.RELATIVES,
    HotlineCall.CallerKind.NEIGHBOUR: Signal.Source.NEIGHBOURS,
    HotlineCall.CallerKind.SCHOOL: Signal.Source.SCHOOL,
    HotlineCall.CallerKind.MEDICAL: Signal.Source.MEDICAL,
    HotlineCall.CallerKind.NGO: Signal.Source.NGO,
    HotlineCall.CallerKind.ANONYMOUS: Signal.Source.ANONYMOUS,
}

SIGNAL_BY_BUTTON = gettext_lazy(
    "Итог «создан сигнал» ставится кнопкой «Создать сигнал» на странице звонка."
)
REDIRECT_MISSING = gettext_lazy("Напишите, в какую службу перенаправили.")


def _text(value: str, *, field: str, limit: int, lines: bool = False) -> str:
    value = (value or "").strip() if lines else " ".join((value or "").split())
    if len(value) > limit:
        raise IntakeError(_("Не длиннее %(n)s символов.") % {"n": limit}, field=field)
    return value


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value and value not in allowed:
        raise IntakeError(_("Выберите из списка."), field=field)
    return value or ""


def _check_details(
    *,
    caller_kind: str,
    caller_name: str,
    caller_phone: str,
    topic: str,
    summary: str,
    outcome: str,
    redirected_to: str,
    duration_seconds: int,
) -> dict[str, object]:
    """The call's details checked and normalised, for ``record_call`` and ``complete_call``."""
    if not isinstance(duration_seconds, int) or duration_seconds < 0:
        raise IntakeError(_("Длительность — целое число секунд, не меньше нуля."), field="duration")
    if duration_seconds > DURATION_MAX_SECONDS:
        raise IntakeError(_("Звонок не может длиться дольше 8 часов."), field="duration")
    outcome = _choice(outcome, HotlineCall.Outcome.values, "outcome")
    if outcome == HotlineCall.Outcome.SIGNAL:
        raise IntakeError(SIGNAL_BY_BUTTON, field="outcome")
    redirected_to = _text(redirected_to, field="redirected_to", limit=REDIRECT_MAX)
    if outcome == HotlineCall.Outcome.REDIRECTED and not redirected_to:
        raise IntakeError(REDIRECT_MISSING, field="redirected_to")
    if outcome != HotlineCall.Outcome.REDIRECTED:
        redirected_to = ""
    return {
        "caller_kind": _choice(caller_kind, HotlineCall.CallerKind.values, "caller_kind"),
        "caller_name": _text(caller_name, field="caller_name", limit=NAME_MAX),
        "caller_phone": _text(caller_phone, field="caller_phone", limit=PHONE_MAX),
        "topic": _choice(topic, HotlineCall.Topic.values, "topic"),
        "summary": _text(summary, field="summary", limit=SUMMARY_MAX, lines=True),
        "outcome": outcome,
        "redirected_to": redirected_to,
        "duration_seconds": duration_seconds,
    }


def _check_moment(moment: datetime) -> datetime:
    if not isinstance(moment, datetime):
        raise IntakeError(_("Укажите дату и время звонка."), field="started_at")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + _CLOCK_SKEW:
        raise IntakeError(_("Звонок не может быть в будущем."), field="started_at")
    if moment < _EARLIEST:
        raise IntakeError(_("Проверьте год."), field="started_at")
    return moment


def _check_operator(operator: User, by: User) -> User:
    if operator.organisation_id != access.organisation_id_of(by) or not operator.is_active:
        raise IntakeError(_("Оператор должен работать в вашей организации."), field="operator")
    if operator.team_id is None:
        raise IntakeError(_("Оператор не состоит в команде."), field="operator")
    if not operator.has_perm(WRITE):
        raise IntakeError(_("Этот сотрудник не принимает звонки."), field="operator")
    if not access.teams_visible_to(by).filter(pk=operator.team_id).exists():
        raise IntakeError(_("Оператор из другой команды."), field="operator")
    return operator


def record_call(
    *,
    by: User,
    direction: str,
    started_at: datetime,
    duration_seconds: int = 0,
    caller_kind: str = "",
    caller_name: str = "",
    caller_phone: str = "",
    topic: str = "",
    summary: str = "",
    outcome: str = "",
    redirected_to: str = "",
    operator: User | None = None,
    external_id: str = "",
) -> HotlineCall:
    """Log a call in the journal of the operator's team (``by`` herself unless a telephony
    integration names the operator who answered). The same ``external_id`` sent again returns
    the call stored first."""
    access.require(by, WRITE)
    organisation_id = access.organisation_id_of(by)
    operator = _check_operator(operator or by, by)
    if direction not in HotlineCall.Direction.values:
        raise IntakeError(_("Выберите: входящий или исходящий."), field="direction")
    started_at = _check_moment(started_at)
    details = _check_details(
        caller_kind=caller_kind,
        caller_name=caller_name,
        caller_phone=caller_phone,
        topic=topic,
        summary=summary,
        outcome=outcome,
        redirected_to=redirected_to,
        duration_seconds=duration_seconds,
    )
    external_id = _text(external_id, field="external_id", limit=EXTERNAL_ID_MAX)
    team_id = operator.team_id
    assert team_id is not None  # _check_operator
    with transaction.atomic():
        if external_id:
            earlier = HotlineCall.objects.filter(
                organisation_id=organisation_id, external_id=external_id
            ).first()
            if earlier is not None:
                return earlier
        call = HotlineCall(
            organisation_id=organisation_id,
            team_id=team_id,
            operator=operator,
            direction=direction,
            started_at=started_at,
            external_id=external_id,
            recorded_by=by,
            **details,
        )
        call._history_user = by  # type: ignore[attr-defined]
        try:
            with transaction.atomic():  # a savepoint: a lost race keeps the outer one usable
                call.save()
        except IntegrityError:
            earlier = HotlineCall.objects.filter(
                organisation_id=organisation_id, external_id=external_id
            ).first()
            if earlier is None:
                raise
            return earlier
    return call


def _lock(call: HotlineCall, by: User) -> HotlineCall:
    access.require(by, WRITE)
    locked = HotlineCall.objects.select_for_update().filter(pk=call.pk).first()
    if locked is None or locked.organisation_id != access.organisation_id_of(by):
        raise IntakeError(_("Звонок не найден."))
    if not access.teams_visible_to(by).filter(pk=locked.team_id).exists():
        raise IntakeError(_("Звонок другой команды."))
    return locked


def complete_call(
    *,
    call: HotlineCall,
    by: User,
    caller_kind: str = "",
    caller_name: str = "",
    caller_phone: str = "",
    topic: str = "",
    summary: str = "",
    outcome: str = "",
    redirected_to: str = "",
    duration_seconds: int | None = None,
) -> HotlineCall:
    """Fill in or correct who called, what about and how it ended. A call a signal was made
    from keeps its outcome «создан сигнал»."""
    with transaction.atomic():
        locked = _lock(call, by)
        has_signal = locked.signal_id is not None
        details = _check_details(
            caller_kind=caller_kind,
            caller_name=caller_name,
            caller_phone=caller_phone,
            topic=topic,
            summary=summary,
            outcome="" if has_signal else outcome,
            redirected_to=redirected_to,
            duration_seconds=locked.duration_seconds
            if duration_seconds is None
            else duration_seconds,
        )
        if has_signal:
            details["outcome"] = HotlineCall.Outcome.SIGNAL
            details["redirected_to"] = ""
        for name, value in details.items():
            setattr(locked, name, value)
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=list(details))
    return locked


def create_signal_from_call(*, call: HotlineCall, by: User) -> Signal:
    """One click: a signal of the call's team, prefilled from the call — received when the
    call began, channel «горячая линия», source from who called, the summary as what was
    reported, urgent when the topic is a threat to a child. The call's outcome becomes
    «создан сигнал» and it links to the signal. Once per call."""
    with transaction.atomic():
        locked = _lock(call, by)
        if locked.signal_id is not None:
            raise IntakeError(
                _("По этому звонку уже создан сигнал №%(n)s.") % {"n": locked.signal_id}
            )
        if not locked.summary:
            raise IntakeError(
                _("Напишите, о чём звонили: это станет текстом сигнала."), field="summary"
            )
        signal = intake.record_signal(
            by=by,
            team=locked.team,
            received_at=locked.started_at,
            channel=Signal.Channel.HOTLINE,
            source=SOURCE_OF_CALLER.get(locked.caller_kind, Signal.Source.OTHER),
            description=locked.summary,
            reporter_name=locked.caller_name,
            reporter_contact=locked.caller_phone,
            urgent=locked.topic == HotlineCall.Topic.CHILD_SAFETY,
        )
        locked.signal = signal
        locked.outcome = HotlineCall.Outcome.SIGNAL
        locked.redirected_to = ""
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["signal", "outcome", "redirected_to"])
    call.signal = signal
    call.outcome = locked.outcome
    return signal


def record_complaint_from_call(*, call: HotlineCall, by: User) -> Appeal:
    """The caller complained: a complaint registered from the call (channel «горячая линия»,
    the caller and her number for the answer, the summary as its text) with its 59-FZ
    deadline and the quality officer's task (``reports.services.records.record_appeal``);
    the call's outcome becomes «жалоба». Once per call."""
    from kurator.reports.models import Appeal
    from kurator.reports.services.records import record_appeal

    with transaction.atomic():
        locked = _lock(call, by)
        if Appeal.objects.filter(hotline_call=locked).exists():
            raise IntakeError(_("По этому звонку жалоба уже записана."))
        if locked.signal_id is not None:
            raise IntakeError(_("По этому звонку создан сигнал; жалобу запишите отдельно."))
        if not locked.summary:
            raise IntakeError(
                _("Напишите, на что жалуются: это станет текстом жалобы."), field="summary"
            )
        appeal = record_appeal(
            kind=Appeal.Kind.COMPLAINT,
            received_on=timezone.localtime(locked.started_at).date(),
            channel=Appeal.Channel.HOTLINE,
            author=locked.caller_name,
            contact=locked.caller_phone,
            text=locked.summary,
            team=locked.team,
            hotline_call=locked,
            by=by,
        )
        locked.outcome = HotlineCall.Outcome.COMPLAINT
        locked.redirected_to = ""
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["outcome", "redirected_to"])
    call.outcome = locked.outcome
    return appeal
