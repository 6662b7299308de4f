from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "kurator.privacy"
    label = "privacy"
    verbose_name = _("Персональные данные")

    def ready(self) -> None:
        from kurator.privacy import receivers  # noqa: F401  (default purposes of a new organisation)
