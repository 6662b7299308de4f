from django.urls import include, path

from kurator.people import views

app_name = "people"

urlpatterns = [
    path("", views.family_list, name="family_list"),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<int:pk>/", views.family_detail, name="family_detail"),
    path("families/<int:pk>/edit/", views.family_edit, name="family_edit"),
    path("families/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("families/<int:pk>/relations/new/", views.relation_add, name="relation_add"),
    path("families/<int:pk>/links/new/", views.family_link, name="family_link"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("", include("kurator.privacy.urls")),
]
