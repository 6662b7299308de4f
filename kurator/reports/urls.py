from django.urls import URLPattern, URLResolver

from kurator.reports import urls_dashboards, urls_indicators, urls_records

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_dashboards.urlpatterns,
    *urls_indicators.urlpatterns,
    *urls_records.urlpatterns,
]
