from django.urls import URLPattern, URLResolver, path

from kurator.monitoring import api, api_monthly

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/reviews/", api.CaseReviewsView.as_view(), name="api-case-reviews"),
    path("reviews/<int:pk>/", api.ReviewDetailView.as_view(), name="api-review-detail"),
    path("reviews/<int:pk>/apply/", api.ReviewApplyView.as_view(), name="api-review-apply"),
    path(
        "cases/<int:pk>/monthly-forms/",
        api.CaseMonthlyFormsView.as_view(),
        name="api-case-monthly-forms",
    ),
    path(
        "monthly-forms/<int:pk>/",
        api.MonthlyFormDetailView.as_view(),
        name="api-monthly-form-detail",
    ),
    path(
        "monthly-forms/<int:pk>/submit/",
        api.MonthlyFormSubmitView.as_view(),
        name="api-monthly-form-submit",
    ),
    path(
        "monitoring/monthly-summary/",
        api_monthly.MonthlySummaryView.as_view(),
        name="api-monthly-summary",
    ),
]
