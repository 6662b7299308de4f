"""HTML forms of the intake stage: they check shape; the services check the rules.
Choices come from records the user may see, passed in explicitly."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import Case as SqlCase
from django.db.models import QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kurator import access
from kurator.access.base import AnyUser
from kurator.accounts.models import Team, User
from kurator.core.forms import filter_choice_id
from kurator.intake.models import (
    CHILD_SECTIONS,
    FirstVisit,
    Recommendation,
    SelectionCriterion,
    Signal,
    overdue_q,
)
from kurator.intake.queries import VisitCandidate
from kurator.intake.services import VisitReport
from kurator.network.models import ResourceAgent
from kurator.people.models import Family, Person

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# Inputs whose typing refreshes the «already known?» panel (htmx, see signal_create.html).
DUPLICATE_INPUT = {"class": "js-duplicate-check", "autocomplete": "off"}


def _now_local() -> str:
    return timezone.localtime().strftime(DATETIME_LOCAL)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SignalForm(forms.Form):
    """The quick intake form: channel, source and what was reported are all it needs."""

    channel = forms.ChoiceField(
        label=_("Канал"), choices=Signal.Channel.choices, initial=Signal.Channel.PHONE
    )
    source = forms.ChoiceField(label=_("Источник"), choices=[("", "—"), *Signal.Source.choices])
    description = forms.CharField(label=_("Что сообщили"), widget=forms.Textarea(attrs={"rows": 4}))
    urgent = forms.BooleanField(
        label=_("Срочно (угроза жизни или здоровью ребёнка)"), required=False
    )
    received_at = forms.DateTimeField(
        label=_("Когда получен"),
        widget=DateTimeLocalInput(),
        help_text=_("По умолчанию — сейчас."),
        required=False,
    )
    subject_last_name = forms.CharField(
        label=_("Фамилия"), required=False, max_length=150, widget=forms.TextInput(DUPLICATE_INPUT)
    )
    subject_first_name = forms.CharField(
        label=_("Имя"), required=False, max_length=150, widget=forms.TextInput(DUPLICATE_INPUT)
    )
    subject_middle_name = forms.CharField(
        label=_("Отчество"), required=False, max_length=150, widget=forms.TextInput(DUPLICATE_INPUT)
    )
    subject_birth_date = forms.DateField(
        label=_("Дата рождения"), required=False, widget=DateInput(DUPLICATE_INPUT)
    )
    address = forms.CharField(label=_("Адрес семьи"), required=False, max_length=500)
    reporter_name = forms.CharField(label=_("Кто сообщил"), required=False, max_length=300)
    reporter_contact = forms.CharField(
        label=_("Контакт сообщившего"), required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].widget.attrs["max"] = _now_local()
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0))

    def clean_received_at(self) -> datetime:
        value: datetime | None = self.cleaned_data.get("received_at")
        return value or timezone.now()

    # Sections of the page: the first is all a phone call needs.
    def main_part(self) -> _FormPart:
        return _FormPart(self, ("channel", "source", "description", "urgent", "received_at"))

    def subject_part(self) -> _FormPart:
        names = ("subject_last_name", "subject_first_name", "subject_middle_name")
        return _FormPart(self, (*names, "subject_birth_date", "address"))

    def reporter_part(self) -> _FormPart:
        return _FormPart(self, ("reporter_name", "reporter_contact"))


class _FormPart:
    """Duck-typed sub-form for ``_form.html``: the same bound fields, a subset of them."""

    def __init__(self, form: forms.Form, names: tuple[str, ...]) -> None:
        self.form = form
        self.names = names

    def non_field_errors(self) -> list[str]:
        return []

    def hidden_fields(self) -> list[forms.BoundField]:
        return []

    def visible_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in self.names]


class FamilyChoiceForm(forms.Form):
    """The family the operator picked among the possible matches (radio buttons)."""

    family = forms.ModelChoiceField(
        label=_("Семья"), queryset=Family.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = access.families_visible_to(user)
        field.error_messages["invalid_choice"] = _("Семья не найдена.")


class DuplicateSearchForm(forms.Form):
    """The names typed so far (htmx GET of the matches panel and the link page)."""

    subject_last_name = forms.CharField(label=_("Фамилия"), required=False, max_length=150)
    subject_first_name = forms.CharField(label=_("Имя"), required=False, max_length=150)
    subject_middle_name = forms.CharField(label=_("Отчество"), required=False, max_length=150)
    subject_birth_date = forms.DateField(
        label=_("Дата рождения"), required=False, widget=DateInput()
    )

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        birth: date | None = data.get("subject_birth_date")
        return {
            "last_name": data.get("subject_last_name", ""),
            "first_name": data.get("subject_first_name", ""),
            "middle_name": data.get("subject_middle_name", ""),
            "birth_date": birth,
        }


class SignalFilterForm(forms.Form):
    STAGE_OPEN = "open"
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("", _("все")), (STAGE_OPEN, _("не решённые")), *Signal.Status.choices],
    )
    team = forms.ModelChoiceField(
        label=_("Команда"),
        required=False,
        queryset=Team.objects.none(),
        empty_label=_("все команды"),  # its label is hidden, as the status select's
    )
    overdue = forms.BooleanField(label=_("Только просроченные"), required=False)
    urgent = forms.BooleanField(label=_("Только срочные"), required=False)

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        """``teams``: the teams of the signals the user may see (the team filter's choices)."""
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams

    @cached_property
    def offers_team(self) -> bool:
        """The team select is worth showing: the user sees the signals of more than one team."""
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
        return len(field.queryset[:2]) > 1

    def filter(self, signals: QuerySet[Signal]) -> QuerySet[Signal]:
        """The journal narrowed by the valid filters; an invalid value is ignored rather than
        failing the page (a team out of the user's sight narrows it to nothing)."""
        if not self.is_bound:
            return signals
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status")
        if status == self.STAGE_OPEN:
            signals = signals.filter(
                status__in=[
                    Signal.Status.NEW,
                    Signal.Status.TEAM_ASSIGNED,
                    Signal.Status.VISITED,
                ]
            )
        elif status:
            signals = signals.filter(status=status)
        team_id = filter_choice_id(self, "team")
        if team_id is not None:
            signals = signals.filter(team_id=team_id)
        if data.get("overdue"):
            signals = signals.filter(overdue_q(today=timezone.localdate(), now=timezone.now()))
        if data.get("urgent"):
            signals = signals.filter(urgent=True)
        return signals


class CandidateChoiceField(forms.ModelChoiceField[User]):
    """Each candidate with the load the senior curator weighs."""

    def __init__(self, *args: Any, candidates: list[VisitCandidate], **kwargs: Any) -> None:
        self.loads = {c.user.pk: c for c in candidates}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        load = self.loads.get(obj.pk)
        if load is None:
            return obj.short_name
        return str(
            _("%(name)s — случаев: %(active)s, высокой сложности: %(high)s, выездов: %(visits)s")
            % {
                "name": obj.short_name,
                "active": load.active_cases,
                "high": load.high_complexity_cases,
                "visits": load.open_visits,
            }
        )


class VisitAssignForm(forms.Form):
    future_curator: CandidateChoiceField
    psychologist: CandidateChoiceField
    planned_date = forms.DateField(label=_("Плановая дата выезда"), widget=DateInput())

    def __init__(
        self, *args: Any, signal: Signal, candidates: list[VisitCandidate], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        curators = [c.user.pk for c in candidates if c.is_curator]
        psychologists = [c.user.pk for c in candidates if c.is_psychologist]
        self.fields["future_curator"] = CandidateChoiceField(
            label=_("Будущий куратор"),
            queryset=User.objects.filter(pk__in=curators).order_by("last_name", "first_name"),
            candidates=candidates,
        )
        self.fields["psychologist"] = CandidateChoiceField(
            label=_("Психолог"),
            queryset=User.objects.filter(pk__in=psychologists).order_by("last_name", "first_name"),
            candidates=candidates,
        )
        self.order_fields(["future_curator", "psychologist", "planned_date"])
        if not self.is_bound:
            self.initial.setdefault("planned_date", signal.visit_due)
            try:
                visit = signal.first_visit
            except FirstVisit.DoesNotExist:
                visit = None
            if visit is not None:
                self.initial.update(
                    future_curator=visit.future_curator_id,
                    psychologist=visit.psychologist_id,
                    planned_date=visit.planned_date,
                )


class _ReportFields(forms.Form):
    """The sections of the first-visit report: living conditions, one block per child of the
    family (``children``: the persons, passed in), needs, risks and the recommendation. The
    service checks the rules (a report with sections needs the recommendation)."""

    living_conditions = forms.CharField(
        label=_("Условия проживания"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Жильё, быт, продукты, тепло, спальные места детей."),
    )
    needs = forms.CharField(
        label=_("Нужды семьи"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    risks = forms.CharField(
        label=_("Риски"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    immediate_danger = forms.BooleanField(
        label=_("Есть непосредственная угроза жизни или здоровью ребёнка"), required=False
    )
    recommendation = forms.ChoiceField(
        label=_("Рекомендация команды"),
        required=False,
        choices=[("", "—"), *Recommendation.choices],
    )
    recommendation_comment = forms.CharField(
        label=_("Комментарий к рекомендации"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            for key, label in CHILD_SECTIONS:
                self.fields[self._child_field(child, key)] = forms.CharField(
                    label=str(label).capitalize(),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    @staticmethod
    def _child_field(child: Person, key: str) -> str:
        return f"child_{child.pk}_{key}"

    def general_part(self) -> _FormPart:
        return _FormPart(self, ("living_conditions",))

    def child_parts(self) -> list[tuple[Person, _FormPart]]:
        return [
            (child, _FormPart(self, tuple(self._child_field(child, k) for k, _l in CHILD_SECTIONS)))
            for child in self.children
        ]

    def conclusion_part(self) -> _FormPart:
        return _FormPart(
            self,
            ("needs", "risks", "immediate_danger", "recommendation", "recommendation_comment"),
        )

    def visit_report(self) -> VisitReport:
        data = self.cleaned_data
        blocks = []
        for child in self.children:
            block: dict[str, Any] = {"person": child.pk}
            for key, _label in CHILD_SECTIONS:
                block[key] = data.get(self._child_field(child, key), "")
            blocks.append(block)
        return VisitReport(
            living_conditions=data.get("living_conditions", ""),
            children=blocks,
            needs=data.get("needs", ""),
            risks=data.get("risks", ""),
            immediate_danger=bool(data.get("immediate_danger")),
            recommendation=data.get("recommendation", ""),
            recommendation_comment=data.get("recommendation_comment", ""),
        )


class VisitRecordForm(_ReportFields):
    visited_at = forms.DateTimeField(label=_("Когда был выезд"), widget=DateTimeLocalInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_at"].widget.attrs["max"] = _now_local()
        if not self.is_bound:
            self.initial.setdefault("visited_at", timezone.localtime().replace(second=0))

    def visit_part(self) -> _FormPart:
        return _FormPart(self, ("visited_at",))


class VisitReportForm(_ReportFields):
    pass


class DecisionForm(forms.Form):
    """Accept, refuse or redirect; the last two with the reason and other places to go."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Участники консилиума"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria_met = forms.ModelMultipleChoiceField(
        label=_("Критерии отбора, которым семья соответствует"),
        queryset=SelectionCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Обоснование"), widget=forms.Textarea(attrs={"rows": 4}))
    alternatives = forms.ModelMultipleChoiceField(
        label=_("Куда ещё семья может обратиться"),
        queryset=ResourceAgent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Подобраны по территории и услугам; отметьте подходящие."),
    )

    def __init__(
        self,
        *args: Any,
        decision: str,
        participants: QuerySet[User],
        agents: QuerySet[ResourceAgent],
        suggested: list[int],
        criteria: QuerySet[SelectionCriterion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        participants_field = self.fields["participants"]
        assert isinstance(participants_field, forms.ModelMultipleChoiceField)
        participants_field.queryset = participants
        criteria_field = self.fields["criteria_met"]
        assert isinstance(criteria_field, forms.ModelMultipleChoiceField)
        criteria_field.queryset = criteria
        if decision == "accept":
            del self.fields["alternatives"]
            self.fields["reason"].required = False
            self.fields["reason"].label = _("Комментарий")
        else:
            self.fields["reason"].help_text = _(
                "Семья получит это обоснование в информированном отказе."
            )
            alternatives = self.fields["alternatives"]
            assert isinstance(alternatives, forms.ModelMultipleChoiceField)
            # Suggested agents first, then the rest of the directory.
            alternatives.queryset = agents.filter(is_active=True)
            if suggested:
                self.initial.setdefault("alternatives", suggested)
                alternatives.queryset = alternatives.queryset.order_by(
                    SqlCase(When(pk__in=suggested, then=Value(0)), default=Value(1)), "name"
                )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("В чём разошлись мнения"), widget=forms.Textarea(attrs={"rows": 4})
    )


class LinkFamilyForm(FamilyChoiceForm):
    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["family"].required = True
        self.fields["family"].error_messages["required"] = _("Выберите семью.")
