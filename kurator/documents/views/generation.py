"""HTML views of generated papers: generate into the folder, the PDF, the signed scan, and the
signal's first-visit instruction. Every file is served after an access check (read-logged)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kurator import access
from kurator.accounts.stepup import require_recent_second_factor
from kurator.core.http import form_error, request_user
from kurator.documents.errors import DocumentError
from kurator.documents.forms.generation import GenerateForm, SignForm
from kurator.documents.queries.generation import family_members, signal_papers
from kurator.documents.responses import paper_pdf_response, signed_response, stored_response
from kurator.documents.services import generation
from kurator.documents.services.folder import check_accepts_documents


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request_user(request)
    case = access.get_case(user, case_pk, action="cases.case:write")
    try:
        check_accepts_documents(case)
    except DocumentError as error:
        messages.info(request, error.message)
        return redirect("documents:folder", case_pk=case.pk)
    form = GenerateForm(
        data=request.POST or None,
        initial={"template": request.GET.get("template", "")},
        members=family_members(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = generation.generate_document(
                case=case,
                template=form.cleaned_data["template"],
                person=form.cleaned_data["person"],
                by=user,
            )
        except DocumentError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Документ «%(title)s» сформирован и лежит в папке: скачайте, распечатайте и "
                    "дайте подписать."
                )
                % {"title": document.title},
            )
            return redirect("documents:folder", case_pk=case.pk)
    return render(request, "documents/generate.html", {"case": case, "form": form})


@never_cache
@login_required
@require_recent_second_factor
@require_GET
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The generated paper as PDF for printing."""
    document = access.get_document(request_user(request), pk)
    if not document.is_generated:
        raise Http404("not generated")
    try:
        return paper_pdf_response(document.title, generation.pdf_for(document))
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect("documents:folder", case_pk=document.case_id)


@never_cache
@login_required
@require_recent_second_factor
@require_GET
def signed_download(request: HttpRequest, pk: int) -> FileResponse:
    document = access.get_document(request_user(request), pk)
    if not document.signed_file:
        raise Http404("not signed")
    return signed_response(document)


@login_required
@require_http_methods(["GET", "POST"])
def document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the signed scan to a generated paper."""
    user = request_user(request)
    document = access.get_document(user, pk, action="cases.case:write")
    if not document.is_generated:
        raise Http404("not generated")
    form = SignForm(data=request.POST or None, files=request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            generation.sign_document(
                document=document,
                by=user,
                file=form.cleaned_data["file"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except DocumentError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Подписанный скан приложен: «%(title)s».") % {"title": document.title}
            )
            return redirect("documents:folder", case_pk=document.case_id)
    return render(request, "documents/sign.html", {"document": document, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def signal_papers_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The signal's first-visit instruction: generate it, download DOCX and PDF."""
    user = request_user(request)
    signal = access.get_signal(user, pk)
    can_generate = user.has_perm("intake.visit:assign")
    error = None
    if request.method == "POST":
        access.require(user, "intake.visit:assign")
        try:
            generation.generate_signal_document(
                signal=signal, template="visit_instruction", by=user
            )
        except DocumentError as exc:
            error = exc.message
        else:
            messages.success(request, _("Поручение команде первичного выезда сформировано."))
            return redirect("documents:signal_papers", pk=signal.pk)
    return render(
        request,
        "documents/signal_papers.html",
        {
            "signal": signal,
            "papers": signal_papers(signal),
            "can_generate": can_generate,
            "error": error,
        },
    )


@never_cache
@login_required
@require_recent_second_factor
@require_GET
def signal_paper_download(request: HttpRequest, pk: int) -> FileResponse:
    paper = access.get_signal_document(request_user(request), pk)
    return stored_response(paper.file, f"{paper.title}.docx", generation.DOCX_TYPE)


@never_cache
@login_required
@require_recent_second_factor
@require_GET
def signal_paper_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    paper = access.get_signal_document(request_user(request), pk)
    try:
        return paper_pdf_response(paper.title, generation.pdf_for(paper))
    except DocumentError as error:
        messages.error(request, error.message)
        return redirect("documents:signal_papers", pk=paper.signal_id)
