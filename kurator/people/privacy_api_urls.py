"""API URLs of consents and subject requests (included by ``kurator/people/api_urls.py``)."""

from django.urls import URLPattern, URLResolver, path

from kurator.people import privacy_api as api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "persons/<int:pk>/consents/", api.PersonConsentsView.as_view(), name="api-person-consents"
    ),
    path(
        "consents/<int:pk>/withdraw/",
        api.ConsentWithdrawView.as_view(),
        name="api-consent-withdraw",
    ),
    path("subject_requests/", api.SubjectRequestListView.as_view(), name="api-subject-requests"),
    path(
        "subject_requests/<int:pk>/answer/",
        api.SubjectRequestAnswerView.as_view(),
        name="api-subject-request-answer",
    ),
]
