from django.urls import URLPattern, URLResolver, path

from kurator.cases import lifecycle_api as api

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/close/", api.CaseCloseView.as_view(), name="api-case-close"),
    path("cases/<int:pk>/reopen/", api.CaseReopenView.as_view(), name="api-case-reopen"),
    path(
        "cases/<int:pk>/post_support_contacts/",
        api.PostSupportContactsView.as_view(),
        name="api-case-post-support-contacts",
    ),
    path(
        "cases/<int:pk>/end_post_support/",
        api.EndPostSupportView.as_view(),
        name="api-case-end-post-support",
    ),
    path(
        "cases/<int:pk>/emergency_steps/",
        api.EmergencyStepsView.as_view(),
        name="api-case-emergency-steps",
    ),
    path(
        "cases/<int:pk>/emergency_steps/<int:step_pk>/approve/",
        api.EmergencyStepApproveView.as_view(),
        name="api-case-emergency-step-approve",
    ),
    path(
        "families/<int:family_id>/one_off_help/",
        api.OneOffHelpListView.as_view(),
        name="api-family-one-off-help",
    ),
    path(
        "families/<int:family_id>/one_off_help/<int:pk>/convert/",
        api.OneOffHelpConvertView.as_view(),
        name="api-family-one-off-help-convert",
    ),
]
