"""The script of signal intake: the questions to ask when a signal comes in, per channel.

Kurator's defaults (``default_questions``) are used for every channel an organisation has not
written its own questions for (``IntakeScript``); changes go through
``accounts.services.save_intake_script``.
The first conversation is already part of the work: the questions lead to what the signal
journal and the first-visit team need, and end by telling the caller what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import IntakeScript, User
from kurator.intake.models import Signal

__all__ = ["ChannelScript", "channel_label", "channel_scripts", "default_questions"]

_COMMON_FAMILY = _(
    "Кто в семье: взрослые, дети и их возраст? Кто законный представитель детей?\n"
    "Где живёт семья: населённый пункт, адрес или район?\n"
    "Что случилось и с каких пор? Что семья уже пробовала сделать?\n"
    "Есть ли сейчас угроза жизни или здоровью ребёнка (нет еды, тепла, жилья, насилие, "
    "ребёнок один)? Если да — отметьте сигнал как срочный и сразу передайте старшему куратору."
)
_COMMON_AGENCIES = _(
    "Какие службы уже знают о семье или помогают ей: опека, школа, детский сад, КЦСОН, "
    "больница, полиция, КДНиЗП?"
)
_COMMON_CLOSING = _(
    "Знает ли семья об обращении и согласна ли, чтобы с ней связались?\n"
    "Объясните, что будет дальше: сигнал передаётся старшему куратору, команда свяжется с "
    "семьёй и приедет в течение трёх рабочих дней; при отказе семья получит адреса, куда ещё "
    "можно обратиться."
)


def _script(opening: str | Promise, *parts: str | Promise) -> str:
    return "\n".join(str(p) for p in (opening, _COMMON_FAMILY, *parts, _COMMON_CLOSING))


def _defaults() -> dict[str, str]:
    phone = _script(
        _(
            "Представьтесь и назовите организацию. Как зовут звонящего, кем он приходится "
            "семье, по какому телефону и когда ему удобно перезвонить?"
        ),
        _COMMON_AGENCIES,
        _(
            "Если звонит не сама семья: откуда вы узнали о ситуации? Можно ли сослаться на вас "
            "при знакомстве с семьёй?"
        ),
    )
    written = _script(
        _(
            "Поблагодарите за сообщение и ответьте в тот же день. Кто пишет, кем приходится "
            "семье, как с ним связаться (телефон, мессенджер, адрес почты)? Можно ли "
            "перезвонить?"
        ),
        _COMMON_AGENCIES,
        _(
            "Не просите присылать документы и фотографии детей в переписке: их передают при "
            "встрече. Предложите созвониться, если ситуация сложная."
        ),
    )
    return {
        Signal.Channel.PHONE: phone,
        Signal.Channel.HOTLINE: phone,
        Signal.Channel.MESSENGER: written,
        Signal.Channel.EMAIL: written,
        Signal.Channel.WEB_FORM: written,
        Signal.Channel.IN_PERSON: _script(
            _(
                "Предложите сесть, представьтесь. Как зовут обратившегося, кем он приходится "
                "семье, как с ним связаться? Пришёл ли он с детьми, нужна ли помощь прямо "
                "сейчас (еда, одежда, ночлег)?"
            ),
            _COMMON_AGENCIES,
        ),
        Signal.Channel.LETTER: _script(
            _(
                "Какое ведомство направило семью (опека, школа, КЦСОН, больница, КДНиЗП), кто "
                "исполнитель письма и его телефон? Номер и дата письма, срок ответа?"
            ),
            _(
                "Что ведомство уже сделало и чего ждёт от нас? Знает ли семья о направлении? "
                "Нужно ли предупредить ведомство о выезде?"
            ),
        ),
    }


def default_questions(channel: str) -> str:
    """Kurator's questions for ``channel``, in the language of the request that shows them."""
    return _defaults()[channel]


def channel_label(channel: str) -> str:
    return str(Signal.Channel(channel).label)


@dataclass(frozen=True)
class ChannelScript:
    channel: str
    label: str
    questions: str
    own: bool  # the organisation's own questions (False: Kurator's default)
    updated_by: User | None = None
    updated_at: datetime | None = None

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


def channel_scripts(organisation_id: int | None) -> list[ChannelScript]:
    """Every channel's script, in the order of the intake form's channels: the
    organisation's own questions where written, else the default."""
    saved: dict[str, IntakeScript] = {}
    if organisation_id is not None:
        saved = {
            s.channel: s
            for s in IntakeScript.objects.filter(organisation_id=organisation_id).select_related(
                "updated_by"
            )
        }
    scripts = []
    for channel, label in Signal.Channel.choices:
        own = saved.get(channel)
        scripts.append(
            ChannelScript(
                channel=channel,
                label=str(label),
                questions=own.questions if own is not None else default_questions(channel),
                own=own is not None,
                updated_by=own.updated_by if own is not None else None,
                updated_at=own.updated_at if own is not None else None,
            )
        )
    return scripts
