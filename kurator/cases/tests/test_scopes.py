"""The scopes of cases and signals: a curator sees her own cases and those she is
attached to, the journal's new signals but not a colleague's; a co-worker sees what the
curator sees; a supervisor sees only what is shared with her, and only on the masked pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from kurator import access
from kurator.accounts.models import Organisation, Team, User
from kurator.accounts.roles import RoleCode
from kurator.cases.models import Case, CaseSupervisionShare
from kurator.cases.services.supervision import (
    add_case_member,
    remove_case_member,
    revoke_supervision_share,
    share_case_for_supervision,
)
from kurator.cases.tests.factories import make_signal, open_case_for
from kurator.core.testing import make_family, make_user
from kurator.documents.services.folder import upload_document
from kurator.documents.tests.files import upload
from kurator.intake import services as intake
from kurator.intake.models import Signal
from kurator.people.models import Family


@pytest.fixture
def specialist(org: Organisation, team: Team) -> User:
    return make_user(RoleCode.SPECIALIST, organisation=org, team=team, username="specialist")


@pytest.fixture
def supervisor(org: Organisation) -> User:
    return make_user(RoleCode.SUPERVISOR, organisation=org, username="supervisor")


def _cases(user: User) -> set[int]:
    return set(access.cases_visible_to(user).values_list("pk", flat=True))


def _signals(user: User) -> set[int]:
    return set(access.signals_visible_to(user).values_list("pk", flat=True))


# --- co-workers ------------------------------------------------------------------------------


def test_a_co_worker_sees_the_case_its_family_and_folder_until_removed(
    case: Case, curator: User, specialist: User
) -> None:
    document = upload_document(
        case=case, by=curator, document_type="application", title="Заявление", file=upload()
    )
    assert _cases(specialist) == set()
    membership = add_case_member(case=case, member=specialist, by=curator)
    assert _cases(specialist) == {case.pk}
    assert access.get_family(specialist, case.family_id) == case.family
    assert access.get_document(specialist, document.pk) == document
    assert access.case_scope(specialist, case) == access.SCOPE_OWN
    remove_case_member(membership=membership, by=curator)
    assert _cases(specialist) == set()
    with pytest.raises(Http404):
        access.get_family(specialist, case.family_id)
    with pytest.raises(Http404):
        access.get_document(specialist, document.pk)


def test_a_co_worker_sees_the_signal_the_case_was_opened_from(
    case: Case, curator: User, specialist: User
) -> None:
    assert case.signal_id not in _signals(specialist)
    add_case_member(case=case, member=specialist, by=curator)
    assert case.signal_id in _signals(specialist)


# --- signals of a case worker ----------------------------------------------------------------


def test_new_signals_of_the_team_are_in_every_workers_journal_until_a_team_is_named(
    senior: User,
    intake_operator: User,
    curator: User,
    colleague: User,
    psychologist: User,
    other_team_curator: User,
) -> None:
    signal = make_signal(by=intake_operator)
    for user in (curator, colleague, psychologist):
        assert signal.pk in _signals(user)
    assert signal.pk not in _signals(other_team_curator)
    intake.assign_visit_team(
        signal=signal,
        by=senior,
        future_curator=curator,
        psychologist=psychologist,
        planned_date=None,
    )
    assert signal.pk in _signals(curator)
    assert signal.pk in _signals(psychologist)
    assert signal.pk not in _signals(colleague)
    with pytest.raises(Http404):
        access.get_signal(colleague, signal.pk)
    # The team's journal roles keep it.
    assert signal.pk in _signals(senior)
    assert signal.pk in _signals(intake_operator)


def test_a_new_signal_about_a_colleagues_family_is_not_in_the_pool(
    case: Case, intake_operator: User, curator: User, colleague: User
) -> None:
    signal = make_signal(by=intake_operator, family=case.family)
    assert signal.status == Signal.Status.NEW
    assert signal.pk not in _signals(colleague)
    # The curator of the family's case sees a new signal about her family.
    assert signal.pk in _signals(curator)


def test_a_curator_keeps_the_signal_of_a_case_handed_to_her(
    case: Case, curator: User, colleague: User, head: User
) -> None:
    from kurator.cases.services.opening import transfer_case

    transfer_case(case=case, new_curator=colleague, reason="Отпуск", by=head)
    assert case.signal_id in _signals(colleague)
    assert case.family_id in set(access.families_visible_to(colleague).values_list("pk", flat=True))


# --- the scope a case is seen under ----------------------------------------------------------


def test_case_scope_names_the_widest_scope(
    case: Case,
    curator: User,
    head: User,
    director: User,
    colleague: User,
    supervisor: User,
) -> None:
    share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    assert access.case_scope(director, case) == access.SCOPE_ORGANISATION
    assert access.case_scope(head, case) == access.SCOPE_TEAM
    assert access.case_scope(curator, case) == access.SCOPE_OWN
    assert access.case_scope(supervisor, case) == access.SCOPE_SUPERVISION
    assert access.case_scope(colleague, case) is None


# --- supervision shares ----------------------------------------------------------------------


def test_a_share_opens_only_the_masked_pages(case: Case, curator: User, supervisor: User) -> None:
    with pytest.raises(Http404):
        access.get_case(supervisor, case.pk, supervision=True)
    share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    assert access.get_case(supervisor, case.pk, supervision=True) == case
    # Not in lists, counts, folders or documents, and never for an action.
    assert _cases(supervisor) == set()
    with pytest.raises(Http404):
        access.get_case(supervisor, case.pk)
    with pytest.raises(Http404):
        access.get_case(supervisor, case.pk, action="cases.case:write", supervision=True)
    with pytest.raises(Http404):
        access.get_family(supervisor, case.family_id)
    assert not access.signals_visible_to(supervisor).exists()


def test_a_revoked_share_closes_the_case_again(case: Case, curator: User, supervisor: User) -> None:
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    revoke_supervision_share(share=share, by=curator)
    with pytest.raises(Http404):
        access.get_case(supervisor, case.pk, supervision=True)


def test_a_share_lasts_until_its_last_day_inclusive(
    case: Case, curator: User, supervisor: User
) -> None:
    today = timezone.localdate()
    share = share_case_for_supervision(case=case, supervisor=supervisor, by=curator, until=today)
    assert access.get_case(supervisor, case.pk, supervision=True) == case
    CaseSupervisionShare.objects.filter(pk=share.pk).update(until=today - timedelta(days=1))
    with pytest.raises(Http404):
        access.get_case(supervisor, case.pk, supervision=True)


def test_a_share_is_for_that_supervisor_only(
    case: Case, curator: User, supervisor: User, org: Organisation
) -> None:
    share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    other = make_user(RoleCode.SUPERVISOR, organisation=org)
    with pytest.raises(Http404):
        access.get_case(other, case.pk, supervision=True)


def test_a_supervisor_who_loses_the_role_loses_the_share(
    case: Case, curator: User, supervisor: User
) -> None:
    share_case_for_supervision(case=case, supervisor=supervisor, by=curator)
    supervisor.roles.set(["quality_officer"])
    supervisor = User.objects.get(pk=supervisor.pk)
    assert not access.cases_shared_for_supervision(supervisor).exists()


def test_another_organisations_case_is_never_shared_in(
    case: Case, curator: User, outsider: User
) -> None:
    foreign = make_user(RoleCode.SUPERVISOR, organisation=outsider.organisation)  # type: ignore[arg-type]
    CaseSupervisionShare.objects.create(case=case, supervisor=foreign, shared_by=curator)
    with pytest.raises(Http404):
        access.get_case(foreign, case.pk, supervision=True)


# --- the scope of a worker keeps the org boundary -------------------------------------------


def test_a_worker_of_another_team_sees_none_of_it(
    case: Case, intake_operator: User, other_team_curator: User, other_team: Team, org: Organisation
) -> None:
    make_signal(by=intake_operator)
    make_family(by=intake_operator, name="Пуловы")
    assert _cases(other_team_curator) == set()
    assert _signals(other_team_curator) == set()
    assert not access.families_visible_to(other_team_curator).exists()
    senior = make_user(RoleCode.SENIOR_CURATOR, organisation=org, team=other_team)
    psychologist = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=other_team)
    theirs = open_case_for(
        senior=senior,
        curator=other_team_curator,
        psychologist=psychologist,
        family=make_family(by=senior, name="Волгоградские"),
    )
    assert _cases(other_team_curator) == {theirs.pk}
    assert set(access.families_visible_to(other_team_curator).values_list("pk", flat=True)) == {
        theirs.family_id
    }
    assert isinstance(theirs.family, Family)
