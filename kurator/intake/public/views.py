"""The public pages: «Сообщить о семье» and «Узнать, что с сообщением». No sign-in.

/signal/ is the form of the installation's only open page, or the list of organisations when
there are several; /signal/<slug>/ is one organisation's form. Every POST counts against the
sender's address (``core.throttle.hit_address``): too many answer 429 with a page in plain
Russian. The status lookup answers the same 404 for an unknown number and a wrong code.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kurator.accounts.lockout import client_ip
from kurator.core.http import form_error
from kurator.core.throttle import RateLimited, hit_address
from kurator.intake.errors import IntakeError
from kurator.intake.models import PublicPage
from kurator.intake.public import queries, services
from kurator.intake.public.forms import PublicAppealForm, PublicSignalForm, StatusForm


def _too_many(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    minutes = max(1, round(limited.wait / 60))
    response = render(request, "intake/public/too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(limited.wait)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report_any(request: HttpRequest) -> HttpResponse:
    """/signal/: the form of the only open page, or the organisations to choose from."""
    pages = list(queries.open_pages()[:50])
    if len(pages) == 1:
        return _report(request, pages[0])
    if not pages:
        return render(request, "intake/public/closed.html", status=404)
    return render(request, "intake/public/choose.html", {"pages": pages})


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, queries.get_open_page(slug))


def _report(request: HttpRequest, page: PublicPage) -> HttpResponse:
    if request.method == "POST":
        try:
            hit_address(address=client_ip(request), scope="public_signal")
        except RateLimited as limited:
            return _too_many(request, limited)
    settlements = queries.settlements_of(page)
    form = PublicSignalForm(
        data=request.POST if request.method == "POST" else None, settlements=settlements
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.submit_public_signal(
                page=page,
                settlement=data["settlement"],
                description=data["description"],
                submission=form.submission,
                reporter_name=data["reporter_name"],
                reporter_contact=data["reporter_contact"],
                consent=data["consent"],
                relation=data["relation"],
                family_name=data["family_name"],
                address=data["address"],
                urgent=data["urgent"],
            )
        except IntakeError as error:
            form_error(form, error)
        else:
            return render(
                request,
                "intake/public/received.html",
                {"page": page, "receipt": receipt},
            )
    return render(request, "intake/public/report.html", {"page": page, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, slug: str) -> HttpResponse:
    """«Жалоба или предложение» about the organisation's work: registered at once, answered
    within 30 days (59-FZ) to the contact left."""
    page = queries.get_open_page(slug)
    if request.method == "POST":
        try:
            hit_address(address=client_ip(request), scope="public_signal")
        except RateLimited as limited:
            return _too_many(request, limited)
    form = PublicAppealForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.submit_public_appeal(
                page=page,
                kind=data["kind"],
                text=data["text"],
                author=data["author"],
                contact=data["contact"],
                consent=data["consent"],
                submission=form.submission,
            )
        except IntakeError as error:
            form_error(form, error)
        else:
            return render(
                request, "intake/public/appeal_received.html", {"page": page, "receipt": receipt}
            )
    return render(request, "intake/public/appeal.html", {"page": page, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The status of a report by its number and code: four words, nothing else."""
    if request.method != "POST":
        return render(request, "intake/public/status.html", {"form": StatusForm()})
    try:
        hit_address(address=client_ip(request), scope="public_status")
    except RateLimited as limited:
        return _too_many(request, limited)
    form = StatusForm(data=request.POST)
    if not form.is_valid():
        return render(request, "intake/public/status.html", {"form": form})
    found = queries.lookup_status(form.cleaned_data["number"], form.cleaned_data["code"])
    if found is None:
        form.add_error(
            None,
            _(
                "Сообщение с таким номером и кодом не найдено. Проверьте номер и код — "
                "их показали сразу после отправки сообщения."
            ),
        )
        return render(request, "intake/public/status.html", {"form": form}, status=404)
    return render(
        request,
        "intake/public/status.html",
        {
            "form": StatusForm(),
            "number": form.cleaned_data["number"].strip().lstrip("№").strip(),
            "status": queries.PUBLIC_STATUSES[found],
            "status_code": found,
        },
    )
