from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kurator.audit"
    label = "audit"
    verbose_name = _("Аудит")

    def ready(self) -> None:
        from kurator.audit import events

        events.connect()
