"""The plan as an XLSX workbook — the table curators keep in Excel today (case-work
technology: «куратор случая вносит коррективы в План, в Excel»): a header with the family,
the version and its agreement, then one row per action: №, goal, action, who is responsible,
due date, status, result (the column the family and the curator fill in as steps are done).

Every cell goes through ``kurator.core.spreadsheets.write_cell``: text stays text, never a
formula.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kurator.cases.models import Case
from kurator.core.spreadsheets import write_cell
from kurator.plans import queries
from kurator.plans.models import PlanVersion

HEADERS = [
    "№",
    "Цель",
    "Действие (шаг)",
    "Кто отвечает",
    "Ответственный",
    "Срок",
    "Статус",
    "Результат",
]
WIDTHS = (6, 35, 45, 18, 30, 12, 16, 40)


def plan_workbook(case: Case, version: PlanVersion) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("План помощи"))[:31]
    agreed = version.agreed_with_family_on
    header_rows = [
        (_("Индивидуальный план помощи семье"), ""),
        (_("Семья"), case.family.name),
        (_("Случай"), f"№{case.pk}"),
        (_("Куратор"), case.curator.full_name or case.curator.username),
        (_("Версия плана"), str(version.number)),
        (_("Согласован с семьёй"), agreed.strftime("%d.%m.%Y") if agreed else _("не согласован")),
    ]
    if version.reason:
        header_rows.append((_("Причина пересмотра"), version.reason))
    for row, (label, value) in enumerate(header_rows, start=1):
        write_cell(sheet.cell(row=row, column=1), str(label))
        write_cell(sheet.cell(row=row, column=2), value)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    top = len(header_rows) + 2
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=top, column=column)
        write_cell(cell, title)
        cell.font = Font(bold=True)
    row = top
    number = 0
    for goal in queries.goals_with_actions(version):
        for action in goal.actions.all():
            row += 1
            number += 1
            values: list[Any] = [
                number,
                goal.text,
                action.text,
                str(action.get_responsible_kind_display()),
                action.responsible_name,
                action.due_on,
                str(action.get_status_display()),
                action.result,
            ]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column)
                write_cell(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if column == 6 and value is not None:
                    cell.number_format = "DD.MM.YYYY"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions["ABCDEFGH"[index]].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
