from django.urls import URLPattern, URLResolver, path

from kurator.meetings.api import commission_docs, meetings, register

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/meetings/", meetings.CaseMeetingsView.as_view(), name="api-case-meetings"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="api-meeting-detail"),
    path(
        "meetings/<int:pk>/minutes/",
        meetings.MeetingMinutesView.as_view(),
        name="api-meeting-minutes",
    ),
    path(
        "meetings/<int:pk>/finalize/",
        meetings.MeetingFinalizeView.as_view(),
        name="api-meeting-finalize",
    ),
    path("meetings/<int:pk>/amend/", meetings.MeetingAmendView.as_view(), name="api-meeting-amend"),
    path(
        "meetings/<int:pk>/guardianship-position/",
        meetings.MeetingGuardianshipPositionView.as_view(),
        name="api-meeting-guardianship-position",
    ),
    path("cases/<int:pk>/register/", register.CaseRegisterView.as_view(), name="api-case-register"),
    path(
        "cases/<int:pk>/register/remove/",
        register.CaseRegisterRemoveView.as_view(),
        name="api-case-register-remove",
    ),
    path(
        "cases/<int:pk>/resolutions/",
        register.CaseResolutionsView.as_view(),
        name="api-case-resolutions",
    ),
    path(
        "cases/<int:pk>/working-group/",
        register.CaseWorkingGroupView.as_view(),
        name="api-case-working-group",
    ),
    path(
        "cases/<int:pk>/commission-documents/",
        commission_docs.CaseCommissionDocumentsView.as_view(),
        name="api-case-commission-documents",
    ),
    path(
        "cases/<int:pk>/commission-documents/quarterly-note/",
        commission_docs.CaseQuarterlyNoteView.as_view(),
        name="api-case-commission-quarterly-note",
    ),
    path(
        "cases/<int:pk>/commission-documents/final-report/",
        commission_docs.CaseFinalReportView.as_view(),
        name="api-case-commission-final-report",
    ),
    path(
        "register-entries/", register.RegisterEntryListView.as_view(), name="api-register-entries"
    ),
]
