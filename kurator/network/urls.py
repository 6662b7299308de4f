from django.urls import URLPattern, URLResolver, path

from kurator.network import views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agent_list, name="agent_list"),
]
