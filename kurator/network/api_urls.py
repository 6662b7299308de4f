from django.urls import URLPattern, URLResolver, path

from kurator.network import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("network/agents/", api.AgentListView.as_view(), name="api-network-agent-list"),
    path(
        "network/agents/<int:pk>/", api.AgentDetailView.as_view(), name="api-network-agent-detail"
    ),
    path(
        "cases/<int:pk>/referrals/",
        api.CaseReferralsView.as_view(),
        name="api-case-referrals",
    ),
    path(
        "network/referrals/<int:pk>/move/",
        api.ReferralMoveView.as_view(),
        name="api-referral-move",
    ),
    path(
        "network/my-referrals/",
        api.AgentReferralListView.as_view(),
        name="api-agent-referral-list",
    ),
    path(
        "network/my-referrals/<int:pk>/respond/",
        api.AgentReferralRespondView.as_view(),
        name="api-agent-referral-respond",
    ),
    path(
        "cases/<int:pk>/deliveries/",
        api.CaseDeliveriesView.as_view(),
        name="api-case-deliveries",
    ),
    path("cases/<int:pk>/acts/", api.CaseActsView.as_view(), name="api-case-acts"),
]
