from django.urls import URLPattern, URLResolver, path

from kurator.meetings import views, views_commission

app_name = "meetings"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:case_pk>/", views.case_meetings, name="case_meetings"),
    path("case/<int:case_pk>/new/", views.meeting_schedule, name="schedule"),
    path("case/<int:case_pk>/resolution/", views.resolution_add, name="resolution_add"),
    path("case/<int:case_pk>/working-group/", views.group_member_add, name="group_member_add"),
    path("case/<int:case_pk>/register/remove/", views.register_remove, name="register_remove"),
    path(
        "case/<int:case_pk>/commission/",
        views_commission.commission_documents,
        name="commission_documents",
    ),
    path(
        "case/<int:case_pk>/commission/quarterly/",
        views_commission.commission_quarterly,
        name="commission_quarterly",
    ),
    path(
        "case/<int:case_pk>/commission/final/",
        views_commission.commission_final,
        name="commission_final",
    ),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/finalize/", views.minutes_finalize, name="finalize"),
    path("<int:pk>/amend/", views.minutes_amend, name="amend"),
    path("<int:pk>/print/", views.minutes_print, name="minutes_print"),
    path(
        "<int:pk>/guardianship-position/",
        views.guardianship_position,
        name="guardianship_position",
    ),
]
