"""Pages of monitoring: the case's monitoring page, the quarterly and annual review forms, a
review (and its print), applying a review to the plan (a confirmation page), the monthly
form (edit while a draft; submit with a confirmation). Thin: access → form → service."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.models import User
from kurator.cases.models import Case
from kurator.core.errors import DomainError
from kurator.monitoring import queries, services
from kurator.monitoring.forms import (
    AnnualReviewForm,
    MonthChoiceForm,
    MonthlyFormEdit,
    QuarterlyReviewForm,
    month_initial,
)
from kurator.monitoring.models import Review

WRITE = "plans.plan:write"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_error(form: BaseForm, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _can_write(user: User, case: Case) -> bool:
    return user.has_perm(WRITE) and case.status == Case.Status.OPEN


@login_required
@require_GET
def case_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk)
    return render(
        request,
        "monitoring/case_monitoring.html",
        {
            "case": case,
            "reviews": list(queries.case_reviews(case)),
            "forms": list(queries.case_monthly_forms(case)),
            "tasks": list(queries.case_review_tasks(case)),
            "can_write": _can_write(user, case),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quarterly_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk, action=WRITE)
    actions = queries.current_actions(case)
    form = QuarterlyReviewForm(
        data=request.POST or None,
        case=case,
        actions=actions,
        goals=queries.current_goals(case),
        initial={"period": queries.next_quarterly_number(case)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_quarterly_review(case=case, by=user, **form.to_service())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Квартальный обзор записан."))
            return redirect("monitoring:review", pk=review.pk)
    return render(
        request,
        "monitoring/quarterly_form.html",
        {"case": case, "form": form, "version": queries.current_version_number(case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk, action=WRITE)
    form = AnnualReviewForm(
        data=request.POST or None, initial={"year": queries.next_annual_number(case)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_annual_review(case=case, by=user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            if review.decision == Review.Decision.CLOSE:
                messages.info(
                    request,
                    _(
                        "Решение о закрытии записано. Проведите закрытие случая: консилиум, "
                        "выходная диагностика, критерии."
                    ),
                )
                return redirect("cases:close", pk=case.pk)
            messages.success(
                request, _("Сопровождение продлено: обзоры следующего года назначены задачами.")
            )
            return redirect("monitoring:review", pk=review.pk)
    return render(
        request,
        "monitoring/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Ежегодный пересмотр"),
            "submit": _("Записать решение"),
            "intro": _(
                "По итогам года случай продлевается или закрывается. «Закрыть» не закрывает "
                "случай сразу: после записи откроется страница закрытия случая."
            ),
        },
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    review = queries.review_detail(access.get_review(user, pk))
    return render(
        request,
        "monitoring/review_detail.html",
        {
            "review": review,
            "case": review.case,
            "can_apply": _can_write(user, review.case)
            and review.kind == Review.Kind.QUARTERLY
            and not review.is_applied,
        },
    )


@login_required
@require_GET
def review_print(request: HttpRequest, pk: int) -> HttpResponse:
    review = queries.review_detail(access.get_review(_user(request), pk))
    return render(
        request,
        "monitoring/review_print.html",
        {"review": review, "case": review.case, "printed_on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_apply(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    review = queries.review_detail(access.get_review(user, pk, action=WRITE))
    error = ""
    if request.method == "POST":
        try:
            version = services.apply_review(review=review, by=user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("План пересмотрен: версия %(n)s. Согласуйте её с семьёй.")
                % {"n": version.number},
            )
            return redirect("plans:plan", pk=review.case_id)
    return render(
        request,
        "monitoring/review_apply.html",
        {"review": review, "case": review.case, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def monthly_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = access.get_case(user, pk, action=WRITE)
    form = MonthChoiceForm(data=request.POST or None, initial=month_initial(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            monthly = services.start_monthly_form(
                case=case, month=form.cleaned_data["month"], by=user
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            return redirect("monitoring:monthly", pk=monthly.pk)
    return render(
        request,
        "monitoring/form_page.html",
        {
            "case": case,
            "form": form,
            "title": _("Ежемесячная форма"),
            "submit": _("Заполнить из записей месяца"),
            "intro": _(
                "Форма заполнится по записям месяца: контакты с семьёй, выполненные действия "
                "плана и их сроки, встречи. Цифры можно поправить до сдачи."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def monthly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    action = WRITE if request.method == "POST" else "cases.case:read"
    monthly = access.get_monthly_form(user, pk, action=action)
    editable = _can_write(user, monthly.case) and not monthly.is_submitted
    form = MonthlyFormEdit(data=request.POST or None, instance=monthly) if editable else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Форма сдана — её нельзя менять."))
            return redirect("monitoring:monthly", pk=monthly.pk)
        if form.is_valid():
            try:
                services.update_monthly_form(form=monthly, by=user, **form.cleaned_data)
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Форма сохранена."))
                return redirect("monitoring:monthly", pk=monthly.pk)
    return render(
        request,
        "monitoring/monthly_detail.html",
        {"monthly": monthly, "case": monthly.case, "form": form, "editable": editable},
    )


@login_required
@require_http_methods(["GET", "POST"])
def monthly_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    monthly = access.get_monthly_form(user, pk, action=WRITE)
    error = ""
    if request.method == "POST":
        try:
            services.submit_monthly_form(form=monthly, by=user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Форма сдана."))
            return redirect("monitoring:monthly", pk=monthly.pk)
    return render(
        request,
        "monitoring/monthly_submit.html",
        {"monthly": monthly, "case": monthly.case, "error": error},
    )
