"""The public pages (namespace «public», under /signal/): no sign-in."""

from django.urls import URLPattern, URLResolver, path

from kurator.intake.public import views

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.report_any, name="report_any"),
    path("status/", views.status, name="status"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>/appeal/", views.appeal, name="appeal"),
]
