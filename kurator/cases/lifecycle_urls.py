from django.urls import URLPattern, URLResolver, path

from kurator.cases import lifecycle_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/close/", views.case_close, name="close"),
    path("<int:pk>/post-support/contact/", views.post_support_contact, name="post_support_contact"),
    path("<int:pk>/post-support/end/", views.post_support_end, name="post_support_end"),
    path("<int:pk>/reopen/", views.case_reopen, name="reopen"),
    path("<int:pk>/emergency/new/", views.emergency_step_create, name="emergency_step_create"),
    path(
        "<int:pk>/emergency/<int:step_pk>/approve/",
        views.emergency_step_approve,
        name="emergency_step_approve",
    ),
    path("families/<int:family_id>/one-off/", views.one_off_help_list, name="one_off_help_list"),
    path(
        "families/<int:family_id>/one-off/new/",
        views.one_off_help_create,
        name="one_off_help_create",
    ),
    path(
        "families/<int:family_id>/one-off/<int:pk>/convert/",
        views.one_off_help_convert,
        name="one_off_help_convert",
    ),
]
