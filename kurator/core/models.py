"""Shared models: the production-calendar override table (see workdays.py) and the answers
kept for the API's ``Idempotency-Key`` (see idempotency.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One day of a government decree that the ``holidays`` library does not know yet.

    An override wins over the library for its date: ``is_working_day=False`` makes a day off
    (a transferred holiday), ``True`` makes a working day (a working Saturday). Administrators
    enter them in the admin; ``kurator.core.workdays`` reads them at every computation.
    """

    date = models.DateField(_("дата"), unique=True)
    is_working_day = models.BooleanField(
        _("рабочий день"),
        help_text=_("Отметьте для рабочей субботы; снимите отметку для перенесённого выходного."),
    )
    note = models.CharField(
        _("основание"),
        max_length=300,
        help_text=_("Например: «Постановление Правительства РФ от … № … о переносе выходных»."),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("день производственного календаря")
        verbose_name_plural = _("производственный календарь: переносы")
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = _("рабочий день") if self.is_working_day else _("выходной")
        return f"{self.date:%d.%m.%Y} — {kind}"


class IdempotentRequest(models.Model):
    """The first answer to an API POST sent with an ``Idempotency-Key`` (core/idempotency.py).

    One row per user and key: the unique constraint is what makes two simultaneous requests
    with the same key create one record — the second insert fails and that request waits for,
    or replays, the first one's answer. ``status_code`` is None while the first request runs.
    Rows older than a day are no longer answered from and are deleted as they are met."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("кто")
    )
    key = models.CharField(_("ключ"), max_length=255)
    # sha256 of the method, the path and the body: the same key with another request is refused.
    fingerprint = models.CharField(_("отпечаток запроса"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("код ответа"), null=True, blank=True)
    response = models.JSONField(_("тело ответа"), null=True, blank=True)
    created_at = models.DateTimeField(_("получен"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("повторяемый запрос API")
        verbose_name_plural = _("повторяемые запросы API")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_one_answer_per_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
