from django.urls import URLPattern, URLResolver, path

from kurator.assessments import views

app_name = "assessments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:case_pk>/", views.case_assessments, name="case_assessments"),
    path("case/<int:case_pk>/compare/", views.compare, name="compare"),
    path(
        "case/<int:case_pk>/new/<int:instrument_pk>/",
        views.assessment_create,
        name="create",
    ),
    path("case/<int:case_pk>/report/new/", views.report_start, name="report_start"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("report/<int:pk>/", views.report_detail, name="report_detail"),
    path("report/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("report/<int:pk>/finalize/", views.report_finalize, name="report_finalize"),
]
