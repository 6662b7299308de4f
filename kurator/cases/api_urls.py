from django.urls import URLPattern, URLResolver, include, path

from kurator.cases import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/", api.CaseListCreateView.as_view(), name="api-cases"),
    path("cases/<int:pk>/", api.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<int:pk>/complexity/", api.CaseComplexityView.as_view(), name="api-case-complexity"
    ),
    path("cases/<int:pk>/timeline/", api.CaseTimelineView.as_view(), name="api-case-timeline"),
    # Close and reopen.
    path("", include("kurator.cases.lifecycle_api_urls")),
]
