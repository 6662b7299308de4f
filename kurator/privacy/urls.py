"""Pages of consents, subject requests, destruction deadlines and the data export.

Included into the ``people`` namespace under ``/people/`` by ``kurator/people/urls.py``, so the
URL names stay ``people:person_privacy`` … as before privacy became its own app."""

from django.urls import URLPattern, URLResolver, path

from kurator.privacy.views import consents, export, retention, subject_requests

urlpatterns: list[URLPattern | URLResolver] = [
    path("persons/<int:pk>/privacy/", consents.person_privacy, name="person_privacy"),
    path("persons/<int:pk>/consents/new/", consents.consent_add, name="consent_add"),
    path(
        "persons/<int:pk>/requests/new/",
        subject_requests.subject_request_add,
        name="subject_request_add",
    ),
    path("persons/<int:pk>/export/", export.person_export, name="person_export"),
    path("consents/<int:pk>/withdraw/", consents.consent_withdraw, name="consent_withdraw"),
    path(
        "consents/<int:pk>/withdraw/confirm/",
        consents.consent_withdraw_confirm,
        name="consent_withdraw_confirm",
    ),
    path(
        "privacy/requests/",
        subject_requests.subject_request_list,
        name="subject_request_list",
    ),
    path(
        "privacy/requests/<int:pk>/answer/",
        subject_requests.subject_request_answer,
        name="subject_request_answer",
    ),
    path("privacy/destruction/", retention.destruction_list, name="destruction_list"),
    path("privacy/destruction/<int:pk>/destroy/", retention.clock_destroy, name="clock_destroy"),
    path("privacy/acts/<int:pk>/", retention.destruction_act, name="destruction_act"),
]
