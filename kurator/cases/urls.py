from django.urls import URLPattern, URLResolver, include, path

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = [
    # Closure, post-support, reopening, one-off help and emergency approvals.
    path("", include("kurator.cases.lifecycle_urls")),
]
