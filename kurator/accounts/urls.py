from django.urls import path

from kurator.accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("confirm/", views.identity_confirm, name="identity_confirm"),
    path("intake-scripts/", views.intake_script_list, name="intake_scripts"),
    path("intake-scripts/<slug:channel>/", views.intake_script_edit, name="intake_script_edit"),
    path("role-requests/", views.role_request_list, name="role_requests"),
    path(
        "role-requests/<int:pk>/approve/", views.role_request_approve, name="role_request_approve"
    ),
    path("role-requests/<int:pk>/reject/", views.role_request_reject, name="role_request_reject"),
]
