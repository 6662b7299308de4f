from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_roles(using: str = "default", apps: Any = global_apps, **kwargs: Any) -> None:
    """Every RoleCode has its Role row. The data migration makes them once, but ``flush``
    (``manage.py flush``, and transactional tests between themselves) empties the table and
    then sends post_migrate: without this, users created afterwards hold no roles at all."""
    from kurator.accounts.roles import RoleCode

    try:
        role_model = apps.get_model("accounts", "Role")
    except LookupError:  # migrating backwards past the table
        return
    for code in RoleCode.values:
        role_model.objects.using(using).get_or_create(code=code)


class AccountsConfig(AppConfig):
    name = "kurator.accounts"
    label = "accounts"
    verbose_name = _("Организации и пользователи")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kurator.accounts import tokens, two_factor
        from kurator.accounts.session_limits import on_user_logged_in

        tokens.connect_signals()
        two_factor.connect_signals()

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="accounts_ensure_roles")
        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts_session_limits")
