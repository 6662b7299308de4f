from django.urls import path

from kurator.tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.my_tasks, name="mine"),
]
