from django.urls import URLPattern, URLResolver, path

from kurator.network.views import agents, aid, case_network, entitlements, referrals, spreadsheet

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", agents.agent_list, name="agent_list"),
    path("new/", agents.agent_create, name="agent_create"),
    path("export/", spreadsheet.agent_export, name="agent_export"),
    path("import/", spreadsheet.agent_import, name="agent_import"),
    path("<int:pk>/", agents.agent_detail, name="agent_detail"),
    path("<int:pk>/edit/", agents.agent_edit, name="agent_edit"),
    path("<int:pk>/vetting/", agents.agent_vetting, name="agent_vetting"),
    path("<int:pk>/agreements/new/", agents.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/file/", agents.agreement_file, name="agreement_file"),
    path("services/", agents.service_list, name="service_list"),
    path("services/new/", agents.service_create, name="service_create"),
    path("services/<int:pk>/edit/", agents.service_edit, name="service_edit"),
    path("cases/<int:pk>/", case_network.case_network, name="case_network"),
    path("cases/<int:pk>/referrals/new/", referrals.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/history/", referrals.referral_history, name="referral_history"),
    path("cases/<int:pk>/deliveries/new/", aid.delivery_create, name="delivery_create"),
    path("deliveries/<int:pk>/decide/", aid.delivery_decide, name="delivery_decide"),
    path("cases/<int:pk>/acts/new/", aid.act_create, name="act_create"),
    path("acts/<int:pk>/", aid.act_download, name="act_download"),
    path("acts/<int:pk>/file/", aid.act_file, name="act_file"),
    path(
        "cases/<int:pk>/entitlements/new/",
        entitlements.entitlement_create,
        name="entitlement_create",
    ),
    path(
        "entitlements/<int:pk>/check/",
        entitlements.entitlement_check,
        name="entitlement_check",
    ),
    path("checks/<int:pk>/complaint/", entitlements.complaint_letter, name="complaint_letter"),
    path("checks/<int:pk>/complaint/file/", entitlements.complaint_file, name="complaint_file"),
    path("my/", referrals.my_referrals, name="my_referrals"),
    path("my/<int:pk>/", referrals.my_referral, name="my_referral"),
]
