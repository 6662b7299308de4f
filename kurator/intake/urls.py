from django.urls import URLPattern, URLResolver, path

from kurator.intake import views
from kurator.intake.hotline import views as hotline

app_name = "intake"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.signal_list, name="signal_list"),
    path("new/", views.signal_create, name="signal_create"),
    path("duplicates/", views.signal_duplicates, name="duplicates"),
    path("<int:pk>/", views.signal_detail, name="signal_detail"),
    path("<int:pk>/family/", views.signal_link_family, name="link_family"),
    path("<int:pk>/team/", views.visit_assign, name="assign_team"),
    path("<int:pk>/visit/", views.visit_record, name="record_visit"),
    path("<int:pk>/report/", views.visit_report, name="submit_report"),
    path("<int:pk>/accept/", views.signal_decide, {"decision": "accept"}, name="accept"),
    path("<int:pk>/refuse/", views.signal_decide, {"decision": "refuse"}, name="refuse"),
    path("<int:pk>/redirect/", views.signal_decide, {"decision": "redirect"}, name="redirect"),
    path("<int:pk>/escalate/", views.signal_escalate, name="escalate"),
    path("<int:pk>/refusal/", views.refusal_letter, name="refusal_letter"),
    # the hotline journal
    path("hotline/", hotline.journal, name="hotline"),
    path("hotline/shift/", hotline.shift, name="hotline_shift"),
    path("hotline/new/", hotline.call_create, name="hotline_call_create"),
    path("hotline/<int:pk>/", hotline.call_detail, name="hotline_call"),
    path("hotline/<int:pk>/edit/", hotline.call_edit, name="hotline_call_edit"),
    path("hotline/<int:pk>/signal/", hotline.call_signal, name="hotline_call_signal"),
    path("hotline/<int:pk>/complaint/", hotline.call_complaint, name="hotline_call_complaint"),
]
