from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "kurator.intake"
    label = "intake"
    verbose_name = _("Приём сигналов")

    def ready(self) -> None:
        from kurator.intake import receivers  # noqa: F401  (default criteria of a new organisation)
