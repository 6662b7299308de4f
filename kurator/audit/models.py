"""The read log and the log of changes to users' rights (docs/domain.md, Personal data).

Both tables are append-only: rows are written by ``kurator.audit.services`` and never changed
or deleted by Kurator (``save`` refuses an update, ``delete`` refuses outright). They are
indexed by time first so that, at a country's scale, they can be partitioned by month
without changing a query.

Records are named by kind and plain integer ids, not foreign keys: the log must outlive the
records it speaks of (a person anonymised under 152-FZ keeps her audit trail). Users and
organisations are foreign keys for joins only — without a database constraint
(``db_constraint=False``, ``DO_NOTHING``): a partitioned log should hold no constraints to the
rest of the system, and a log row must never be the reason a delete fails or cascades.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Rows are added (``create``, ``bulk_create``), never changed or removed in bulk."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.model.__name__} is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.model.__name__} is append-only")


class AppendOnly(models.Model):
    """A row once written stays as written: no update, no delete."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{type(self).__name__} is append-only")


class ReadLogEntry(AppendOnly):
    """One record shown to one user in one request, or one list page (``kind="list"``).

    Written once per request in a single INSERT by ``ReadLogMiddleware`` (every record that
    the access layer's ``get_*`` handed out), never deduplicated: each view is a row."""

    class Kind(models.TextChoices):
        CASE = "case", _("случай")
        SIGNAL = "signal", _("сигнал")
        FAMILY = "family", _("семья")
        PERSON = "person", _("человек")
        DOCUMENT = "document", _("документ")
        LIST = "list", _("список")
        OTHER = "other", _("другое")

    class Scope(models.TextChoices):
        """Why the user may see it — the widest reason that applies."""

        ORGANISATION = "organisation", _("вся организация")
        TEAM = "team", _("команда")
        OWN_CASE = "own_case", _("свой случай")
        FIRST_VISIT = "first_visit", _("команда первичного выезда")
        CASE_MEMBER = "case_member", _("соисполнитель случая")
        CASE_WORK = "case_work", _("своя работа: случаи, выезды, приём")
        SUPERVISION = "supervision", _("супервизия")
        REFERRAL = "referral", _("направление агенту")
        NONE = "none", _("без доступа к данным")
        SYSTEM = "system", _("система")

    at = models.DateTimeField(_("когда"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("организация"),
    )
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    user_agent = models.CharField(_("браузер"), max_length=200, blank=True)
    path = models.CharField(_("адрес страницы"), max_length=500)
    method = models.CharField(_("метод"), max_length=10)
    kind = models.CharField(_("что"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("номер записи"), null=True, blank=True)
    family_id = models.BigIntegerField(_("номер семьи"), null=True, blank=True)
    scope = models.CharField(_("основание доступа"), max_length=20, choices=Scope.choices)
    api = models.BooleanField(_("через API"), default=False)
    # A list row: the ids of the records the list, search or report showed, by kind —
    # {"person": [3, 5], "family": [2], "case": [7]} — so that «who saw this person» finds
    # her in a list too (``kurator.audit.queries``).
    listed = models.JSONField(_("показанные записи"), default=dict, blank=True)

    class Meta:
        verbose_name = _("запись журнала доступа")
        verbose_name_plural = _("журнал доступа")
        ordering = ["-at", "-pk"]
        indexes = [
            # The audit viewer: an organisation's reads, newest first (and every other
            # filter narrows this one).
            models.Index(fields=["organisation", "-at"], name="audit_read_org_at_idx"),
            # «Всё, что читали об этой семье» and the destruction act's extract.
            models.Index(fields=["family_id", "-at"], name="audit_read_family_at_idx"),
            # «Кто смотрел этот случай» on the case page: one record's readers, newest first.
            models.Index(fields=["kind", "object_id", "-at"], name="audit_read_object_at_idx"),
            # The viewer filtered by user.
            models.Index(fields=["user", "-at"], name="audit_read_user_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.object_id or ''}"

    @property
    def listed_counts(self) -> list[tuple[str, int]]:
        """What a list row showed, for the viewer: [(«человек», 3), («семья», 2)]."""
        listed = self.listed if isinstance(self.listed, dict) else {}
        labels = dict(self.Kind.choices)
        return [(str(labels.get(kind, kind)), len(ids)) for kind, ids in listed.items() if ids]


class AuditEvent(AppendOnly):
    """A change to a user's rights: roles, team, organisation, active flag.

    ``data`` holds ``{"old": …, "new": …}`` with names as they were at the time (role codes,
    team and organisation names), so the log reads the same after a team is renamed.
    Display text comes from ``kurator.audit.events.EVENT_KINDS``."""

    at = models.DateTimeField(_("когда"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("кто изменил"),
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("чьи права"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("организация"),
    )
    kind = models.CharField(_("событие"), max_length=60)
    data = models.JSONField(_("подробности"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    path = models.CharField(_("адрес страницы"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("изменение прав пользователя")
        verbose_name_plural = _("изменения прав пользователей")
        ordering = ["-at", "-pk"]
        indexes = [
            # The «Изменения прав» page: an organisation's events, newest first.
            models.Index(fields=["organisation", "-at"], name="audit_event_org_at_idx"),
            # One user's history of rights.
            models.Index(fields=["target_user", "-at"], name="audit_event_target_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.target_user_id}"
