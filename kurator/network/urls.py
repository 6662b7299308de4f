from django.urls import URLPattern, URLResolver, path

from kurator.network import views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agent_list, name="agent_list"),
    path("new/", views.agent_create, name="agent_create"),
    path("export/", views.agent_export, name="agent_export"),
    path("import/", views.agent_import, name="agent_import"),
    path("<int:pk>/", views.agent_detail, name="agent_detail"),
    path("<int:pk>/edit/", views.agent_edit, name="agent_edit"),
    path("<int:pk>/vetting/", views.agent_vetting, name="agent_vetting"),
    path("<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/file/", views.agreement_file, name="agreement_file"),
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
]
