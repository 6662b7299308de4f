from django.urls import URLPattern, URLResolver, path

from kurator.network import aid_views, entitlement_views, referral_views, views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agent_list, name="agent_list"),
    path("new/", views.agent_create, name="agent_create"),
    path("export/", views.agent_export, name="agent_export"),
    path("import/", views.agent_import, name="agent_import"),
    path("<int:pk>/", views.agent_detail, name="agent_detail"),
    path("<int:pk>/edit/", views.agent_edit, name="agent_edit"),
    path("<int:pk>/vetting/", views.agent_vetting, name="agent_vetting"),
    path("<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/file/", views.agreement_file, name="agreement_file"),
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("cases/<int:pk>/", referral_views.case_network, name="case_network"),
    path("cases/<int:pk>/referrals/new/", referral_views.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", referral_views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/history/", referral_views.referral_history, name="referral_history"),
    path("cases/<int:pk>/deliveries/new/", aid_views.delivery_create, name="delivery_create"),
    path("deliveries/<int:pk>/decide/", aid_views.delivery_decide, name="delivery_decide"),
    path("cases/<int:pk>/acts/new/", aid_views.act_create, name="act_create"),
    path("acts/<int:pk>/", aid_views.act_download, name="act_download"),
    path(
        "cases/<int:pk>/entitlements/new/",
        entitlement_views.entitlement_create,
        name="entitlement_create",
    ),
    path(
        "entitlements/<int:pk>/check/",
        entitlement_views.entitlement_check,
        name="entitlement_check",
    ),
    path("checks/<int:pk>/complaint/", entitlement_views.complaint_letter, name="complaint_letter"),
    path("my/", referral_views.my_referrals, name="my_referrals"),
    path("my/<int:pk>/", referral_views.my_referral, name="my_referral"),
]
