"""Supervision shares and co-workers of a case (``kurator.cases.supervision_views``)."""

from django.urls import URLPattern, URLResolver, path

from kurator.cases import supervision_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("<int:pk>/supervision/", views.case_supervision, name="supervision"),
    path(
        "<int:pk>/supervision/<int:share_pk>/revoke/",
        views.case_supervision_revoke,
        name="supervision_revoke",
    ),
    path("<int:pk>/members/", views.case_members, name="members"),
    path(
        "<int:pk>/members/<int:member_pk>/remove/",
        views.case_member_remove,
        name="member_remove",
    ),
]
