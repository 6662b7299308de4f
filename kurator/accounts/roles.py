"""The roles of an organisation's staff (docs/glossary.md, Roles). A user holds one or more;
permissions follow from them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    INTAKE_OPERATOR = "intake_operator", _("Специалист приёма")
    SENIOR_CURATOR = "senior_curator", _("Старший куратор")
    CURATOR = "curator", _("Куратор случая")
    PSYCHOLOGIST = "psychologist", _("Психолог")
    SPECIALIST = "specialist", _("Специалист")
    TEAM_HEAD = "team_head", _("Руководитель региональной команды")
    PROGRAMME_DIRECTOR = "programme_director", _("Руководитель программы")
    OPERATIONS_MANAGER = "operations_manager", _("Операционный менеджер")
    SUPERVISOR = "supervisor", _("Супервизор")
    QUALITY_OFFICER = "quality_officer", _("Центр контроля качества")
    RESOURCE_AGENT = "resource_agent", _("Агент ресурсной сети")
    ADMINISTRATOR = "administrator", _("Администратор")


# Roles whose people data scope is the user's team.
TEAM_SCOPED_ROLES = frozenset(
    {
        RoleCode.INTAKE_OPERATOR,
        RoleCode.SENIOR_CURATOR,
        RoleCode.CURATOR,
        RoleCode.PSYCHOLOGIST,
        RoleCode.SPECIALIST,
        RoleCode.TEAM_HEAD,
    }
)
# Roles whose people data scope is the whole organisation.
ORGANISATION_SCOPED_ROLES = frozenset(
    {RoleCode.PROGRAMME_DIRECTOR, RoleCode.QUALITY_OFFICER, RoleCode.OPERATIONS_MANAGER}
)
