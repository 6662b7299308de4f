"""Django admin for administrators only: organisations, teams, users, norms."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin

from kurator.accounts import services, two_factor
from kurator.accounts.errors import AccountsError
from kurator.accounts.models import Norms, Organisation, Role, Team, User
from kurator.accounts.permissions import opens_people_data
from kurator.audit.events import user_changes


class AdministratorOnly:
    """Admin pages open to users with the administrator role (or superusers)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.settings:manage") or request.user.is_superuser


def own_organisation_id(request: HttpRequest) -> int | None:
    """The organisation an administrator keeps; None for a superuser, who keeps them all.

    An administrator sees and edits her own organisation's settings, teams and users only:
    another organisation's records are invisible, in the admin as everywhere."""
    user = request.user
    if user.is_superuser:
        return None
    return getattr(user, "organisation_id", None) or 0  # 0: no organisation, sees nothing


class OwnOrganisationOnly(AdministratorOnly):
    """Rows limited to the administrator's organisation (``organisation_field``), and the
    organisation and team choices of her forms too."""

    organisation_field = "organisation"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        org_id = own_organisation_id(request)
        if org_id is None:
            return queryset
        return queryset.filter(**{f"{self.organisation_field}_id": org_id})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        org_id = own_organisation_id(request)
        if org_id is not None and db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(pk=org_id)
        elif org_id is not None and db_field.name == "team":
            kwargs["queryset"] = Team.objects.filter(organisation_id=org_id)
        return super().formfield_for_foreignkey(  # type: ignore[misc]
            db_field, request, **kwargs
        )

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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        queryset = super().get_queryset(request)
        org_id = own_organisation_id(request)
        if org_id is None:
            return queryset
        # Her own organisation, and the partners of the resource network she works with.
        return queryset.filter(Q(pk=org_id) | Q(is_partner=True))

    list_filter = ["kind", "is_partner"]
    search_fields = ["name"]
    inlines = [NormsInline]


@admin.register(Team)
class TeamAdmin(OwnOrganisationOnly, admin.ModelAdmin[Team]):
    list_display = ["name", "organisation", "office_address"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Norms)
class NormsAdmin(OwnOrganisationOnly, admin.ModelAdmin[Norms]):
    list_display = ["organisation", "caseload_optimal", "caseload_max", "cost_per_case_max"]


@admin.register(User)
class UserAdmin(OwnOrganisationOnly, BaseUserAdmin):
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
    # Only a superuser grants superuser, Django groups or raw permissions: an administrator
    # keeps users and their Kurator roles, never rights above her own.
    SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.SUPERUSER_ONLY_FIELDS
        if obj is not None and obj.pk == request.user.pk:
            # Nobody changes her own rights: another administrator (or a superuser) does.
            fields += ["roles", "is_superuser", "is_staff", "is_active", "organisation", "team"]
        return list(dict.fromkeys(fields))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The roles are set here (form.save_m2m): gathered into one audit event, old → new.
        actor = request.user if isinstance(request.user, User) else None
        asked = self._hold_back_people_data_roles(request, form)
        with user_changes(actor=actor):
            super().save_related(request, form, formsets, change)
        for role in asked:
            try:
                services.request_role_grant(user=form.instance, role=role.code, by=actor)  # type: ignore[arg-type]
            except AccountsError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Роль «%(role)s» открывает данные людей: она запрошена и появится, "
                        "когда запрос подтвердит руководитель программы."
                    )
                    % {"role": role},
                    level=messages.WARNING,
                )

    def _hold_back_people_data_roles(self, request: HttpRequest, form: Any) -> list[Role]:
        """The roles that open people's data added in the form are not given but asked for
        (``services.request_role_grant``); roles taken away go at once. A superuser gives them
        at once."""
        if request.user.is_superuser or "roles" not in form.cleaned_data:
            return []
        held = set(form.instance.roles.values_list("code", flat=True))
        chosen = list(form.cleaned_data["roles"])
        asked = [r for r in chosen if r.code not in held and opens_people_data(r.code)]
        form.cleaned_data["roles"] = [r for r in chosen if r not in asked]
        return asked

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


# django-otp's page of TOTP devices shows a device's secret (its QR code): no such page. A
# lost phone is reset from the user's page («Сбросить двухфакторную проверку»).
if admin.site.is_registered(otp_totp_admin.TOTPDevice):
    admin.site.unregister(otp_totp_admin.TOTPDevice)
