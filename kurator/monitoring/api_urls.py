from django.urls import URLPattern, URLResolver, path

from kurator.monitoring.api import monthly, reviews

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/reviews/", reviews.CaseReviewsView.as_view(), name="api-case-reviews"),
    path("reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="api-review-detail"),
    path("reviews/<int:pk>/apply/", reviews.ReviewApplyView.as_view(), name="api-review-apply"),
    path(
        "cases/<int:pk>/monthly-forms/",
        monthly.CaseMonthlyFormsView.as_view(),
        name="api-case-monthly-forms",
    ),
    path(
        "monthly-forms/<int:pk>/",
        monthly.MonthlyFormDetailView.as_view(),
        name="api-monthly-form-detail",
    ),
    path(
        "monthly-forms/<int:pk>/submit/",
        monthly.MonthlyFormSubmitView.as_view(),
        name="api-monthly-form-submit",
    ),
    path(
        "monitoring/monthly-summary/",
        monthly.MonthlySummaryView.as_view(),
        name="api-monthly-summary",
    ),
]
