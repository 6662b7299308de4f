"""Referrals of a case to a resource agent: draft → sent → accepted / declined → in progress →
done / failed, with comments and the agent's feedback (docs/domain.md, Services and material aid).

Every transition locks the referral's row; the same answer sent twice (a double click) is
refused with a clear message and writes nothing. The curator's side needs
``cases.case:write`` on the case; the agent's side (``network.referral:respond``) acts only
on referrals addressed to her own organisation (``access.get_agent_referral``).

152-FZ: a referral names persons to the agent only with each one's live consent to transfer
data to agents of its category (``check_transfer_consent``, at creation and again when
sent); otherwise it is made — and sent — depersonalised (``depersonalised``). What the agent
sees is decided when she reads it (``network.queries.referrals.agent_view``): a consent
withdrawn since hides the names at once."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import User
from kurator.cases import timeline
from kurator.cases.models import Case
from kurator.network.errors import NetworkError
from kurator.network.models import (
    VETTED_CATEGORIES,
    Referral,
    ReferralNote,
    ResourceAgent,
    Service,
)
from kurator.network.services.agents import agreement_in_force
from kurator.network.services.family import chosen_members
from kurator.people.models import Person
from kurator.plans.models import PlanAction
from kurator.privacy.queries.coverage import transfer_refusal

logger = logging.getLogger(__name__)
S = Referral.Status
TEXT_MAX = 4000

# to → (the statuses it may come from, who may set it: "staff", "agent" or both)
TRANSITIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    S.SENT: (frozenset({S.DRAFT}), frozenset({"staff"})),
    S.ACCEPTED: (frozenset({S.SENT}), frozenset({"staff", "agent"})),
    S.DECLINED: (frozenset({S.SENT}), frozenset({"staff", "agent"})),
    S.IN_PROGRESS: (frozenset({S.ACCEPTED}), frozenset({"staff", "agent"})),
    S.DONE: (frozenset({S.ACCEPTED, S.IN_PROGRESS}), frozenset({"staff", "agent"})),
    S.FAILED: (frozenset({S.ACCEPTED, S.IN_PROGRESS}), frozenset({"staff", "agent"})),
}
NEEDS_COMMENT = frozenset({S.DECLINED, S.DONE, S.FAILED})


def warnings_for(agent: ResourceAgent, service: Service | None, on: datetime.date) -> list[str]:
    """What the curator must confirm before referring: no agreement in force, a service the
    agent does not give according to the directory."""
    found = []
    if agreement_in_force(agent, on) is None:
        found.append(_("У агента нет действующего соглашения (истекло или не заключено)."))
    if service is not None and not agent.catalogue.filter(pk=service.pk).exists():
        found.append(_("По справочнику агент не оказывает услугу «%(s)s».") % {"s": service})
    return found


def create_referral(
    *,
    case: Case,
    by: User,
    agent: ResourceAgent,
    need: str,
    persons: Iterable[Person],
    due_on: datetime.date,
    service: Service | None = None,
    plan_action: PlanAction | None = None,
    confirmed: bool = False,
    depersonalised: bool = False,
) -> Referral:
    """A draft referral of the case to ``agent`` for ``persons``. Their names go to the agent
    only with a live consent of each to transfer data to agents of the agent's category
    (152-FZ); without it the referral is refused with the reason, unless ``depersonalised``:
    then the agent sees «Семья № …», the service, the due date and the curator's contact."""
    access.require(by, "cases.case:write")
    if not case.accepts_records:
        raise NetworkError(_("Случай закрыт: направить нельзя."))
    if agent.organisation_id != case.organisation_id or not agent.is_active:
        raise NetworkError(_("Выберите агента из справочника."), field="agent")
    if service is not None and service.organisation_id != case.organisation_id:
        raise NetworkError(_("Выберите услугу из каталога."), field="service")
    need = need.strip()
    if not need:
        raise NetworkError(_("Напишите, что нужно от агента."), field="need")
    if len(need) > TEXT_MAX:
        raise NetworkError(_("Слишком длинный текст."), field="need")
    chosen = chosen_members(case, persons, none_chosen=_("Выберите, для кого направление."))
    today = timezone.localdate()
    if due_on < today:
        raise NetworkError(_("Срок не может быть в прошлом."), field="due_on")
    if plan_action is not None and plan_action.version.plan.case_id != case.pk:
        raise NetworkError(_("Мероприятие из плана другого случая."), field="plan_action")
    if agent.category in VETTED_CATEGORIES and agent.vetting != ResourceAgent.Vetting.PASSED:
        raise NetworkError(
            _("Агент ещё не прошёл проверку: направлять к нему нельзя."), field="agent"
        )
    if not isinstance(depersonalised, bool):
        raise NetworkError(_("Отметьте «да» или «нет»."), field="depersonalised")
    if not depersonalised:
        check_transfer_consent(chosen, agent)
    warnings = warnings_for(agent, service, today)
    if warnings and not confirmed:
        raise NetworkError(" ".join([*warnings, _("Подтвердите направление.")]), field="confirmed")
    with transaction.atomic():
        referral = Referral.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            agent=agent,
            service=service,
            plan_action=plan_action,
            need=need,
            due_on=due_on,
            depersonalised=depersonalised,
            created_by=by,
        )
        referral.persons.set(chosen)
        timeline.record(
            kind="network.referral_created",
            actor=by,
            case=case,
            data={
                "agent": agent.name,
                "need": need[:200] + (_(" (обезличенно)") if depersonalised else ""),
            },
        )
    return referral


