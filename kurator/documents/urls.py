from django.urls import URLPattern, URLResolver, path

from kurator.documents import views

app_name = "documents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:case_pk>/", views.folder, name="folder"),
    path("cases/<int:case_pk>/upload/", views.document_upload, name="upload"),
    path("<int:pk>/download/", views.document_download, name="download"),
    path("<int:pk>/cancel/", views.document_cancel, name="cancel"),
]
