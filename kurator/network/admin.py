"""Admin of the resource directory: administrators keep their own organisation's agents
(another organisation's directory is invisible, as in ``accounts.admin``); a superuser keeps
them all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kurator.accounts.admin import OwnOrganisationOnly, own_organisation_id
from kurator.network.models import ResourceAgent, Service


@admin.register(ResourceAgent)
class ResourceAgentAdmin(OwnOrganisationOnly, admin.ModelAdmin[ResourceAgent]):
    list_display = ["name", "category", "territory", "organisation", "is_active"]
    list_filter = ["organisation", "category", "is_active"]
    search_fields = ["name", "services", "territory"]

    def get_list_filter(self, request: HttpRequest) -> Any:
        # The organisation filter would list every organisation's name: a superuser's only.
        if own_organisation_id(request) is None:
            return self.list_filter
        return [f for f in self.list_filter if f != "organisation"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        org_id = own_organisation_id(request)
        if org_id is not None and db_field.name == "catalogue":
            kwargs["queryset"] = Service.objects.filter(organisation_id=org_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
