from django.urls import URLPattern, URLResolver

from kurator.reports import urls_dashboards, urls_indicators, urls_records

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_dashboards.api_urlpatterns,
    *urls_indicators.api_urlpatterns,
    *urls_records.api_urlpatterns,
]
