from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kurator.core"
    label = "core"
    verbose_name = _("Общее")

    def ready(self) -> None:
        from kurator.core import checks as core_checks
        from kurator.core import settings_checks  # noqa: F401 — registers itself on import
        from kurator.core.text import install_text_validators

        install_text_validators()

        checks.register(core_checks.check_transfer_decrees, *core_checks.TAGS)
