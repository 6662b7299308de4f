"""The cases API (``/api/v1/…``, no namespace): cases, complexity, the timeline, close and
reopen, post-support, emergency steps and a family's one-off help."""

from django.urls import URLPattern, URLResolver, path

from kurator.cases.api import lifecycle, opening

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/", opening.CaseListCreateView.as_view(), name="api-cases"),
    path("cases/<int:pk>/", opening.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<int:pk>/complexity/",
        opening.CaseComplexityView.as_view(),
        name="api-case-complexity",
    ),
    path("cases/<int:pk>/timeline/", opening.CaseTimelineView.as_view(), name="api-case-timeline"),
    # Close and reopen, and the rest of the lifecycle.
    path("cases/<int:pk>/close/", lifecycle.CaseCloseView.as_view(), name="api-case-close"),
    path("cases/<int:pk>/reopen/", lifecycle.CaseReopenView.as_view(), name="api-case-reopen"),
    path(
        "cases/<int:pk>/post_support_contacts/",
        lifecycle.PostSupportContactsView.as_view(),
        name="api-case-post-support-contacts",
    ),
    path(
        "cases/<int:pk>/end_post_support/",
        lifecycle.EndPostSupportView.as_view(),
        name="api-case-end-post-support",
    ),
    path(
        "cases/<int:pk>/emergency_steps/",
        lifecycle.EmergencyStepsView.as_view(),
        name="api-case-emergency-steps",
    ),
    path(
        "cases/<int:pk>/emergency_steps/<int:step_pk>/approve/",
        lifecycle.EmergencyStepApproveView.as_view(),
        name="api-case-emergency-step-approve",
    ),
    path(
        "families/<int:family_id>/one_off_help/",
        lifecycle.OneOffHelpListView.as_view(),
        name="api-family-one-off-help",
    ),
    path(
        "families/<int:family_id>/one_off_help/<int:pk>/convert/",
        lifecycle.OneOffHelpConvertView.as_view(),
        name="api-family-one-off-help-convert",
    ),
]
