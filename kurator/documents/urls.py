from django.urls import URLPattern, URLResolver, path

from kurator.documents.views import folder, generation, templates

app_name = "documents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<int:case_pk>/", folder.folder, name="folder"),
    path("cases/<int:case_pk>/upload/", folder.document_upload, name="upload"),
    path("<int:pk>/download/", folder.document_download, name="download"),
    path("<int:pk>/cancel/", folder.document_cancel, name="cancel"),
    path("cases/<int:case_pk>/generate/", generation.generate, name="generate"),
    path("<int:pk>/pdf/", generation.document_pdf, name="pdf"),
    path("<int:pk>/sign/", generation.document_sign, name="sign"),
    path("<int:pk>/signed/", generation.signed_download, name="signed_download"),
    path("signals/<int:pk>/", generation.signal_papers_page, name="signal_papers"),
    path(
        "signal-papers/<int:pk>/download/",
        generation.signal_paper_download,
        name="signal_paper_download",
    ),
    path("signal-papers/<int:pk>/pdf/", generation.signal_paper_pdf, name="signal_paper_pdf"),
    path("templates/", templates.template_list, name="templates"),
    path("templates/<slug:code>/default/", templates.template_default, name="template_default"),
    path("templates/<slug:code>/upload/", templates.template_upload, name="template_upload"),
    path(
        "templates/<slug:code>/organisation/",
        templates.organisation_document,
        name="organisation_document",
    ),
]
