from django.urls import URLPattern, URLResolver, path

from kurator.meetings import api, api_commission

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/meetings/", api.CaseMeetingsView.as_view(), name="api-case-meetings"),
    path("meetings/<int:pk>/", api.MeetingDetailView.as_view(), name="api-meeting-detail"),
    path(
        "meetings/<int:pk>/minutes/", api.MeetingMinutesView.as_view(), name="api-meeting-minutes"
    ),
    path(
        "meetings/<int:pk>/finalize/",
        api.MeetingFinalizeView.as_view(),
        name="api-meeting-finalize",
    ),
    path("meetings/<int:pk>/amend/", api.MeetingAmendView.as_view(), name="api-meeting-amend"),
    path(
        "meetings/<int:pk>/guardianship-position/",
        api.MeetingGuardianshipPositionView.as_view(),
        name="api-meeting-guardianship-position",
    ),
    path("cases/<int:pk>/register/", api.CaseRegisterView.as_view(), name="api-case-register"),
    path(
        "cases/<int:pk>/register/remove/",
        api.CaseRegisterRemoveView.as_view(),
        name="api-case-register-remove",
    ),
    path(
        "cases/<int:pk>/resolutions/",
        api.CaseResolutionsView.as_view(),
        name="api-case-resolutions",
    ),
    path(
        "cases/<int:pk>/working-group/",
        api.CaseWorkingGroupView.as_view(),
        name="api-case-working-group",
    ),
    path(
        "cases/<int:pk>/commission-documents/",
        api_commission.CaseCommissionDocumentsView.as_view(),
        name="api-case-commission-documents",
    ),
    path(
        "cases/<int:pk>/commission-documents/quarterly-note/",
        api_commission.CaseQuarterlyNoteView.as_view(),
        name="api-case-commission-quarterly-note",
    ),
    path(
        "cases/<int:pk>/commission-documents/final-report/",
        api_commission.CaseFinalReportView.as_view(),
        name="api-case-commission-final-report",
    ),
    path("register-entries/", api.RegisterEntryListView.as_view(), name="api-register-entries"),
]
