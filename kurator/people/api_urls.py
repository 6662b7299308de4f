from django.urls import path

from kurator.people import api

urlpatterns = [
    path("families/", api.FamilyListView.as_view(), name="api-families"),
    path("families/<int:pk>/", api.FamilyDetailView.as_view(), name="api-family"),
    path("persons/", api.PersonListView.as_view(), name="api-persons"),
    path("persons/duplicates/", api.PersonDuplicatesView.as_view(), name="api-person-duplicates"),
    path("persons/<int:pk>/", api.PersonDetailView.as_view(), name="api-person"),
]
