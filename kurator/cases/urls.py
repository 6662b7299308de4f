from django.urls import URLPattern, URLResolver, include, path

from kurator.cases import views

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="case_list"),
    path("open/<int:signal_id>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/complexity/", views.case_complexity, name="complexity"),
    path("<int:pk>/transfer/", views.case_transfer, name="transfer"),
    path("<int:pk>/transfer/confirm/", views.case_transfer_confirm, name="transfer_confirm"),
    path("<int:pk>/link/", views.case_link, name="link"),
    # Closure, post-support, reopening, one-off help and emergency approvals.
    path("", include("kurator.cases.lifecycle_urls")),
    path("", include("kurator.cases.supervision_urls")),
]
