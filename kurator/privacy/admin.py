"""The administrator keeps her organisation's purposes of consent (titles, order, which are in
use, new ones): the defaults come with the organisation (``services.purposes``)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kurator.accounts.admin import OwnOrganisationOnly
from kurator.privacy.models import ConsentPurpose


@admin.register(ConsentPurpose)
class ConsentPurposeAdmin(OwnOrganisationOnly, admin.ModelAdmin[ConsentPurpose]):
    list_display = ["title", "code", "kind", "category", "position", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["title", "code"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ConsentPurpose | None = None
    ) -> list[str]:
        # A purpose consents already name keeps what it allows; only its words and order change.
        if obj is not None and obj.pk is not None:
            return ["organisation", "code", "kind", "category"]
        return []
