"""Families and persons, in HTML: one thin view per action.

Each view fetches through ``kurator.access`` (out of scope → 404, no right → 403), binds a
form, calls a service, and on success says so and redirects. A ``PeopleError`` from the
service lands on the form beside its field; what the user typed stays in the form.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kurator import access
from kurator.core.http import request_user
from kurator.people import queries, services
from kurator.people.duplicates import find_duplicates
from kurator.people.errors import PeopleError
from kurator.people.forms import (
    FamilyForm,
    FamilyLinkForm,
    FamilySearchForm,
    MemberForm,
    PersonForm,
    RelationForm,
)

FAMILIES_PER_PAGE = 25
# From this score up, adding a member asks «is this the same person?» before saving.
DUPLICATE_WARNING_SCORE = 0.75


def _put_on_form(form: forms.Form, error: PeopleError, **field_map: str) -> None:
    """Show a service's error beside its field (or above the form when it has none here)."""
    field = field_map.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


# --- families ------------------------------------------------------------------------------


@login_required
def family_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "people.family:read")
    search = FamilySearchForm(request.GET)
    families = access.families_visible_to(user)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    if text:
        families = queries.search_families(families, text)
    paginator = Paginator(queries.family_list(families.order_by("name", "pk")), FAMILIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    access.record_listed(user, page)
    # The rows name the members too (prefetched: no query).
    access.record_listed(user, [m.person for family in page for m in family.memberships.all()])
    return render(
        request,
        "people/family_list.html",
        {
            "search": search,
            "text": text,
            "page": page,
            "can_write": user.has_perm("people.family:write"),
        },
    )


@login_required
def family_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require(user, "people.family:write")
    teams = access.teams_visible_to(user)
    if request.method == "POST":
        form = FamilyForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            try:
                family = services.create_family(
                    by=user,
                    name=data["name"],
                    team=data["team"],
                    address=data["address"],
                    distance_km=data["distance_km"],
                    notes=data["notes"],
                )
            except PeopleError as error:
                _put_on_form(form, error)
            else:
                messages.success(request, _("Семья создана. Теперь добавьте её членов."))
                return redirect("people:family_detail", pk=family.pk)
    else:
        form = FamilyForm(teams=teams, initial={"team": user.team_id})
    return render(request, "people/family_form.html", {"form": form, "family": None})


@login_required
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    family = access.get_family(user, pk)
    card = queries.family_card(family, user=user)
    return render(
        request,
        "people/family_detail.html",
        {"family": family, "card": card, "can_write": user.has_perm("people.family:write")},
    )


@login_required
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    family = access.get_family(user, pk, action="people.family:write")
    teams = access.teams_visible_to(user)
    if request.method == "POST":
        form = FamilyForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_family(
                    family=family,
                    by=user,
                    name=data["name"],
                    team=data["team"],
                    address=data["address"],
                    distance_km=data["distance_km"],
                    notes=data["notes"],
                )
            except PeopleError as error:
                _put_on_form(form, error)
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("people:family_detail", pk=family.pk)
    else:
        form = FamilyForm(teams=teams, initial=FamilyForm.initial_for(family))
    return render(request, "people/family_form.html", {"form": form, "family": family})


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A new person in the family. Before saving, the duplicate check looks for someone
    similar in the organisation; if it finds one, the form comes back with the matches and
    a «this is another person» checkbox."""
    user = request_user(request)
    family = access.get_family(user, pk, action="people.family:write")
    matches: list[dict[str, object]] = []
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if not data["confirm_new"]:
                matches = [
                    m.as_dict()
                    for m in find_duplicates(
                        user=user,
                        last_name=data["last_name"],
                        first_name=data["first_name"],
                        middle_name=data["middle_name"],
                        birth_date=data["birth_date"],
                        limit=5,
                    )
                    if m.score >= DUPLICATE_WARNING_SCORE
                ]
            if matches:
                form = MemberForm(request.POST, ask_confirmation=True)
                form.is_valid()
            else:
                try:
                    person = services.create_person(
                        by=user,
                        family=family,
                        family_role=data["role"],
                        last_name=data["last_name"],
                        first_name=data["first_name"],
                        middle_name=data["middle_name"],
                        birth_date=data["birth_date"],
                        sex=data["sex"],
                        phones=data["phones"],
                        address=data["address"],
                        notes=data["notes"],
                    )
                except PeopleError as error:
                    _put_on_form(form, error, family_role="role")
                else:
                    messages.success(
                        request,
                        _("%(name)s — в составе семьи.") % {"name": person.full_name},
                    )
                    return redirect("people:family_detail", pk=family.pk)
    else:
        form = MemberForm(initial={"last_name": _surname_hint(family.name)})
    return render(
        request, "people/member_add.html", {"form": form, "family": family, "matches": matches}
    )


def _surname_hint(family_name: str) -> str:
    """«Ивановы» → «Иванов»: most members share the family's surname; the form proposes it."""
    name = family_name.strip()
    return name[:-1] if len(name) > 3 and name.endswith("ы") else ""


@login_required
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    family = access.get_family(user, pk, action="people.family:write")
    members = (
        access.persons_visible_to(user)
        .filter(memberships__family=family)
        .order_by("last_name", "first_name", "pk")
    )
    if request.method == "POST":
        form = RelationForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.relate_persons(
                    person=data["person"],
                    relative=data["relative"],
                    kind=data["kind"],
                    note=data["note"],
                    by=user,
                )
            except PeopleError as error:
                _put_on_form(form, error)
            else:
                messages.success(request, _("Родственная связь записана."))
                return redirect("people:family_detail", pk=family.pk)
    else:
        form = RelationForm(members=members)
    return render(request, "people/relation_add.html", {"form": form, "family": family})


@login_required
def family_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    family = access.get_family(user, pk, action="people.family:write")
    others = access.families_visible_to(user).exclude(pk=family.pk).order_by("name", "pk")
    if request.method == "POST":
        form = FamilyLinkForm(request.POST, families=others)
        if form.is_valid():
            try:
                services.link_families(
                    family=family,
                    related_family=form.cleaned_data["related_family"],
                    note=form.cleaned_data["note"],
                    by=user,
                )
            except PeopleError as error:
                _put_on_form(form, error)
            else:
                messages.success(request, _("Семьи связаны."))
                return redirect("people:family_detail", pk=family.pk)
    else:
        form = FamilyLinkForm(families=others)
    return render(request, "people/family_link.html", {"form": form, "family": family})


# --- persons -------------------------------------------------------------------------------


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access.get_person(user, pk)
    card = queries.person_card(person, user=user)
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "card": card, "can_write": user.has_perm("people.family:write")},
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = access.get_person(user, pk, action="people.family:write")
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_person(
                    person=person,
                    by=user,
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    middle_name=data["middle_name"],
                    birth_date=data["birth_date"],
                    sex=data["sex"],
                    phones=data["phones"],
                    address=data["address"],
                    notes=data["notes"],
                )
            except PeopleError as error:
                _put_on_form(form, error)
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("people:person_detail", pk=person.pk)
    else:
        form = PersonForm(initial=PersonForm.initial_for(person))
    return render(request, "people/person_form.html", {"form": form, "person": person})
