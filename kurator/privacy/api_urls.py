"""API URLs of consents and subject requests (included into ``/api/v1/`` by kurator/urls.py)."""

from django.urls import URLPattern, URLResolver, path

from kurator.privacy.api import consents, subject_requests

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "persons/<int:pk>/consents/",
        consents.PersonConsentsView.as_view(),
        name="api-person-consents",
    ),
    path(
        "consents/<int:pk>/withdraw/",
        consents.ConsentWithdrawView.as_view(),
        name="api-consent-withdraw",
    ),
    path(
        "subject_requests/",
        subject_requests.SubjectRequestListView.as_view(),
        name="api-subject-requests",
    ),
    path(
        "subject_requests/<int:pk>/answer/",
        subject_requests.SubjectRequestAnswerView.as_view(),
        name="api-subject-request-answer",
    ),
]
