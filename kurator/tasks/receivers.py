"""Model signals that keep the lifecycle tasks in step with their records.

Every intake transition saves the ``Signal`` row, every case transition the ``Case`` row; a
post-support contact, a folder document, a subject request and a destruction clock are saved
by their services. Each save re-derives that record's tasks (``kurator.tasks.sync``) in the
same transaction, inside a savepoint: a failure is logged and never breaks the user's action.
Raw saves (fixtures) are skipped; ``manage.py kurator_tasks_rebuild`` catches up.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from kurator.cases.models import Case, PostSupportContact
from kurator.documents.models import CaseDocument
from kurator.intake.models import Signal
from kurator.privacy.models import DestructionClock, SubjectRequest
from kurator.tasks import sync


@receiver(post_save, sender=Signal, dispatch_uid="tasks_signal_saved")
def signal_saved(sender: Any, instance: Signal, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync._safely("signal", instance.pk, lambda: sync.sync_signal(instance))


@receiver(post_save, sender=Case, dispatch_uid="tasks_case_saved")
def case_saved(sender: Any, instance: Case, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync._safely("case", instance.pk, lambda: sync.sync_case(instance))


@receiver(post_save, sender=PostSupportContact, dispatch_uid="tasks_contact_saved")
def contact_saved(
    sender: Any, instance: PostSupportContact, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        sync._safely("case", instance.case_id, lambda: sync.sync_case(instance.case))


@receiver(post_save, sender=CaseDocument, dispatch_uid="tasks_document_saved")
def document_saved(sender: Any, instance: CaseDocument, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync._safely("case", instance.case_id, lambda: sync.sync_case(instance.case))


@receiver(post_save, sender=SubjectRequest, dispatch_uid="tasks_request_saved")
def request_saved(sender: Any, instance: SubjectRequest, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync._safely("subject request", instance.pk, lambda: sync.sync_subject_request(instance))


@receiver(post_save, sender=DestructionClock, dispatch_uid="tasks_clock_saved")
def clock_saved(sender: Any, instance: DestructionClock, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync._safely("clock", instance.pk, lambda: sync.sync_clock(instance))
