"""URLs of the reports app's indicators part: ``urlpatterns`` (HTML, namespace «reports») and
``api_urlpatterns`` (JSON under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from kurator.reports import api_indicators, views_indicators

urlpatterns: list[URLPattern | URLResolver] = [
    path("indicators/", views_indicators.indicators, name="indicators"),
    path("indicators/xlsx/", views_indicators.indicators_xlsx, name="indicators_xlsx"),
    path("indicators/pdf/", views_indicators.indicators_pdf, name="indicators_pdf"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "reports/indicators/",
        api_indicators.IndicatorReportView.as_view(),
        name="api-report-indicators",
    ),
]
