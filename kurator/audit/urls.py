from django.urls import URLPattern, URLResolver, path

from kurator.audit import views

app_name = "audit"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.read_log, name="log"),
    path("rights/", views.rights_events, name="events"),
    path("history/cases/<int:pk>/", views.case_history, name="case_history"),
    path("history/signals/<int:pk>/", views.signal_history, name="signal_history"),
    path("history/persons/<int:pk>/", views.person_history, name="person_history"),
]
