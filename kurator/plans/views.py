"""HTML views of the individual plan: thin, one per action.

Each resolves the case through ``access`` (404 out of scope, 403 without the permission),
binds a form, calls one service and redirects. A ``PlanError`` becomes a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.audit.views import history_page
from kurator.cases.models import Case
from kurator.core.http import form_error, request_user
from kurator.plans import diff, exports, history, queries, services
from kurator.plans.errors import PlanError
from kurator.plans.forms import ActionForm, AgreeForm, ContactForm, GoalForm, ReviseForm, StatusForm
from kurator.plans.models import Plan, PlanAction, PlanVersion

WRITE = services.WRITE
OPEN_STATUSES = (PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS)


def _plan_or_redirect(request: HttpRequest, case: Case) -> Plan | HttpResponse:
    try:
        return services.require_plan(case)
    except PlanError as error:
        messages.info(request, error.message)
        return redirect("plans:plan", pk=case.pk)


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk)
    plan = queries.plan_of_case(case)
    version = plan.current_version if plan else None
    can_write = access.may_write_case(user, case, WRITE)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "case": case,
            "plan": plan,
            "version": version,
            "goals": queries.goals_with_actions(version, with_referrals=True) if version else [],
            "can_refer": can_write and user.has_perm("cases.case:write"),
            "versions": list(queries.versions_of_plan(plan)) if plan else [],
            "contacts": list(queries.contacts_of_case(case)[:50]),
            "warnings": queries.plan_warnings([case]).get(case.pk),
            "deadline": queries.plan_deadline(case, plan),
            "can_write": can_write,
            "can_start": access.may_work_case(user, case, WRITE),
            "not_agreed": version is not None and not version.is_agreed,
            "today": timezone.localdate(),
            "open_statuses": OPEN_STATUSES,
            "can_approve": user.has_perm("plans.plan:approve")
            and version is not None
            and version.approved_by_id is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action=WRITE)
    if queries.plan_of_case(case) is not None:
        return redirect("plans:plan", pk=case.pk)
    error = None
    if request.method == "POST":
        try:
            services.create_plan(case=case, by=user)
        except PlanError as exc:
            error = exc.message
        else:
            messages.success(request, _("План начат. Добавьте цели и действия."))
            return redirect("plans:plan", pk=case.pk)
    return render(request, "plans/plan_create.html", {"case": case, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action=WRITE)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    form = GoalForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_goal(plan=plan, text=form.cleaned_data["text"], by=user)
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Цель добавлена."))
            return redirect("plans:plan", pk=case.pk)
    return render(
        request, "plans/form_page.html", {"case": case, "form": form, "title": _("Новая цель")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action=WRITE)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    version = plan.current_version
    assert version is not None
    initial = {"goal": request.GET.get("goal")} if request.GET.get("goal") else None
    form = ActionForm(
        data=request.POST or None, initial=initial, case=case, version=version, user=user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                goal=data["goal"],
                text=data["text"],
                responsible_kind=data["responsible_kind"],
                responsible_user=data["responsible_user"],
                responsible_person=data["responsible_person"],
                responsible_agent=data["responsible_agent"],
                responsible_other=data["responsible_other"],
                due_on=data["due_on"],
                by=user,
            )
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Действие добавлено."))
            return redirect("plans:plan", pk=case.pk)
    return render(
        request,
        "plans/form_page.html",
        {"case": case, "form": form, "title": _("Новое действие плана")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action=WRITE)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    form = AgreeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.agree_plan_with_family(
                plan=plan, agreed_on=form.cleaned_data["agreed_on"], by=user
            )
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Версия %(n)s согласована с семьёй.") % {"n": version.number},
            )
            return redirect("plans:plan", pk=case.pk)
    return render(
        request,
        "plans/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Согласование плана с семьёй"),
            "submit": _("Да, план согласован"),
            "intro": _(
                "После согласования версию нельзя менять на месте: изменения вносятся "
                "пересмотром плана."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action="plans.plan:approve")
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    version = plan.current_version
    assert version is not None
    form = Form(data=request.POST or None)
    if request.method == "POST":
        try:
            services.approve_plan_version(version=version, by=user)
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Версия %(n)s утверждена.") % {"n": version.number})
            return redirect("plans:plan", pk=case.pk)
    return render(
        request,
        "plans/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Утвердить версию %(n)s плана?") % {"n": version.number},
            "submit": _("Да, утвердить"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action=WRITE)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    version = plan.current_version
    assert version is not None
    try:
        services.check_revisable(version)
    except PlanError as error:
        messages.info(request, error.message)
        return redirect("plans:plan", pk=case.pk)
    form = ReviseForm(data=request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.revise_plan(
                plan=plan,
                reason=form.cleaned_data["reason"],
                drop=form.cleaned_data["drop"],
                by=user,
            )
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Создана версия %(n)s. Дополните её и согласуйте с семьёй.") % {"n": new.number},
            )
            return redirect("plans:plan", pk=case.pk)
    return render(
        request,
        "plans/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Пересмотр плана"),
            "submit": _("Создать новую версию"),
            "intro": _(
                "Новая версия повторит текущую (со статусами и результатами), кроме "
                "исключённых действий. Версия %(n)s останется в истории без изменений."
            )
            % {"n": version.number},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    action = access.get_plan_action(user, pk, action=WRITE)
    case = action.version.plan.case
    initial = {
        "status": action.status,
        "result": action.result,
        "done_on": action.done_on,
        "expected_status": action.status,
    }
    form = StatusForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_action_status(
                action=action,
                status=data["status"],
                result=data["result"],
                done_on=data["done_on"],
                expected_status=data["expected_status"] or None,
                by=user,
            )
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Статус действия сохранён."))
            return redirect("plans:plan", pk=case.pk)
    return render(
        request,
        "plans/form_page.html",
        {"case": case, "form": form, "title": action.text, "subtitle": _("Ход выполнения")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk, action=WRITE)
    form = ContactForm(
        data=request.POST or None,
        initial={"staff": [user.pk]},
        case=case,
        actions=queries.current_actions(case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_contact(
                case=case,
                kind=data["kind"],
                happened_on=data["happened_on"],
                staff=data["staff"],
                persons=data["persons"],
                notes=data["notes"],
                actions=data["actions"],
                done_actions=data["done_actions"],
                by=user,
            )
        except PlanError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Контакт записан."))
            return redirect("plans:plan", pk=case.pk)
    return render(
        request, "plans/form_page.html", {"case": case, "form": form, "title": _("Новый контакт")}
    )


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    version = access.get_plan_version(user, pk)
    case = version.plan.case
    return render(
        request,
        "plans/version_detail.html",
        {
            "case": case,
            "version": version,
            "goals": queries.goals_with_actions(version),
            "versions": list(queries.versions_of_plan(version.plan)),
            "today": timezone.localdate(),
            "open_statuses": OPEN_STATUSES,
        },
    )


def _version_arg(plan: Plan, value: str | None, default: PlanVersion | None) -> PlanVersion | None:
    if value is None or not value.isdigit():
        return default
    return plan.versions.filter(number=int(value)).first() or default


@login_required
@require_GET
def plan_diff(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    versions = list(queries.versions_of_plan(plan))
    current = versions[-1]
    previous = versions[-2] if len(versions) > 1 else current
    left = _version_arg(plan, request.GET.get("left"), previous)
    right = _version_arg(plan, request.GET.get("right"), current)
    assert left is not None and right is not None
    return render(
        request,
        "plans/plan_diff.html",
        {
            "case": case,
            "versions": versions,
            "diff": diff.diff_versions(left, right),
        },
    )


@login_required
@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """«История изменений» of the case's plan and its actions (``pk`` is the case's)."""
    case = access.get_plan_case(request_user(request), pk)
    crumbs = [
        (reverse("cases:case_detail", args=[case.pk]), _("Случай №%(n)s") % {"n": case.pk}),
        (reverse("plans:plan", args=[case.pk]), _("План помощи")),
    ]
    return history_page(request, history.plan_history(case), crumbs=crumbs)


@login_required
@require_recent_second_factor
@require_GET
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_plan_case(user, pk)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    version = _version_arg(plan, request.GET.get("version"), plan.current_version)
    assert version is not None
    content = exports.plan_workbook(case, version)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"plan-case-{case.pk}-v{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's copy: large type, plain words, one step per line, tick boxes."""
    user = request_user(request)
    case = access.get_plan_case(user, pk)
    plan = _plan_or_redirect(request, case)
    if isinstance(plan, HttpResponse):
        return plan
    version = plan.current_version
    assert version is not None
    return render(
        request,
        "plans/plan_print.html",
        {"case": case, "version": version, "goals": queries.goals_with_actions(version)},
    )
