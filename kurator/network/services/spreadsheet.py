"""The directory as an XLSX workbook: export, and import with a preview.

Import reads every row first; any bad row (Russian message with its row number) means nothing
is written. Export writes through ``kurator.core.spreadsheets`` (formula-like text stays text)."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Any, cast

from django.db import models, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kurator import access
from kurator.accounts.models import User
from kurator.core.packages import package_problem
from kurator.core.spreadsheets import append_row
from kurator.core.text import TEXT_MAX, text_problem
from kurator.network.errors import NetworkError
from kurator.network.models import ResourceAgent, Service
from kurator.network.services.agents import create_agent

HEADERS = [
    "Название",
    "Категория",
    "Услуги из каталога (через ;)",
    "Какую помощь оказывает",
    "Территория",
    "Адрес",
    "Контакты",
    "Электронная почта",
]
MAX_ROWS = 2000
_CATEGORY_BY_LABEL = {str(label).lower(): value for value, label in ResourceAgent.Category.choices}


def export_agents(agents: list[ResourceAgent]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ресурсная сеть"
    append_row(sheet, HEADERS)
    for agent in agents:
        row = [
            agent.name,
            agent.get_category_display(),
            "; ".join(s.name for s in agent.catalogue.all()),
            agent.services,
            agent.territory,
            agent.address,
            agent.contacts,
            agent.email,
        ]
        append_row(sheet, row)
    for column, width in zip("ABCDEFGH", (40, 25, 40, 40, 30, 30, 30, 25), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ImportRow:
    line: int
    name: str
    category: str
    service_ids: list[int]
    services: str
    territory: str
    address: str
    contacts: str
    email: str


@dataclass
class ImportResult:
    rows: list[ImportRow]
    errors: list[str]

    def as_session(self) -> list[dict[str, Any]]:
        return [asdict(row) for row in self.rows]


# The columns stored as text, by their field: a cell the record could not take is the row's
# error, before anything is written (kurator/core/text.py).
_TEXT_COLUMNS = ("name", "services", "territory", "address", "contacts", "email")


def _text_problem(field: str, value: str) -> str | None:
    model_field = cast("models.Field[Any, Any]", ResourceAgent._meta.get_field(field))
    problem = text_problem(value, max_length=model_field.max_length or TEXT_MAX)
    if problem is None:
        return None
    return f"{model_field.verbose_name}: {problem[:1].lower()}{problem[1:].rstrip('.')}"


def _text(value: Any) -> str:
    """A cell's text; a leading ``'`` (how exports before ``quotePrefix`` kept formula-like
    text as text) is dropped."""
    if value is None:
        return ""
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def read_agents(*, by: User, data: bytes) -> ImportResult:
    """Parse and check a workbook; nothing is written."""
    access.require(by, "network.agent:write")
    unreadable = _("Файл не читается как книга Excel (.xlsx).")
    # Before openpyxl unpacks anything: a zip bomb would fill the memory.
    if problem := package_problem(io.BytesIO(data), kind="XLSX", unreadable=unreadable):
        raise NetworkError(problem, field="file")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError, Exception) as exc:
        raise NetworkError(unreadable, field="file") from exc
    sheet = book.worksheets[0]
    organisation_id = access.organisation_id_of(by)
    catalogue = {
        s.name.lower(): s.pk for s in Service.objects.filter(organisation_id=organisation_id)
    }
    known = {
        n.lower()
        for n in ResourceAgent.objects.filter(organisation_id=organisation_id).values_list(
            "name", flat=True
        )
    }
    rows: list[ImportRow] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if line == 1:
            continue
        cells = [_text(v) for v in list(values)[: len(HEADERS)]]
        cells += [""] * (len(HEADERS) - len(cells))
        if not any(cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(_("Не больше %(n)s строк за один раз.") % {"n": MAX_ROWS})
            break
        name, category_label, listed, free, territory, address, contacts, email = cells
        problems = []
        if not name:
            problems.append(_("нет названия"))
        elif name.lower() in known or name.lower() in seen:
            problems.append(_("агент «%(name)s» уже есть в справочнике") % {"name": name})
        category = _CATEGORY_BY_LABEL.get(category_label.lower(), "")
        if not category:
            problems.append(_("неизвестная категория «%(c)s»") % {"c": category_label})
        service_ids = []
        for item in filter(None, (s.strip() for s in listed.split(";"))):
            if item.lower() not in catalogue:
                problems.append(_("услуги «%(s)s» нет в каталоге") % {"s": item})
            else:
                service_ids.append(catalogue[item.lower()])
        if email and "@" not in email:
            problems.append(_("неверный адрес почты «%(e)s»") % {"e": email})
        texts = zip(_TEXT_COLUMNS, (name, free, territory, address, contacts, email), strict=True)
        for field, value in texts:
            if problem := _text_problem(field, value):
                problems.append(problem)
        if problems:
            errors.append(
                _("Строка %(line)s: %(what)s.") % {"line": line, "what": "; ".join(problems)}
            )
            continue
        seen.add(name.lower())
        rows.append(
            ImportRow(line, name, category, service_ids, free, territory, address, contacts, email)
        )
    if not rows and not errors:
        errors.append(_("В файле нет ни одной строки с агентом."))
    return ImportResult(rows=rows, errors=errors)


def write_agents(*, by: User, rows: list[dict[str, Any]]) -> list[ResourceAgent]:
    """Create the agents of a checked import, all or none."""
    organisation_id = access.organisation_id_of(by)
    with transaction.atomic():
        created = []
        for row in rows:
            catalogue = Service.objects.filter(
                organisation_id=organisation_id, pk__in=row["service_ids"]
            )
            created.append(
                create_agent(
                    by=by,
                    name=row["name"],
                    category=row["category"],
                    services=row["services"],
                    territory=row["territory"],
                    address=row["address"],
                    contacts=row["contacts"],
                    email=row["email"],
                    catalogue=list(catalogue),
                )
            )
    return created
