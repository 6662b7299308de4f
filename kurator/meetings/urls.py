from django.urls import URLPattern, URLResolver, path

from kurator.meetings.views import commission_docs, meetings, register

app_name = "meetings"

urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:case_pk>/", meetings.case_meetings, name="case_meetings"),
    path("case/<int:case_pk>/new/", meetings.meeting_schedule, name="schedule"),
    path("case/<int:case_pk>/resolution/", register.resolution_add, name="resolution_add"),
    path("case/<int:case_pk>/working-group/", register.group_member_add, name="group_member_add"),
    path("case/<int:case_pk>/register/remove/", register.register_remove, name="register_remove"),
    path(
        "case/<int:case_pk>/commission/",
        commission_docs.commission_documents,
        name="commission_documents",
    ),
    path(
        "case/<int:case_pk>/commission/quarterly/",
        commission_docs.commission_quarterly,
        name="commission_quarterly",
    ),
    path(
        "case/<int:case_pk>/commission/final/",
        commission_docs.commission_final,
        name="commission_final",
    ),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/minutes/", meetings.minutes_edit, name="minutes"),
    path("<int:pk>/finalize/", meetings.minutes_finalize, name="finalize"),
    path("<int:pk>/amend/", meetings.minutes_amend, name="amend"),
    path("<int:pk>/print/", meetings.minutes_print, name="minutes_print"),
    path(
        "<int:pk>/guardianship-position/",
        meetings.guardianship_position,
        name="guardianship_position",
    ),
]
