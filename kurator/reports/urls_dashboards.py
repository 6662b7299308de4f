"""URLs of the reports app's dashboards part: ``urlpatterns`` (HTML, namespace «reports») and
``api_urlpatterns`` (JSON under /api/v1/)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
api_urlpatterns: list[URLPattern | URLResolver] = []
