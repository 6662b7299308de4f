"""What the public pages read: the open pages, a page's settlements, and a report's status as
the reporter may know it — one of four words, never a detail of the family or the work."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kurator.cases.models import Case
from kurator.core.api import MAX_ID
from kurator.intake.models import PublicPage, PublicReport, Settlement, Signal
from kurator.intake.public.services import code_matches

__all__ = [
    "PUBLIC_STATUSES",
    "get_open_page",
    "lookup_status",
    "open_pages",
    "page_of_organisation",
    "public_status",
    "settlements_of",
]

# The four answers of the status page (and of the API's status lookup): code → words.
RECEIVED, IN_WORK, PASSED, CLOSED = "received", "in_work", "passed", "closed"
PUBLIC_STATUSES = {
    RECEIVED: _("принят"),
    IN_WORK: _("в работе"),
    PASSED: _("передан в органы"),
    CLOSED: _("закрыт"),
}
_BY_SIGNAL_STATUS = {
    Signal.Status.NEW: RECEIVED,
    Signal.Status.TEAM_ASSIGNED: IN_WORK,
    Signal.Status.VISITED: IN_WORK,
    Signal.Status.ACCEPTED: IN_WORK,
    Signal.Status.REDIRECTED: PASSED,
    Signal.Status.REFUSED: CLOSED,
}


def open_pages() -> QuerySet[PublicPage]:
    """The installation's open public pages whose organisation has somewhere to route a
    report (an active settlement)."""
    return (
        PublicPage.objects.filter(is_open=True, organisation__teams__settlements__is_active=True)
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name")
    )


def get_open_page(slug: str) -> PublicPage:
    try:
        return open_pages().get(slug=slug)
    except PublicPage.DoesNotExist as exc:
        raise Http404("public page") from exc


def page_of_organisation(organisation_id: int) -> PublicPage | None:
    """The organisation's open public page, if it has one."""
    return PublicPage.objects.filter(organisation_id=organisation_id, is_open=True).first()


def settlements_of(page: PublicPage) -> QuerySet[Settlement]:
    return (
        Settlement.objects.filter(team__organisation_id=page.organisation_id, is_active=True)
        .select_related("team")
        .order_by("name", "pk")
    )


def public_status(signal: Signal) -> str:
    """The signal's stage in the reporter's words (a code of ``PUBLIC_STATUSES``): taken into
    work stays «в работе» until the case opened from it is closed."""
    status = _BY_SIGNAL_STATUS.get(Signal.Status(signal.status), RECEIVED)
    if signal.status == Signal.Status.ACCEPTED:
        case = Case.objects.filter(signal_id=signal.pk).only("status").first()
        if case is not None and case.status == Case.Status.CLOSED:
            return CLOSED
    return status


def lookup_status(number: object, code: str, *, organisation_id: int | None = None) -> str | None:
    """The public status of report ``number`` if ``code`` is its code; None for an unknown
    number, a signal that did not come from the public page and a wrong code alike (and, for
    the API, a report of another organisation than ``organisation_id``)."""
    try:
        pk = int(str(number).strip().lstrip("№").strip())
    except ValueError:
        return None
    if not 0 < pk <= MAX_ID:
        return None
    reports = PublicReport.objects.filter(signal_id=pk)
    if organisation_id is not None:
        reports = reports.filter(signal__organisation_id=organisation_id)
    report = reports.select_related("signal").first()
    if report is None:
        code_matches(PublicReport(signal_id=pk, code_hash=""), code)  # the same work as a miss
        return None
    if not code_matches(report, code):
        return None
    return public_status(report.signal)
