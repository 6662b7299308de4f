"""Change history of a referral (docs/architecture.md, «How a record shows its change
history»): who moved it from which status to which, when; and what the agent may see of
a referral today (``agent_view``: the names only with the persons' transfer consent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from kurator.audit.history import ChangeEntry, Source, collect
from kurator.network.models import Referral
from kurator.people.models import Person
from kurator.privacy.models import Consent, PurposeKind
from kurator.privacy.queries.coverage import coverage_of


def referral_sources() -> list[Source]:
    return [Source(Referral, "id", lambda version: _("Направление"))]


def referral_history(referral: Referral, *, limit: int = 200) -> list[ChangeEntry]:
    """``referral`` comes from ``access.get_referral`` (the curator's side)."""
    return collect(referral_sources(), referral.pk, limit=limit)


# --- what the agent sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgentView:
    """A referral as its agent may see it today (152-FZ): the persons' names and phones only
    while each has a live consent to transfer data to agents of the agent's category;
    otherwise «Семья № …» and why (``withheld``)."""

    referral: Referral
    persons: list[Person]
    withheld: str  # "" when the names are shown; else «обезличено» / «согласие отозвано» …

    @property
    def family_label(self) -> str:
        return _("Семья № %(n)s") % {"n": self.referral.case.family_id}

    @property
    def shows_persons(self) -> bool:
        return not self.withheld


def agent_view(referrals: Iterable[Referral], *, on: date | None = None) -> dict[int, AgentView]:
    """Each referral's ``AgentView`` by id. ``referrals`` come from
    ``access.agent_referrals_visible_to`` with ``persons`` prefetched and ``agent`` and
    ``case`` selected; five more queries, however many referrals."""
    items = list(referrals)
    persons = {p.pk: p for r in items for p in r.persons.all()}
    coverage = coverage_of(persons.values(), on=on)
    withdrawn = set(
        Consent.objects.filter(
            person_id__in=list(persons),
            withdrawn_on__isnull=False,
            purposes__kind=PurposeKind.TRANSFER,
        ).values_list("person_id", "purposes__category")
    )
    views: dict[int, AgentView] = {}
    for referral in items:
        named = list(referral.persons.all())
        category = referral.agent.category
        lacking = [p for p in named if not coverage[p.pk].covers(PurposeKind.TRANSFER, category)]
        if referral.depersonalised:
            withheld = str(_("обезличено: согласия на передачу данных нет"))
        elif lacking and any(
            coverage[p.pk].stopped or (p.pk, category) in withdrawn for p in lacking
        ):
            withheld = str(_("согласие отозвано"))
        elif lacking:
            withheld = str(_("согласие на передачу данных истекло"))
        else:
            withheld = ""
        views[referral.pk] = AgentView(
            referral=referral, persons=[] if withheld else named, withheld=withheld
        )
    return views
