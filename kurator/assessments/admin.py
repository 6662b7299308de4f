"""Django admin for instrument definitions — administrators only (settings, not people's data).

Administrators edit instruments, domains, questions, answer scales and bands here. Assessments
and comprehensive reports are case contents: they are deliberately not registered, so an
administrator never sees them (access: her role has no ``cases.case:read``).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kurator.assessments.models import AnswerOption, AnswerScale, Band, Domain, Instrument, Question


class AdministratorOnly:
    """Open to the administrator role (``accounts.settings:manage``) and superusers; deleting
    is left to superusers (a question in use is protected anyway)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.settings:manage") or request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_superuser)


class DomainInline(AdministratorOnly, admin.TabularInline[Domain, Instrument]):
    model = Domain
    extra = 0
    fields = ["order", "title", "short_title"]
    show_change_link = True


class BandInline(AdministratorOnly, admin.TabularInline[Band, Instrument]):
    model = Band
    extra = 0
    fields = ["domain", "min_score", "max_score", "label", "interpretation"]


@admin.register(Instrument)
class InstrumentAdmin(AdministratorOnly, admin.ModelAdmin[Instrument]):
    list_display = ["name", "version", "subject", "aggregation", "is_active"]
    list_filter = ["subject", "is_active"]
    search_fields = ["name", "code"]
    inlines = [DomainInline, BandInline]


class QuestionInline(AdministratorOnly, admin.TabularInline[Question, Domain]):
    model = Question
    extra = 0
    fields = ["order", "text", "hint", "scale"]


@admin.register(Domain)
class DomainAdmin(AdministratorOnly, admin.ModelAdmin[Domain]):
    list_display = ["title", "instrument", "order"]
    list_filter = ["instrument"]
    list_select_related = ["instrument"]
    inlines = [QuestionInline]


class AnswerOptionInline(AdministratorOnly, admin.TabularInline[AnswerOption, AnswerScale]):
    model = AnswerOption
    extra = 0
    fields = ["order", "label", "score"]


@admin.register(AnswerScale)
class AnswerScaleAdmin(AdministratorOnly, admin.ModelAdmin[AnswerScale]):
    list_display = ["name"]
    inlines = [AnswerOptionInline]
