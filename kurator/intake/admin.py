"""The administrator keeps her organisation's selection criteria (wording, order, which are
in use, new ones); the defaults come with the organisation (``kurator.intake.criteria``).
A decision keeps a copy of the criteria it was ticked against, so editing one here does not
change decisions already taken."""

from __future__ import annotations

from django.contrib import admin

from kurator.accounts.admin import OwnOrganisationOnly
from kurator.intake.models import SelectionCriterion


@admin.register(SelectionCriterion)
class SelectionCriterionAdmin(OwnOrganisationOnly, admin.ModelAdmin[SelectionCriterion]):
    list_display = ["title", "position", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]
