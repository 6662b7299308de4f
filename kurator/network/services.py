"""Changes to the resource directory. The resource-network issue adds agreements, vetting
and referrals; intake needs only agents to point families to in an informed refusal."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kurator import access
from kurator.accounts.models import Organisation, User
from kurator.core.errors import DomainError
from kurator.network.models import ResourceAgent


class NetworkError(DomainError):
    """A rule about the resource network was broken; the message is for the user."""


def create_agent(
    *,
    by: User,
    name: str,
    category: str,
    services: str = "",
    territory: str = "",
    contacts: str = "",
    address: str = "",
    partner_organisation: Organisation | None = None,
) -> ResourceAgent:
    access.require(by, "network.agent:write")
    name = name.strip()
    if not name:
        raise NetworkError(_("Укажите название."), field="name")
    if category not in ResourceAgent.Category.values:
        raise NetworkError(_("Выберите категорию из списка."), field="category")
    return ResourceAgent.objects.create(
        organisation_id=access.organisation_id_of(by),
        partner_organisation=partner_organisation,
        name=name,
        category=category,
        services=services.strip(),
        territory=territory.strip(),
        contacts=contacts.strip(),
        address=address.strip(),
    )
