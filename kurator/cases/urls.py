"""The cases pages (``/cases/…``, namespace ``cases``): the list and the case page, opening,
complexity, handing over and linking; the lifecycle (closure, post-support, reopening,
emergency steps, one-off help); supervision shares and co-workers."""

from django.urls import URLPattern, URLResolver, path

from kurator.cases.views import lifecycle, opening, supervision

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", opening.case_list, name="case_list"),
    path("open/<int:signal_id>/", opening.case_open, name="open"),
    path("<int:pk>/", opening.case_detail, name="case_detail"),
    path("<int:pk>/complexity/", opening.case_complexity, name="complexity"),
    path("<int:pk>/transfer/", opening.case_transfer, name="transfer"),
    path("<int:pk>/transfer/confirm/", opening.case_transfer_confirm, name="transfer_confirm"),
    path("<int:pk>/link/", opening.case_link, name="link"),
    # Closure, post-support, reopening, one-off help and emergency approvals.
    path("<int:pk>/close/", lifecycle.case_close, name="close"),
    path(
        "<int:pk>/post-support/contact/",
        lifecycle.post_support_contact,
        name="post_support_contact",
    ),
    path("<int:pk>/post-support/end/", lifecycle.post_support_end, name="post_support_end"),
    path("<int:pk>/reopen/", lifecycle.case_reopen, name="reopen"),
    path("<int:pk>/emergency/new/", lifecycle.emergency_step_create, name="emergency_step_create"),
    path(
        "<int:pk>/emergency/<int:step_pk>/approve/",
        lifecycle.emergency_step_approve,
        name="emergency_step_approve",
    ),
    path(
        "families/<int:family_id>/one-off/",
        lifecycle.one_off_help_list,
        name="one_off_help_list",
    ),
    path(
        "families/<int:family_id>/one-off/new/",
        lifecycle.one_off_help_create,
        name="one_off_help_create",
    ),
    path(
        "families/<int:family_id>/one-off/<int:pk>/convert/",
        lifecycle.one_off_help_convert,
        name="one_off_help_convert",
    ),
    # Supervision shares and co-workers.
    path("supervision/", supervision.supervision_list, name="supervision_list"),
    path("<int:pk>/supervision/", supervision.case_supervision, name="supervision"),
    path(
        "<int:pk>/supervision/<int:share_pk>/revoke/",
        supervision.case_supervision_revoke,
        name="supervision_revoke",
    ),
    path("<int:pk>/members/", supervision.case_members, name="members"),
    path(
        "<int:pk>/members/<int:member_pk>/remove/",
        supervision.case_member_remove,
        name="member_remove",
    ),
]
