"""Django admin for cases: read-only, superusers only.

Administrators manage settings and users, not people's data (access.py); cases are worked on
through the application, where every change goes through a service and the timeline. The
admin stays a superuser's window for support, and never edits.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from kurator.cases.models import Case, CaseLink, ComplexityAssessment, TimelineEvent


class SuperuserReadOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(SuperuserReadOnly, admin.ModelAdmin[Case]):
    list_display = ["pk", "family", "curator", "team", "status", "scenario", "complexity_level"]
    list_filter = ["status", "scenario", "complexity_level", "team"]
    list_select_related = ["family", "curator", "team"]
    search_fields = ["family__name", "curator__last_name"]


@admin.register(ComplexityAssessment)
class ComplexityAssessmentAdmin(SuperuserReadOnly, admin.ModelAdmin[ComplexityAssessment]):
    list_display = ["case", "score", "level", "scored_at", "scored_by"]
    list_select_related = ["case__family", "scored_by"]


@admin.register(CaseLink)
class CaseLinkAdmin(SuperuserReadOnly, admin.ModelAdmin[CaseLink]):
    list_display = ["case", "related_case", "note", "created_at"]
    list_select_related = ["case__family", "related_case__family"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(SuperuserReadOnly, admin.ModelAdmin[TimelineEvent]):
    list_display = ["created_at", "kind", "family", "case", "actor"]
    list_filter = ["kind"]
    list_select_related = ["family", "case", "actor"]
