"""URLs of the reports app's dashboards part: ``urlpatterns`` (HTML, namespace «reports») and
``api_urlpatterns`` (JSON under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from kurator.reports import api_dashboards, views_dashboards

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_dashboards.index, name="index"),
    path("dashboard/my/", views_dashboards.my_dashboard, name="my_dashboard"),
    path("dashboard/team/", views_dashboards.team_dashboard, name="team_dashboard"),
    path("dashboard/director/", views_dashboards.director_dashboard, name="director_dashboard"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "reports/dashboard/",
        api_dashboards.DashboardView.as_view(),
        name="api-report-dashboard",
    ),
]
