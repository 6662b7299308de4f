from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kurator.core"
    label = "core"
    verbose_name = _("Общее")

    def ready(self) -> None:
        from kurator.core import checks as core_checks
        from kurator.core import settings_checks  # noqa: F401 — registers itself on import
        from kurator.core.text import install_text_validators, refuse_bad_text

        install_text_validators()
        pre_save.connect(refuse_bad_text, dispatch_uid="core_refuse_bad_text")

        checks.register(core_checks.check_transfer_decrees, *core_checks.TAGS)
