from django.urls import URLPattern, URLResolver, path

from kurator.assessments import api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "assessment-instruments/",
        api.InstrumentListView.as_view(),
        name="api-assessment-instruments",
    ),
    path(
        "cases/<int:pk>/assessments/",
        api.CaseAssessmentsView.as_view(),
        name="api-case-assessments",
    ),
    path("assessments/<int:pk>/", api.AssessmentDetailView.as_view(), name="api-assessment-detail"),
]
