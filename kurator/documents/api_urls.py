from django.urls import URLPattern, URLResolver, path

from kurator.documents.api import folder, generation, templates

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "cases/<int:pk>/documents/", folder.CaseDocumentsView.as_view(), name="api-case-documents"
    ),
    path("cases/<int:pk>/folder/", folder.CaseFolderView.as_view(), name="api-case-folder"),
    path("documents/<int:pk>/", folder.DocumentDetailView.as_view(), name="api-document-detail"),
    path(
        "documents/<int:pk>/download/",
        folder.DocumentDownloadView.as_view(),
        name="api-document-download",
    ),
    path(
        "documents/<int:pk>/cancel/",
        folder.DocumentCancelView.as_view(),
        name="api-document-cancel",
    ),
    path(
        "document-templates/",
        templates.DocumentTemplateListView.as_view(),
        name="api-document-templates",
    ),
    path(
        "cases/<int:pk>/documents/generate/",
        generation.CaseGenerateView.as_view(),
        name="api-case-documents-generate",
    ),
    path(
        "signals/<int:pk>/documents/generate/",
        generation.SignalGenerateView.as_view(),
        name="api-signal-documents-generate",
    ),
    path("documents/<int:pk>/pdf/", generation.DocumentPdfView.as_view(), name="api-document-pdf"),
    path(
        "documents/<int:pk>/sign/", generation.DocumentSignView.as_view(), name="api-document-sign"
    ),
    path(
        "signal-documents/<int:pk>/download/",
        generation.SignalDocumentDownloadView.as_view(),
        name="api-signal-document-download",
    ),
    path(
        "signal-documents/<int:pk>/pdf/",
        generation.SignalDocumentPdfView.as_view(),
        name="api-signal-document-pdf",
    ),
]
