from django.urls import URLPattern, URLResolver, path

from kurator.plans import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/plan/", api.CasePlanView.as_view(), name="api-case-plan"),
    path("cases/<int:pk>/plan/versions/", api.PlanVersionsView.as_view(), name="api-plan-versions"),
    path("cases/<int:pk>/plan/goals/", api.PlanGoalsView.as_view(), name="api-plan-goals"),
    path("cases/<int:pk>/plan/actions/", api.PlanActionsView.as_view(), name="api-plan-actions"),
    path("cases/<int:pk>/plan/agree/", api.PlanAgreeView.as_view(), name="api-plan-agree"),
    path("cases/<int:pk>/plan/revise/", api.PlanReviseView.as_view(), name="api-plan-revise"),
    path(
        "plan-actions/<int:pk>/status/",
        api.PlanActionStatusView.as_view(),
        name="api-plan-action-status",
    ),
    path("cases/<int:pk>/contacts/", api.CaseContactsView.as_view(), name="api-case-contacts"),
]
