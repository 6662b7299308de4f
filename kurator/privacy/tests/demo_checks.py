"""The consents demo (kurator/privacy/demo.py) on top of the demo world: the case pages
show every consent state, one destruction clock runs, one subject request is overdue."""

from __future__ import annotations

from kurator.cases.models import Case
from kurator.core.demo import DEMO_STEPS, DemoContext
from kurator.documents.models import CaseDocument, DocumentType
from kurator.privacy.demo import consents as privacy_demo
from kurator.privacy.models import Consent, DestructionClock, SubjectRequest
from kurator.privacy.queries.consents import ConsentState, consent_states


def test_demo_shows_every_consent_state_a_clock_and_an_overdue_request(demo: DemoContext) -> None:
    if "kurator.privacy.demo.consents" not in DEMO_STEPS:
        privacy_demo.build(demo)
    today = demo.today
    states = {
        row.state
        for case in Case.objects.filter(status__in=[Case.Status.OPEN, Case.Status.POST_SUPPORT])
        for row in consent_states(case.family)
    }
    assert {
        ConsentState.VALID,
        ConsentState.EXPIRING,
        ConsentState.EXPIRED,
        ConsentState.MISSING,
        ConsentState.WITHDRAWN,
    } <= states
    assert Consent.objects.filter(purposes__kind="case_work").count() >= 10
    assert Consent.objects.filter(signed_by__isnull=False).exists()  # children under 14
    assert Consent.objects.filter(purposes__kind="photo").exists()
    photo = CaseDocument.objects.get(document_type=DocumentType.PHOTO)  # with its consent
    assert photo.person is not None
    assert Consent.objects.filter(person=photo.person, purposes__kind="photo").exists()
    clock = DestructionClock.objects.get()
    assert clock.is_running
    assert clock.destroy_by > today
    requests = list(SubjectRequest.objects.all())
    assert len(requests) == 2
    assert [r.is_overdue_on(today) for r in requests].count(True) == 1
