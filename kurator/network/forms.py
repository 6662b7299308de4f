"""Filter of the resource directory page."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import ResourceAgent


class AgentFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Категория"),
        required=False,
        choices=[("", _("все категории")), *ResourceAgent.Category.choices],
    )

    def filter(self, agents: QuerySet[ResourceAgent]) -> QuerySet[ResourceAgent]:
        if not self.is_valid():
            return agents
        query = self.cleaned_data.get("q", "").strip()
        if query:
            agents = agents.filter(
                Q(name__icontains=query)
                | Q(services__icontains=query)
                | Q(territory__icontains=query)
            )
        if self.cleaned_data.get("category"):
            agents = agents.filter(category=self.cleaned_data["category"])
        return agents
