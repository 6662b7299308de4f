"""The demo's complaints from outside (see kurator/core/demo.py), once the quality officer
``quality1`` exists (after the audit step, which creates her).

This morning a mother called the hotline to complain that the promised food parcel came a
week late: intake1 registered the complaint from the call in one click — answer due in 30
days on the production calendar, quality1 has it as a task. Two weeks ago a family complained
through curator1 that visits are moved at the last moment; quality1 answered, the letter was
printed from its template and the mother was told by phone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from kurator.cases.models import Case
from kurator.core.demo import DemoContext
from kurator.intake.hotline import services as hotline
from kurator.intake.hotline.models import HotlineCall
from kurator.reports.models import Appeal
from kurator.reports.services.records import answer_appeal, record_appeal
from kurator.tasks.models import Task


def build(demo: DemoContext) -> None:
    intake1, curator1, quality1 = (
        demo.users["intake1"],
        demo.users["curator1"],
        demo.users.get("quality1"),
    )
    now = timezone.now()
    call = hotline.record_call(
        by=intake1,
        direction=HotlineCall.Direction.INCOMING,
        started_at=min(
            timezone.make_aware(datetime.combine(demo.today, time(9, 40))),
            now - timedelta(minutes=15),
        ),
        duration_seconds=6 * 60 + 12,
        caller_kind=HotlineCall.CallerKind.PARENT,
        caller_name="Егорова Марина Викторовна",
        caller_phone="+7 951 700-32-18",
        topic=HotlineCall.Topic.MATERIAL_AID,
        summary=(
            "Продуктовый набор, обещанный на прошлой неделе, привезли только вчера; "
            "дети неделю сидели без круп и молока. Просит разобраться."
        ),
    )
    from_call = hotline.record_complaint_from_call(call=call, by=intake1)

    case = Case.objects.filter(curator=curator1, status=Case.Status.OPEN).order_by("pk").first()
    received = demo.today - timedelta(days=14)
    through_curator = record_appeal(
        kind=Appeal.Kind.COMPLAINT,
        received_on=received,
        channel=Appeal.Channel.CURATOR,
        author="Мать семьи" if case is None else f"Семья «{case.family.name}»",
        contact="по телефону через куратора",
        text="Встречи со специалистами переносят в последний момент, мама отпрашивается "
        "с работы зря.",
        case=case,
        by=curator1,
    )
    answered_by = quality1 or demo.users["director"]
    answer_appeal(
        appeal=through_curator,
        answered_on=received + timedelta(days=9),
        answer=(
            "Проверили график команды: два переноса были из-за болезни специалиста. Теперь о "
            "переносе сообщают не позже чем за сутки, встречи назначаются на удобное маме "
            "время после 17:00."
        ),
        notified_on=received + timedelta(days=10),
        by=answered_by,
    )
    demo.extra["appeals_outside"] = [from_call, through_curator]
    # The tasks step counted the open tasks before this one: add the quality officer's.
    keys = [f"appeal:{a.pk}" for a in (from_call, through_curator)]
    if "tasks_open" in demo.extra:
        demo.extra["tasks_open"] += Task.objects.filter(
            key__in=keys, status=Task.Status.OPEN
        ).count()
    demo.say(
        f"Жалобы извне: с горячей линии — ответить до {from_call.due_on:%d.%m.%Y} "
        f"({from_call.assignee}), через куратора — отвечено, письмо готово."
    )
