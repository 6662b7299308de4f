"""DOCX templates rendered with docxtpl in a sandboxed Jinja environment, and their PDF.

- **Sandboxed and autoescaped.** Templates run in ``jinja2.sandbox.SandboxedEnvironment`` with
  autoescape on and no loader: no ``{% import %}``/``{% include %}``, no attribute whose name
  starts with «_», and every value from the records is escaped as XML text — a name typed as
  ``{{7*7}}`` or ``<w:p>`` stays those characters in the DOCX and the PDF. The context holds
  plain values (``NameParts``, strings, lists, dicts), never model instances.
- **Checked before use.** ``check_template`` reads an uploaded template the way docxtpl will
  and refuses it, naming the line (one line per paragraph of the document, as Word shows them
  top to bottom) and the placeholder, when it has broken syntax, an unknown placeholder or
  filter, or a forbidden construct; then it renders it against the demo context.
- **PDF** by LibreOffice headless converting the rendered DOCX (``soffice --headless
  --convert-to pdf``; installed by ``scripts/install_test_deps.sh docs``), so the PDF has the
  same content as the DOCX.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from kurator.documents.errors import DocumentError
from kurator.people import declension
from kurator.people.errors import PeopleError

__all__ = [
    "FILTERS",
    "check_template",
    "environment",
    "render_docx",
    "render_expression",
    "to_pdf",
]

PDF_TIMEOUT_SECONDS = 120


def _case_filter(case: str) -> Callable[[Any], str]:
    def apply(person: Any) -> str:
        return declension.decline(person, case)

    apply.__name__ = case
    return apply


def _initials(person: Any, case: str = "nominative") -> str:
    return declension.initials(person, case)


FILTERS: dict[str, Callable[..., str]] = {
    "genitive": _case_filter("genitive"),
    "dative": _case_filter("dative"),
    "accusative": _case_filter("accusative"),
    "instrumental": _case_filter("instrumental"),
    "prepositional": _case_filter("prepositional"),
    "initials": _initials,
}


class _Environment(SandboxedEnvironment):
    """No imports, includes or extends: a template is one document, nothing else is loaded."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not attr.startswith("_") and super().is_safe_attribute(obj, attr, value)


def environment() -> SandboxedEnvironment:
    env = _Environment(autoescape=True, undefined=StrictUndefined, loader=None)
    env.filters.update(FILTERS)
    return env


def render_expression(expression: str, context: Mapping[str, Any]) -> str:
    """One placeholder's value (for the examples on the templates page)."""
    return str(environment().from_string("{{ " + expression + " }}").render(**context))


def render_docx(source: bytes, context: Mapping[str, Any]) -> bytes:
    """The template filled from ``context``, as DOCX bytes. A template or declension error
    becomes a ``DocumentError`` (nothing is filed then)."""
    template = DocxTemplate(io.BytesIO(source))
    try:
        template.render(dict(context), jinja_env=environment(), autoescape=True)
    except PeopleError as error:
        raise DocumentError(error.message, field="person") from error
    except (TemplateError, SecurityError, TypeError, ValueError) as error:
        raise DocumentError(
            _("Документ не получился: шаблон не подходит к данным (%(error)s).") % {"error": error},
            field="template",
        ) from error
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# --- checking an uploaded template -----------------------------------------------------------

_FORBIDDEN = (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)
_TAG = re.compile(r"<[^>]+>")


def _jinja_source(source: bytes) -> str:
    """The body of the document as docxtpl hands it to Jinja, one paragraph per line."""
    template = DocxTemplate(io.BytesIO(source))
    template.render_init()
    xml = template.patch_xml(template.get_xml())
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _line_text(lines: list[str], lineno: int) -> str:
    if 1 <= lineno <= len(lines):
        return _TAG.sub("", lines[lineno - 1]).strip()[:120]
    return ""


def _refuse(lines: list[str], lineno: int, message: str) -> DocumentError:
    paragraph = max(lineno - 1, 1)  # line 1 holds what comes before the first paragraph
    text = _line_text(lines, lineno)
    where = (
        _("Строка %(n)s («%(text)s»)") % {"n": paragraph, "text": text}
        if text
        else _("Строка %(n)s") % {"n": paragraph}
    )
    return DocumentError(f"{where}: {message}", field="file")


def check_template(source: bytes, *, known: Iterable[str], demo_context: Mapping[str, Any]) -> None:
    """Refuse (``DocumentError(field="file")``) a template Kurator cannot fill safely."""
    try:
        jinja_source = _jinja_source(source)
    except Exception as error:
        raise DocumentError(
            _("Файл не читается как документ DOCX: сохраните его в Word как «Документ Word»."),
            field="file",
        ) from error
    lines = jinja_source.splitlines()
    env = environment()
    try:
        tree = env.parse(jinja_source)
    except TemplateSyntaxError as error:
        raise _refuse(
            lines,
            error.lineno or 0,
            _("ошибка в разметке шаблона: %(error)s.") % {"error": error.message},
        ) from error
    for node in tree.find_all(_FORBIDDEN):
        raise _refuse(
            lines,
            node.lineno,
            _("команды import, include и extends в шаблоне не разрешены."),
        )
    for getattr_node in tree.find_all((nodes.Getattr,)):
        if getattr_node.attr.startswith("_"):
            raise _refuse(
                lines,
                getattr_node.lineno,
                _("поле «%(name)s» закрытое, его нельзя использовать.")
                % {"name": getattr_node.attr},
            )
    for filter_node in tree.find_all((nodes.Filter,)):
        if filter_node.name not in env.filters:
            raise _refuse(
                lines,
                filter_node.lineno,
                _("неизвестный фильтр «%(name)s».") % {"name": filter_node.name},
            )
    unknown = meta.find_undeclared_variables(tree) - set(known)
    if unknown:
        first = min(
            (n for n in tree.find_all((nodes.Name,)) if n.name in unknown),
            key=lambda n: n.lineno,
        )
        raise _refuse(
            lines,
            first.lineno,
            _(
                "неизвестное поле «%(name)s». Поля этого шаблона перечислены на странице "
                "«Шаблоны документов»."
            )
            % {"name": first.name},
        )
    try:
        render_docx(source, demo_context)
    except DocumentError as error:
        raise DocumentError(
            _("На демонстрационных данных шаблон не заполняется: %(error)s")
            % {"error": error.message},
            field="file",
        ) from error


# --- PDF -------------------------------------------------------------------------------------


def _soffice() -> str | None:
    configured = getattr(settings, "KURATOR_SOFFICE", "") or ""
    return configured or shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """The DOCX converted by LibreOffice headless (its own throwaway profile per call, so
    conversions running at once do not share one)."""
    binary = _soffice()
    if binary is None:
        raise DocumentError(
            _(
                "PDF сейчас не сделать: на сервере не установлен LibreOffice. Скачайте DOCX "
                "или попросите администратора выполнить scripts/install_test_deps.sh docs."
            )
        )
    with tempfile.TemporaryDirectory(prefix="kurator-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "document.docx").write_bytes(docx)
        command = [
            binary,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "document.docx"),
        ]
        try:
            subprocess.run(  # noqa: S603 — fixed arguments, no shell
                command, check=True, capture_output=True, timeout=PDF_TIMEOUT_SECONDS
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise DocumentError(
                _("PDF не получился: LibreOffice не смог преобразовать документ.")
            ) from error
        pdf = folder / "document.pdf"
        if not pdf.exists():
            raise DocumentError(_("PDF не получился: LibreOffice не смог преобразовать документ."))
        return pdf.read_bytes()