def check_transfer_consent(persons: Iterable[Person], agent: ResourceAgent) -> None:
    """Refused (on the field ``consent``) when a person named has no live consent to transfer
    data to agents of ``agent``'s category."""
    refusal = transfer_refusal(persons, agent.category)
    if refusal is not None:
        raise NetworkError(refusal, field="consent")


def _lock(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "agent")
        .get(pk=referral.pk)
    )


def _side(referral: Referral, by: User) -> str:
    """ "agent" when ``by`` answers for the agent's organisation, else "staff" (the curator's
    side, who must be able to work on the case)."""
    partner = referral.agent.partner_organisation_id
    if partner is not None and by.organisation_id == partner:
        access.require(by, "network.referral:respond")
        return "agent"
    access.require(by, "cases.case:write")
    return "staff"


def _comment(text: str) -> str:
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise NetworkError(_("Слишком длинный комментарий."), field="comment")
    return text


def move_referral(*, referral: Referral, to: str, by: User, comment: str = "") -> Referral:
    if to not in TRANSITIONS:
        raise NetworkError(_("Неизвестное действие."), field="status")
    comment = _comment(comment)
    if to in NEEDS_COMMENT and not comment:
        raise NetworkError(_("Напишите комментарий: что сделано или почему нет."), field="comment")
    sources, sides = TRANSITIONS[to]
    with transaction.atomic():
        locked = _lock(referral)
        side = _side(locked, by)
        if side not in sides:
            raise PermissionDenied(to)
        if locked.status not in sources:
            raise NetworkError(
                _("Направление уже в статусе «%(status)s»: действие не выполнено.")
                % {"status": locked.get_status_display()}
            )
        if to == S.SENT and not locked.depersonalised:
            # A consent withdrawn or expired since the draft: no names leave without one.
            check_transfer_consent(list(locked.persons.all()), locked.agent)
        now = timezone.now()
        locked.status = to
        if to == S.SENT:
            locked.sent_at = now
        elif to in (S.ACCEPTED, S.DECLINED):
            locked.answered_at = now
        if to in Referral.FINISHED:
            locked.finished_at = now
            if comment:
                locked.feedback = comment
        locked._change_reason = comment[:100]  # type: ignore[attr-defined]
        locked._history_user = by  # type: ignore[attr-defined]  # simple_history outside a request
        locked.save()
        ReferralNote.objects.create(referral=locked, author=by, status=to, text=comment)
        timeline.record(
            kind="network.referral_moved",
            actor=by,
            case=locked.case,
            data={"agent": locked.agent.name, "status": locked.get_status_display()},
        )
        _sync_task(locked, by)
        if to == S.SENT:
            transaction.on_commit(lambda: _email_agent(locked))
    referral.refresh_from_db()
    return referral


def send_referral(*, referral: Referral, by: User) -> Referral:
    if by.organisation_id == referral.agent.partner_organisation_id:
        raise NetworkError(_("Отправляет направление куратор."))
    return move_referral(referral=referral, to=S.SENT, by=by)


def add_note(*, referral: Referral, by: User, text: str) -> ReferralNote:
    _side(referral, by)
    text = _comment(text)
    if not text:
        raise NetworkError(_("Напишите комментарий."), field="comment")
    return ReferralNote.objects.create(referral=referral, author=by, text=text)


def _task_key(referral: Referral) -> str:
    return f"referral:{referral.pk}"


def _sync_task(referral: Referral, by: User) -> None:
    """The curator's task «ждём ответа агента» due on the referral's date: in «Мои задачи»,
    overdue when the agent is late; closed when the referral is finished."""
    from kurator.tasks.services import cancel_task, complete_task, schedule_task

    if referral.status in Referral.FINISHED:
        if referral.status == S.DONE:
            complete_task(key=_task_key(referral), by=by)
        else:
            cancel_task(key=_task_key(referral), by=by)
        return
    schedule_task(
        key=_task_key(referral),
        user=referral.case.curator,
        title=_("Направление к «%(agent)s»: %(need)s")
        % {"agent": referral.agent.name, "need": referral.need[:80]},
        due_on=referral.due_on,
        kind="referral",
        case=referral.case,
        url=reverse("network:referral_detail", args=[referral.pk]),
        by=by,
    )


def _email_agent(referral: Referral) -> None:
    """A short note to the agent: no names or details of the family in an e-mail — the agent
    reads them in Kurator."""
    if not referral.agent.email:
        return
    base_url = getattr(settings, "KURATOR_BASE_URL", "")
    body = _(
        "Здравствуйте!\n\nВам направлено обращение № %(n)s (%(service)s), срок — %(due)s.\n"
        "Подробности и ответ: %(url)s\n\nKurator"
    ) % {
        "n": referral.pk,
        "service": referral.service or referral.need[:60],
        "due": referral.due_on.strftime("%d.%m.%Y"),
        "url": f"{base_url}{reverse('network:my_referral', args=[referral.pk])}",
    }
    try:
        send_mail(
            _("Новое направление № %(n)s") % {"n": referral.pk}, body, None, [referral.agent.email]
        )
    except Exception:  # the referral is sent; the agent sees it in Kurator
        logger.exception("could not e-mail referral %s", referral.pk)
