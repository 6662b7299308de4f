"""The reports app's API (under /api/v1/, no namespace): the caller's dashboard, the
indicator report, staff norms and their entries, appeals, shelter exits."""

from django.urls import URLPattern, URLResolver, path

from kurator.reports.api import dashboards, indicators, records

urlpatterns: list[URLPattern | URLResolver] = [
    # dashboards
    path(
        "reports/dashboard/",
        dashboards.DashboardView.as_view(),
        name="api-report-dashboard",
    ),
    # indicators
    path(
        "reports/indicators/",
        indicators.IndicatorReportView.as_view(),
        name="api-report-indicators",
    ),
    # records
    path("staff-norms/", records.StaffNormsView.as_view(), name="api-staff-norms"),
    path(
        "staff-norm-entries/",
        records.NormEntryListView.as_view(),
        name="api-norm-entry-list",
    ),
    path(
        "staff-norm-entries/<int:pk>/",
        records.NormEntryDetailView.as_view(),
        name="api-norm-entry-detail",
    ),
    path("appeals/", records.AppealListView.as_view(), name="api-appeal-list"),
    path("appeals/<int:pk>/", records.AppealDetailView.as_view(), name="api-appeal-detail"),
    path(
        "appeals/<int:pk>/answer/",
        records.AppealAnswerView.as_view(),
        name="api-appeal-answer",
    ),
    path(
        "shelter-exits/",
        records.ShelterExitListView.as_view(),
        name="api-shelter-exit-list",
    ),
]
