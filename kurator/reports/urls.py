"""The reports app's pages (namespace «reports», under /reports/): the dashboards, the
indicator report with its downloads, and the records only the reports use (staff norms,
complaints and suggestions, children leaving shelters) with their change history."""

from django.urls import URLPattern, URLResolver, path

from kurator.reports.views import dashboards, indicators, records

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    # dashboards
    path("", dashboards.index, name="index"),
    path("dashboard/my/", dashboards.my_dashboard, name="my_dashboard"),
    path("dashboard/team/", dashboards.team_dashboard, name="team_dashboard"),
    path("dashboard/director/", dashboards.director_dashboard, name="director_dashboard"),
    # indicators
    path("indicators/", indicators.indicators, name="indicators"),
    path("indicators/xlsx/", indicators.indicators_xlsx, name="indicators_xlsx"),
    path("indicators/pdf/", indicators.indicators_pdf, name="indicators_pdf"),
    # records
    path("norms/", records.staff_norms, name="staff_norms"),
    path(
        "norms/specialists/<int:pk>/add/",
        records.norm_entry_create,
        name="norm_entry_create",
    ),
    path("norms/entries/<int:pk>/edit/", records.norm_entry_edit, name="norm_entry_edit"),
    path(
        "norms/entries/<int:pk>/delete/",
        records.norm_entry_delete,
        name="norm_entry_delete",
    ),
    path(
        "norms/entries/<int:pk>/history/",
        records.norm_entry_history,
        name="norm_entry_history",
    ),
    path("appeals/", records.appeals, name="appeals"),
    path("appeals/new/", records.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", records.appeal_detail, name="appeal"),
    path("appeals/<int:pk>/answer/", records.appeal_answer, name="appeal_answer"),
    path("appeals/<int:pk>/history/", records.appeal_history, name="appeal_history"),
    path("appeals/<int:pk>/letter/", records.appeal_letter, name="appeal_letter"),
    path("shelter-exits/", records.shelter_exits, name="shelter_exits"),
    path("shelter-exits/new/", records.shelter_exit_create, name="shelter_exit_create"),
    path(
        "shelter-exits/<int:pk>/history/",
        records.shelter_exit_history,
        name="shelter_exit_history",
    ),
]
