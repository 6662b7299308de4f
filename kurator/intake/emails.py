"""E-mails of the intake stage, one function per message.

Messages name the signal, team, channel and deadlines, never the family or what was
reported: e-mail leaves the system, the details stay behind its access checks.
Sending never breaks the work: a failed send is logged, the signal is already saved.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from kurator.accounts.models import User
from kurator.accounts.roles import RoleCode
from kurator.intake.models import DecisionLevel, Signal

logger = logging.getLogger(__name__)


def _team_users(signal: Signal, *roles: str) -> QuerySet[User]:
    return User.objects.filter(
        organisation_id=signal.organisation_id,
        team_id=signal.team_id,
        is_active=True,
        roles__code__in=roles,
    ).exclude(email="")


def _send(template: str, context: dict[str, object], recipients: list[str]) -> int:
    if not recipients:
        return 0
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    try:
        return send_mail(
            subject, body, None, sorted(set(recipients)), html_message=html, fail_silently=False
        )
    except Exception:  # the signal is saved; the journal still shows it on top
        logger.exception("could not send %s", template)
        return 0


def _context(signal: Signal) -> dict[str, object]:
    base_url = getattr(settings, "KURATOR_BASE_URL", "")
    return {
        "signal": signal,
        "url": f"{base_url}{reverse('intake:signal_detail', args=[signal.pk])}",
    }


def send_urgent_signal(*, signal_id: int) -> int:
    """An urgent signal: to the team's senior curators at once (the team head if none)."""
    signal = Signal.objects.select_related("team").get(pk=signal_id)
    recipients = list(_team_users(signal, RoleCode.SENIOR_CURATOR).values_list("email", flat=True))
    if not recipients:
        recipients = list(_team_users(signal, RoleCode.TEAM_HEAD).values_list("email", flat=True))
    return _send("intake/emails/urgent_signal", _context(signal), recipients)


def send_public_signal(*, signal_id: int) -> int:
    """A report from the public page: to the team's intake operators (its senior curators if
    it has none, else its head) — who registers it, not the family's details."""
    signal = Signal.objects.select_related("team").get(pk=signal_id)
    for roles in ((RoleCode.INTAKE_OPERATOR,), (RoleCode.SENIOR_CURATOR,), (RoleCode.TEAM_HEAD,)):
        recipients = list(_team_users(signal, *roles).values_list("email", flat=True))
        if recipients:
            break
    return _send("intake/emails/public_signal", _context(signal), recipients)


def send_signal_escalated(*, signal_id: int) -> int:
    """The decision passed up a level: to those who decide there."""
    signal = Signal.objects.select_related("team").get(pk=signal_id)
    if signal.decision_level == DecisionLevel.COORDINATOR:
        users = _team_users(signal, RoleCode.TEAM_HEAD)
    else:
        users = User.objects.filter(
            organisation_id=signal.organisation_id,
            is_active=True,
            roles__code=RoleCode.PROGRAMME_DIRECTOR,
        ).exclude(email="")
    recipients = list(users.values_list("email", flat=True))
    return _send("intake/emails/signal_escalated", _context(signal), recipients)
