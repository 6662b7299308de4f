from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "kurator.tasks"
    label = "tasks"
    verbose_name = _("Задачи")

    def ready(self) -> None:
        from kurator.tasks import receivers  # noqa: F401  (connects the model signals)
