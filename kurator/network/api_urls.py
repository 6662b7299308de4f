from django.urls import URLPattern, URLResolver, path

from kurator.network.api import agents, aid, referrals

urlpatterns: list[URLPattern | URLResolver] = [
    path("network/agents/", agents.AgentListView.as_view(), name="api-network-agent-list"),
    path(
        "network/agents/<int:pk>/",
        agents.AgentDetailView.as_view(),
        name="api-network-agent-detail",
    ),
    path(
        "cases/<int:pk>/referrals/",
        referrals.CaseReferralsView.as_view(),
        name="api-case-referrals",
    ),
    path(
        "network/referrals/<int:pk>/move/",
        referrals.ReferralMoveView.as_view(),
        name="api-referral-move",
    ),
    path(
        "network/my-referrals/",
        referrals.AgentReferralListView.as_view(),
        name="api-agent-referral-list",
    ),
    path(
        "network/my-referrals/<int:pk>/respond/",
        referrals.AgentReferralRespondView.as_view(),
        name="api-agent-referral-respond",
    ),
    path(
        "cases/<int:pk>/deliveries/",
        aid.CaseDeliveriesView.as_view(),
        name="api-case-deliveries",
    ),
    path("cases/<int:pk>/acts/", aid.CaseActsView.as_view(), name="api-case-acts"),
]
