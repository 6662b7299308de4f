"""Admin for the production-calendar overrides (administrators only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kurator.accounts.admin import AdministratorOnly
from kurator.core.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AdministratorOnly, admin.ModelAdmin[CalendarOverride]):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    search_fields = ["note"]
    date_hierarchy = "date"

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # A wrongly entered decree day must be removable by the administrator who entered it.
        return self.has_module_permission(request)
