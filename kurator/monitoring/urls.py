from django.urls import URLPattern, URLResolver, path

from kurator.monitoring import views, views_monthly

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:pk>/", views.case_monitoring, name="case"),
    path("case/<int:pk>/quarterly/", views.quarterly_create, name="quarterly_create"),
    path("case/<int:pk>/annual/", views.annual_create, name="annual_create"),
    path("case/<int:pk>/monthly/", views.monthly_start, name="monthly_start"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/print/", views.review_print, name="review_print"),
    path("reviews/<int:pk>/apply/", views.review_apply, name="review_apply"),
    path("monthly/<int:pk>/", views.monthly_detail, name="monthly"),
    path("monthly-summary/", views_monthly.monthly_summary_page, name="monthly_summary"),
    path("monthly-summary/xlsx/", views_monthly.monthly_summary_xlsx, name="monthly_summary_xlsx"),
    path("monthly/<int:pk>/submit/", views.monthly_submit, name="monthly_submit"),
]
