from django.urls import URLPattern, URLResolver

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = []
