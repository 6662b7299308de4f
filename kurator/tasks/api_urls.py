from django.urls import URLPattern, URLResolver, path

from kurator.tasks import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("tasks/", api.TaskListView.as_view(), name="api-task-list"),
]
