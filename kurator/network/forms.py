"""Filter of the resource directory page."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kurator.network.models import ResourceAgent
from kurator.people.names import normalize_name


class AgentFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Категория"),
        required=False,
        choices=[("", _("все категории")), *ResourceAgent.Category.choices],
    )

    def filter(self, agents: QuerySet[ResourceAgent]) -> list[ResourceAgent]:
        if not self.is_valid():
            return list(agents)
        if self.cleaned_data.get("category"):
            agents = agents.filter(category=self.cleaned_data["category"])
        query = normalize_name(self.cleaned_data.get("q", ""))
        if not query:
            return list(agents)
        # SQLite's LIKE ignores the case of Latin letters only; a directory is a few hundred
        # rows, so the text search runs here, the same on both databases.
        return [
            agent
            for agent in agents
            if query in normalize_name(f"{agent.name} {agent.services} {agent.territory}")
        ]
