"""Demo organisation, teams, partner and users (see kurator/core/demo.py)."""

from __future__ import annotations

from kurator.accounts.models import Organisation
from kurator.accounts.roles import RoleCode
from kurator.accounts.services import (
    create_default_intake_scripts,
    create_organisation,
    create_team,
    create_user,
    request_role_grant,
)
from kurator.core.demo import DEMO_ORGANISATION, DEMO_PASSWORD, DemoContext

R = RoleCode

USERS = [
    # username, team, roles, last, first, middle
    ("admin", None, [R.ADMINISTRATOR], "Сидоров", "Алексей", "Игоревич"),
    ("director", None, [R.PROGRAMME_DIRECTOR], "Полякова", "Наталья", "Сергеевна"),
    ("head1", "Смоленск", [R.TEAM_HEAD], "Ковалёва", "Ирина", "Викторовна"),
    ("senior1", "Смоленск", [R.SENIOR_CURATOR], "Морозова", "Елена", "Андреевна"),
    ("curator1", "Смоленск", [R.CURATOR], "Белова", "Ольга", "Николаевна"),
    ("curator2", "Смоленск", [R.CURATOR], "Громов", "Никита", "Павлович"),
    ("psychologist1", "Смоленск", [R.PSYCHOLOGIST], "Лебедева", "Анна", "Михайловна"),
    ("intake1", "Смоленск", [R.INTAKE_OPERATOR], "Зайцева", "Мария", "Олеговна"),
    ("head2", "Волгоград", [R.TEAM_HEAD], "Соколов", "Дмитрий", "Александрович"),
    ("curator3", "Волгоград", [R.CURATOR], "Кузнецова", "Татьяна", "Юрьевна"),
    ("supervisor1", None, [R.SUPERVISOR], "Орлова", "Вера", "Константиновна"),
]


def build(demo: DemoContext) -> None:
    org = create_organisation(
        name=DEMO_ORGANISATION, kind=Organisation.Kind.NGO, address="г. Смоленск, ул. Ленина, 12"
    )
    demo.organisation = org
    demo.teams["Смоленск"] = create_team(
        organisation=org,
        name="Смоленск",
        office_address="г. Смоленск, ул. Ленина, 12",
        territory=(
            "Смоленск, Смоленский, Починковский, Кардымовский, Вяземский, Рославльский районы"
        ),
    )
    demo.teams["Волгоград"] = create_team(
        organisation=org,
        name="Волгоград",
        office_address="г. Волгоград, пр. Университетский, 64",
        territory="Волгоград, Волжский, Городищенский и Среднеахтубинский районы",
    )
    partner = create_organisation(
        name="Отдел опеки и попечительства Администрации Смоленского района (демо)",
        kind=Organisation.Kind.GUARDIANSHIP,
        is_partner=True,
        address="г. Смоленск, ул. Пржевальского, 6",
    )
    demo.partner = partner
    for username, team, roles, last, first, middle in USERS:
        demo.users[username] = create_user(
            username=username,
            password=DEMO_PASSWORD,
            organisation=org,
            team=demo.teams[team] if team else None,
            roles=roles,
            last_name=last,
            first_name=first,
            middle_name=middle,
            email=f"{username}@demo.kurator.local",
        )
    demo.users["agent1"] = create_user(
        username="agent1",
        password=DEMO_PASSWORD,
        organisation=partner,
        roles=[R.RESOURCE_AGENT],
        last_name="Фролова",
        first_name="Светлана",
        middle_name="Петровна",
        email="agent1@demo.kurator.local",
    )
    scripts = create_default_intake_scripts(organisation=org, by=demo.users["admin"])
    # Громов is to become a senior curator: the administrator asked, the director decides
    # («Запросы ролей»).
    request_role_grant(user=demo.users["curator2"], role=R.SENIOR_CURATOR, by=demo.users["admin"])
    demo.say(
        f"Организация «{org.name}», команды: {', '.join(demo.teams)}; "
        f"скрипт приёма сигнала: каналов — {len(scripts)}; "
        "запрос роли ждёт руководителя программы: 1."
    )
