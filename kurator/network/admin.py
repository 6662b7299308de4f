"""Admin of the resource directory: administrators keep it (the directory page is read-only
until the resource-network issue adds its own editing pages)."""

from __future__ import annotations

from django.contrib import admin

from kurator.accounts.admin import AdministratorOnly
from kurator.network.models import ResourceAgent


@admin.register(ResourceAgent)
class ResourceAgentAdmin(AdministratorOnly, admin.ModelAdmin[ResourceAgent]):
    list_display = ["name", "category", "territory", "organisation", "is_active"]
    list_filter = ["organisation", "category", "is_active"]
    search_fields = ["name", "services", "territory"]
