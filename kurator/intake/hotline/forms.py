"""Forms of the hotline journal: a call as the operator writes it down, and the journal's
filters. They check shape; ``hotline.services`` checks the rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurator.accounts.models import Team
from kurator.core.forms import filter_choice_id
from kurator.intake.forms import DATETIME_LOCAL, DateInput, DateTimeLocalInput
from kurator.intake.hotline import services
from kurator.intake.hotline.models import HotlineCall

_OUTCOMES_TYPED = [c for c in HotlineCall.Outcome.choices if c[0] != HotlineCall.Outcome.SIGNAL]


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class CallForm(forms.Form):
    """A call: what a person on the phone can write down while she talks and right after."""

    direction = forms.ChoiceField(
        label=_("Звонок"),
        choices=HotlineCall.Direction.choices,
        initial=HotlineCall.Direction.INCOMING,
        widget=forms.RadioSelect,
    )
    started_at = forms.DateTimeField(
        label=_("Начало"), widget=DateTimeLocalInput(), help_text=_("По умолчанию — сейчас.")
    )
    duration_minutes = forms.IntegerField(
        label=_("Длительность, мин"),
        required=False,
        min_value=0,
        max_value=services.DURATION_MAX_SECONDS // 60,
    )
    caller_kind = forms.ChoiceField(
        label=_("Кто звонил"), choices=_blank(HotlineCall.CallerKind.choices), required=False
    )
    caller_name = forms.CharField(
        label=_("Как представился"), required=False, max_length=services.NAME_MAX
    )
    caller_phone = forms.CharField(
        label=_("Телефон"), required=False, max_length=services.PHONE_MAX
    )
    topic = forms.ChoiceField(
        label=_("Тема"), choices=_blank(HotlineCall.Topic.choices), required=False
    )
    summary = forms.CharField(
        label=_("О чём говорили"),
        required=False,
        max_length=services.SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Станет текстом сигнала, если по звонку нужно создать сигнал."),
    )
    outcome = forms.ChoiceField(label=_("Итог"), choices=_blank(_OUTCOMES_TYPED), required=False)
    redirected_to = forms.CharField(
        label=_("Куда перенаправили"),
        required=False,
        max_length=services.REDIRECT_MAX,
        help_text=_("Служба, организация, телефон — если итог «перенаправлен»."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["direction"]
            del self.fields["started_at"]
        else:
            self.fields["started_at"].widget.attrs["max"] = timezone.localtime().strftime(
                DATETIME_LOCAL
            )
            if not self.is_bound:
                self.initial.setdefault("started_at", timezone.localtime().replace(second=0))

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        minutes = data.get("duration_minutes")
        values = {
            name: data[name]
            for name in (
                "caller_kind",
                "caller_name",
                "caller_phone",
                "topic",
                "summary",
                "outcome",
                "redirected_to",
            )
        }
        values["duration_seconds"] = int(minutes or 0) * 60
        return values


class CallFilterForm(forms.Form):
    """The journal's filters: the days (the last seven by default), the team (organisation-wide
    roles), the topic, the outcome, the direction."""

    start = forms.DateField(label=_("С"), required=False, widget=DateInput())
    end = forms.DateField(label=_("По"), required=False, widget=DateInput())
    team = forms.ModelChoiceField(
        label=_("Команда"), queryset=Team.objects.none(), required=False, empty_label=_("все")
    )
    topic = forms.ChoiceField(
        label=_("Тема"), choices=[("", _("все")), *HotlineCall.Topic.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Итог"),
        choices=[("", _("все")), ("none", _("не заполнен")), *HotlineCall.Outcome.choices],
        required=False,
    )
    direction = forms.ChoiceField(
        label=_("Звонок"), choices=[("", _("все")), *HotlineCall.Direction.choices], required=False
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams
        if teams.count() <= 1:
            del self.fields["team"]

    def days(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=6)
        if start > end:
            start, end = end, start
        return start, end

    def filter(self, calls: QuerySet[HotlineCall]) -> QuerySet[HotlineCall]:
        start, end = self.days()
        tz = timezone.get_current_timezone()
        calls = calls.filter(
            started_at__gte=datetime.combine(start, datetime.min.time(), tzinfo=tz),
            started_at__lt=datetime.combine(
                end + timedelta(days=1), datetime.min.time(), tzinfo=tz
            ),
        )
        data = self.cleaned_data if self.is_valid() else {}
        if "team" in self.fields:
            team_id = filter_choice_id(self, "team")
            if team_id is not None:
                calls = calls.filter(team_id=team_id)
        if data.get("topic"):
            calls = calls.filter(topic=data["topic"])
        outcome = data.get("outcome")
        if outcome == "none":
            calls = calls.filter(Q(outcome="") | Q(topic=""))
        elif outcome:
            calls = calls.filter(outcome=outcome)
        if data.get("direction"):
            calls = calls.filter(direction=data["direction"])
        return calls
