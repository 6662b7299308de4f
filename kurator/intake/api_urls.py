from django.urls import URLPattern, URLResolver, path

from kurator.intake import api
from kurator.intake.hotline import api as hotline_api
from kurator.intake.public import api as public_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("hotline-calls/", hotline_api.CallListCreateView.as_view(), name="api-hotline-calls"),
    path("hotline-calls/<int:pk>/", hotline_api.CallDetailView.as_view(), name="api-hotline-call"),
    path(
        "hotline-calls/<int:pk>/signal/",
        hotline_api.CallSignalView.as_view(),
        name="api-hotline-call-signal",
    ),
    path(
        "hotline-calls/<int:pk>/complaint/",
        hotline_api.CallComplaintView.as_view(),
        name="api-hotline-call-complaint",
    ),
    path(
        "public-signals/",
        public_api.PublicSignalCreateView.as_view(),
        name="api-public-signal-create",
    ),
    path(
        "public-signals/settlements/",
        public_api.PublicSettlementsView.as_view(),
        name="api-public-signal-settlements",
    ),
    path(
        "public-signals/status/",
        public_api.PublicSignalStatusView.as_view(),
        name="api-public-signal-status",
    ),
    path("signals/", api.SignalListCreateView.as_view(), name="api-signal-list"),
    path(
        "signals/selection_criteria/",
        api.SelectionCriteriaView.as_view(),
        name="api-signal-criteria",
    ),
    path("signals/<int:pk>/", api.SignalDetailView.as_view(), name="api-signal-detail"),
    path(
        "signals/<int:pk>/assign_team/",
        api.SignalAssignTeamView.as_view(),
        name="api-signal-assign-team",
    ),
    path(
        "signals/<int:pk>/record_visit/",
        api.SignalRecordVisitView.as_view(),
        name="api-signal-record-visit",
    ),
    path(
        "signals/<int:pk>/submit_report/",
        api.SignalSubmitReportView.as_view(),
        name="api-signal-submit-report",
    ),
    path("signals/<int:pk>/decide/", api.SignalDecideView.as_view(), name="api-signal-decide"),
    path(
        "signals/<int:pk>/escalate/", api.SignalEscalateView.as_view(), name="api-signal-escalate"
    ),
    path(
        "signals/<int:pk>/link_family/",
        api.SignalLinkFamilyView.as_view(),
        name="api-signal-link-family",
    ),
]
