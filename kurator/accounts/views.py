"""Sign-in steps after the password: enrol or enter the second factor, and confirm identity
again before a bulk export (``stepup``). The password step itself is Django's LoginView.
And the organisation's script of signal intake, kept by its administrator; the role requests
its programme director approves or rejects."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_stubs_ext import StrOrPromise

from kurator import access
from kurator.accounts import navigation, queries, services, two_factor
from kurator.accounts.errors import AccountsError
from kurator.accounts.forms import (
    IntakeScriptForm,
    OneTimeCodeForm,
    PasswordConfirmForm,
    RoleRequestRejectForm,
)
from kurator.accounts.intake_scripts import channel_scripts
from kurator.accounts.models import RoleGrantRequest
from kurator.accounts.roles import RoleCode
from kurator.core.http import form_error, request_user


def _with_next(name: str, request: HttpRequest) -> HttpResponseRedirect:
    query = urlencode({"next": navigation.safe_next(request)})
    return HttpResponseRedirect(f"{reverse(name)}?{query}")


def _done(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(navigation.safe_next(request))


@never_cache  # the page carries the secret
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not two_factor.is_required() or user.is_verified():  # type: ignore[attr-defined]
        return _done(request)
    if two_factor.confirmed_device(user) is not None:
        return _with_next("accounts:two_factor_verify", request)
    device = two_factor.pending_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        try:
            two_factor.confirm_enrolment(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except AccountsError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Двухфакторная проверка настроена."))
            return _done(request)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_text(device),
            "next": navigation.safe_next(request),
        },
    )


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not two_factor.is_required() or user.is_verified():  # type: ignore[attr-defined]
        return _done(request)
    device = two_factor.confirmed_device(user)
    if device is None:
        return _with_next("accounts:two_factor_setup", request)
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        try:
            two_factor.verify(request=request, device=device, code=form.cleaned_data["code"])
        except AccountsError as error:
            form.add_error("code", error.message)
        else:
            return _done(request)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": navigation.safe_next(request)},
    )


@never_cache
@login_required
def identity_confirm(request: HttpRequest) -> HttpResponse:
    """«Подтвердите, что это вы»: the code (second factor on) or the password (off)."""
    user = request_user(request)
    use_code = two_factor.is_required()
    form: OneTimeCodeForm | PasswordConfirmForm = (
        OneTimeCodeForm(request.POST or None)
        if use_code
        else PasswordConfirmForm(request.POST or None)
    )
    if form.is_valid():
        if use_code:
            device = two_factor.confirmed_device(user)
            if device is None:
                return _with_next("accounts:two_factor_setup", request)
            try:
                two_factor.check_code(device=device, code=form.cleaned_data["code"])
            except AccountsError as error:
                form.add_error("code", error.message)
            else:
                two_factor.record_reauth(request, two_factor.TOTP)
                return _done(request)
        else:
            # Through authenticate(), so wrong passwords here count towards the lockout too.
            again = authenticate(
                request, username=user.get_username(), password=form.cleaned_data["password"]
            )
            if again is not None and again.pk == user.pk:
                two_factor.record_reauth(request, two_factor.PASSWORD)
                return _done(request)
            form.add_error("password", _("Пароль неверный."))
    return render(
        request,
        "accounts/identity_confirm.html",
        {"form": form, "use_code": use_code, "next": navigation.safe_next(request)},
    )


@login_required
@require_GET
def intake_script_list(request: HttpRequest) -> HttpResponse:
    """«Скрипт приёма сигнала»: the questions of every channel, each to edit."""
    user = request_user(request)
    access.require(user, "accounts.settings:manage")
    return render(
        request,
        "accounts/intake_scripts.html",
        {"scripts": channel_scripts(access.organisation_id_of(user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_script_edit(request: HttpRequest, channel: str) -> HttpResponse:
    user = request_user(request)
    access.require(user, "accounts.settings:manage")
    scripts = {s.channel: s for s in channel_scripts(access.organisation_id_of(user))}
    script = scripts.get(channel)
    if script is None:
        raise Http404("channel")
    form = IntakeScriptForm(
        data=request.POST if request.method == "POST" else None,
        initial={"questions": script.questions},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_intake_script(
                channel=channel, questions=form.cleaned_data["questions"], by=user
            )
        except AccountsError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Скрипт для канала «%(channel)s» сохранён.") % {"channel": script.label},
            )
            return redirect("accounts:intake_scripts")
    return render(request, "accounts/intake_script_edit.html", {"script": script, "form": form})


@login_required
@require_GET
def role_request_list(request: HttpRequest) -> HttpResponse:
    """«Запросы ролей»: the roles that open people's data, asked for by an administrator,
    waiting for the director; the latest decisions under them."""
    user = request_user(request)
    rows = queries.role_requests(by=user)
    pending = rows.filter(status=RoleGrantRequest.Status.PENDING)
    decided = rows.exclude(status=RoleGrantRequest.Status.PENDING)[: queries.DECIDED_SHOWN]
    return render(
        request,
        "accounts/role_requests.html",
        {"pending": list(pending), "decided": list(decided)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """«Вы уверены?» — then the role is given."""
    user = request_user(request)
    grant = queries.role_request(by=user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.approve_role_grant(request=grant, by=user)
        except AccountsError as failure:
            error = failure.message
        else:
            messages.success(
                request,
                _("Роль «%(role)s» назначена: %(user)s.")
                % {"role": grant.get_role_display(), "user": grant.user.short_name},
            )
            return redirect("accounts:role_requests")
    return _decision_page(request, grant, approve=True, error=error)


@login_required
@require_http_methods(["GET", "POST"])
def role_request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    grant = queries.role_request(by=user, pk=pk)
    form = RoleRequestRejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_role_grant(request=grant, by=user, reason=form.cleaned_data["reason"])
        except AccountsError as failure:
            form_error(form, failure)
        else:
            messages.success(
                request,
                _("Запрос роли «%(role)s» отклонён: %(user)s.")
                % {"role": grant.get_role_display(), "user": grant.user.short_name},
            )
            return redirect("accounts:role_requests")
    return _decision_page(request, grant, approve=False, form=form)


def _decision_page(
    request: HttpRequest,
    grant: RoleGrantRequest,
    *,
    approve: bool,
    error: str = "",
    form: RoleRequestRejectForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "accounts/role_request_decide.html",
        {
            "grant": grant,
            "approve": approve,
            "error": error,
            "form": form,
            "pending": grant.status == RoleGrantRequest.Status.PENDING,
            "scope": ROLE_SCOPES.get(grant.role, ""),
        },
    )


# What the role will open, said on the confirmation page (docs/domain.md, the scope rules).
ROLE_SCOPES: dict[str, StrOrPromise] = {
    RoleCode.INTAKE_OPERATOR: gettext_lazy("сигналы, семьи и людей своей команды"),
    RoleCode.SENIOR_CURATOR: gettext_lazy("сигналы, семьи, людей и случаи своей команды"),
    RoleCode.CURATOR: gettext_lazy("семьи, людей и случаи своей команды"),
    RoleCode.PSYCHOLOGIST: gettext_lazy("семьи, людей и случаи своей команды"),
    RoleCode.SPECIALIST: gettext_lazy("семьи, людей и случаи своей команды"),
    RoleCode.TEAM_HEAD: gettext_lazy("все данные своей команды, их выгрузку и уничтожение"),
    RoleCode.PROGRAMME_DIRECTOR: gettext_lazy("данные всей организации и их выгрузку"),
    RoleCode.OPERATIONS_MANAGER: gettext_lazy("семьи, людей и случаи всей организации"),
    RoleCode.QUALITY_OFFICER: gettext_lazy(
        "семьи, людей, случаи и журнал доступа всей организации"
    ),
    RoleCode.SUPERVISOR: gettext_lazy("случаи, переданные на супервизию"),
    RoleCode.RESOURCE_AGENT: gettext_lazy("направления к своей организации"),
}
