from django.urls import URLPattern, URLResolver, path

from kurator.documents import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:pk>/documents/", api.CaseDocumentsView.as_view(), name="api-case-documents"),
    path("cases/<int:pk>/folder/", api.CaseFolderView.as_view(), name="api-case-folder"),
    path("documents/<int:pk>/", api.DocumentDetailView.as_view(), name="api-document-detail"),
    path(
        "documents/<int:pk>/download/",
        api.DocumentDownloadView.as_view(),
        name="api-document-download",
    ),
    path(
        "documents/<int:pk>/cancel/", api.DocumentCancelView.as_view(), name="api-document-cancel"
    ),
]
