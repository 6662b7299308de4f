from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kurator.core import views as core_views

admin.site.site_header = _("Kurator — администрирование")
admin.site.site_title = _("Kurator")
admin.site.index_title = _("Администрирование")

api_v1 = [
    path("", include("kurator.accounts.api_urls")),
    path("", include("kurator.people.api_urls")),
    path("", include("kurator.privacy.api_urls")),
    path("", include("kurator.network.api_urls")),
    path("", include("kurator.intake.api_urls")),
    path("", include("kurator.cases.api_urls")),
    path("", include("kurator.plans.api_urls")),
    path("", include("kurator.assessments.api_urls")),
    path("", include("kurator.meetings.api_urls")),
    path("", include("kurator.tasks.api_urls")),
    path("", include("kurator.monitoring.api_urls")),
    path("", include("kurator.documents.api_urls")),
    path("", include("kurator.reports.api_urls")),
    path("", include("kurator.audit.api_urls")),
]

urlpatterns = [
    path("", include("kurator.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", core_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("kurator.accounts.urls")),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("people/", include("kurator.people.urls")),
    path("network/", include("kurator.network.urls")),
    path("signals/", include("kurator.intake.urls")),
    path("signal/", include("kurator.intake.public.urls")),
    path("cases/", include("kurator.cases.urls")),
    path("plans/", include("kurator.plans.urls")),
    path("assessments/", include("kurator.assessments.urls")),
    path("meetings/", include("kurator.meetings.urls")),
    path("tasks/", include("kurator.tasks.urls")),
    path("monitoring/", include("kurator.monitoring.urls")),
    path("documents/", include("kurator.documents.urls")),
    path("reports/", include("kurator.reports.urls")),
    path("audit/", include("kurator.audit.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's init script as a file: no inline script for the CSP.
    # The schema answers 401 to whoever holds neither a session nor a token (SERVE_PERMISSIONS);
    # its page in the browser sends her to sign in first.
    path(
        "api/docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="api_docs/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
]

handler403 = "kurator.core.views.error_403"
handler404 = "kurator.core.views.error_404"
handler500 = "kurator.core.views.error_500"
