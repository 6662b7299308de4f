from django.urls import URLPattern, URLResolver, path

from kurator.plans import views

app_name = "plans"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:pk>/", views.plan_detail, name="plan"),
    path("case/<int:pk>/create/", views.plan_create, name="create"),
    path("case/<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("case/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("case/<int:pk>/agree/", views.plan_agree, name="agree"),
    path("case/<int:pk>/approve/", views.plan_approve, name="approve"),
    path("case/<int:pk>/revise/", views.plan_revise, name="revise"),
    path("case/<int:pk>/diff/", views.plan_diff, name="diff"),
    path("case/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("case/<int:pk>/plan.xlsx", views.plan_export, name="export"),
    path("case/<int:pk>/print/", views.plan_print, name="print"),
    path("case/<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
]
