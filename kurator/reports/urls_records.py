"""URLs of the reports app's records part: ``urlpatterns`` (HTML, namespace «reports») and
``api_urlpatterns`` (JSON under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from kurator.reports import api_records, views_records

urlpatterns: list[URLPattern | URLResolver] = [
    path("norms/", views_records.staff_norms, name="staff_norms"),
    path(
        "norms/specialists/<int:pk>/add/",
        views_records.norm_entry_create,
        name="norm_entry_create",
    ),
    path("norms/entries/<int:pk>/edit/", views_records.norm_entry_edit, name="norm_entry_edit"),
    path(
        "norms/entries/<int:pk>/delete/",
        views_records.norm_entry_delete,
        name="norm_entry_delete",
    ),
    path(
        "norms/entries/<int:pk>/history/",
        views_records.norm_entry_history,
        name="norm_entry_history",
    ),
    path("appeals/", views_records.appeals, name="appeals"),
    path("appeals/new/", views_records.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", views_records.appeal_detail, name="appeal"),
    path("appeals/<int:pk>/answer/", views_records.appeal_answer, name="appeal_answer"),
    path("appeals/<int:pk>/history/", views_records.appeal_history, name="appeal_history"),
    path("shelter-exits/", views_records.shelter_exits, name="shelter_exits"),
    path("shelter-exits/new/", views_records.shelter_exit_create, name="shelter_exit_create"),
    path(
        "shelter-exits/<int:pk>/history/",
        views_records.shelter_exit_history,
        name="shelter_exit_history",
    ),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("staff-norms/", api_records.StaffNormsView.as_view(), name="api-staff-norms"),
    path(
        "staff-norm-entries/",
        api_records.NormEntryListView.as_view(),
        name="api-norm-entry-list",
    ),
    path(
        "staff-norm-entries/<int:pk>/",
        api_records.NormEntryDetailView.as_view(),
        name="api-norm-entry-detail",
    ),
    path("appeals/", api_records.AppealListView.as_view(), name="api-appeal-list"),
    path("appeals/<int:pk>/", api_records.AppealDetailView.as_view(), name="api-appeal-detail"),
    path(
        "appeals/<int:pk>/answer/",
        api_records.AppealAnswerView.as_view(),
        name="api-appeal-answer",
    ),
    path(
        "shelter-exits/",
        api_records.ShelterExitListView.as_view(),
        name="api-shelter-exit-list",
    ),
]
