"""URLs of consents, subject requests, destruction deadlines and the data export; included
into the ``people`` namespace by ``kurator/people/urls.py``."""

from django.urls import URLPattern, URLResolver, path

from kurator.people import privacy_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("persons/<int:pk>/privacy/", views.person_privacy, name="person_privacy"),
    path("persons/<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("persons/<int:pk>/requests/new/", views.subject_request_add, name="subject_request_add"),
    path("persons/<int:pk>/export/", views.person_export, name="person_export"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path(
        "consents/<int:pk>/withdraw/confirm/",
        views.consent_withdraw_confirm,
        name="consent_withdraw_confirm",
    ),
    path("privacy/requests/", views.subject_request_list, name="subject_request_list"),
    path(
        "privacy/requests/<int:pk>/answer/",
        views.subject_request_answer,
        name="subject_request_answer",
    ),
    path("privacy/destruction/", views.destruction_list, name="destruction_list"),
    path("privacy/destruction/<int:pk>/destroy/", views.clock_destroy, name="clock_destroy"),
    path("privacy/acts/<int:pk>/", views.destruction_act, name="destruction_act"),
]
