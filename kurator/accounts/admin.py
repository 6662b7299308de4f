"""Django admin for administrators only: organisations, teams, users, norms."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kurator.accounts import two_factor
from kurator.accounts.models import Norms, Organisation, Team, User
from kurator.audit.events import user_changes


class AdministratorOnly:
    """Admin pages open to users with the administrator role (or superusers)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.settings:manage") or request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser


class NormsInline(admin.StackedInline[Norms, Organisation]):
    model = Norms
    can_delete = False


@admin.register(Organisation)
class OrganisationAdmin(AdministratorOnly, admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "is_partner"]
    list_filter = ["kind", "is_partner"]
    search_fields = ["name"]
    inlines = [NormsInline]


@admin.register(Team)
class TeamAdmin(AdministratorOnly, admin.ModelAdmin[Team]):
    list_display = ["name", "organisation", "office_address"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Norms)
class NormsAdmin(AdministratorOnly, admin.ModelAdmin[Norms]):
    list_display = ["organisation", "caseload_optimal", "caseload_max", "cost_per_case_max"]


@admin.register(User)
class UserAdmin(AdministratorOnly, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "organisation", "team", "is_active"]
    list_filter = ["organisation", "team", "roles", "is_active"]
    search_fields = ["username", "last_name", "first_name", "email"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("Kurator"),
            {"fields": ("middle_name", "phone", "organisation", "team", "roles")},
        ),
    )
    filter_horizontal = ("roles", "groups", "user_permissions")
    actions = ["reset_second_factor"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The roles are set here (form.save_m2m): gathered into one audit event, old → new.
        with user_changes(actor=request.user if isinstance(request.user, User) else None):
            super().save_related(request, form, formsets, change)

    @admin.action(
        description=_("Сбросить двухфакторную проверку (потерян телефон)"), permissions=["change"]
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            two_factor.reset_second_factor(user=user, by=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            _(
                "Двухфакторная проверка сброшена: при следующем входе пользователь "
                "настроит её заново."
            ),
        )
