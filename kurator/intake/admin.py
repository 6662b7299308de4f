"""The administrator keeps her organisation's selection criteria (wording, order, which are
in use, new ones); the defaults come with the organisation (``kurator.intake.criteria``).
A decision keeps a copy of the criteria it was ticked against, so editing one here does not
change decisions already taken.

She also opens the public page «Сообщить о семье» (its address) and keeps the settlements it
offers, each routing reports to its team; a settlement is switched off, never deleted (a
report names it)."""

from __future__ import annotations

from django.contrib import admin

from kurator.accounts.admin import OwnOrganisationOnly
from kurator.intake.models import PublicPage, SelectionCriterion, Settlement


@admin.register(SelectionCriterion)
class SelectionCriterionAdmin(OwnOrganisationOnly, admin.ModelAdmin[SelectionCriterion]):
    list_display = ["title", "position", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]


@admin.register(PublicPage)
class PublicPageAdmin(OwnOrganisationOnly, admin.ModelAdmin[PublicPage]):
    list_display = ["__str__", "organisation", "is_open"]


@admin.register(Settlement)
class SettlementAdmin(OwnOrganisationOnly, admin.ModelAdmin[Settlement]):
    organisation_field = "team__organisation"
    list_display = ["name", "team", "is_active"]
    list_filter = ["team", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name"]
