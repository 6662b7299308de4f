from django.urls import URLPattern, URLResolver, path

from kurator.monitoring.views import monthly, reviews

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:pk>/", reviews.case_monitoring, name="case"),
    path("case/<int:pk>/quarterly/", reviews.quarterly_create, name="quarterly_create"),
    path("case/<int:pk>/annual/", reviews.annual_create, name="annual_create"),
    path("case/<int:pk>/monthly/", monthly.monthly_start, name="monthly_start"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/print/", reviews.review_print, name="review_print"),
    path("reviews/<int:pk>/apply/", reviews.review_apply, name="review_apply"),
    path("monthly/<int:pk>/", monthly.monthly_detail, name="monthly"),
    path("monthly-summary/", monthly.monthly_summary_page, name="monthly_summary"),
    path("monthly-summary/xlsx/", monthly.monthly_summary_xlsx, name="monthly_summary_xlsx"),
    path("monthly/<int:pk>/submit/", monthly.monthly_submit, name="monthly_submit"),
]
