"""Template helpers shared by every app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.forms import BoundField
from django.utils import timezone
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bs(field: BoundField) -> SafeString:
    """Render a form field with Bootstrap's classes (and its invalid state)."""
    widget_type = field.widget_type
    if widget_type in {"checkbox"}:
        css = "form-check-input"
    elif widget_type in {"select", "selectmultiple"}:
        css = "form-select"
    elif widget_type in {"checkboxselectmultiple", "radioselect"}:
        css = ""
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def age(birth_date: date | None, on: date | None = None) -> int | None:
    """Full years on ``on`` (today by default)."""
    if birth_date is None:
        return None
    today = on or timezone.localdate()
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@register.filter
def years_word(n: int | None) -> str:
    """«1 год», «3 года», «5 лет»."""
    if n is None:
        return ""
    n_abs = abs(n)
    if n_abs % 10 == 1 and n_abs % 100 != 11:
        word = "год"
    elif 2 <= n_abs % 10 <= 4 and not 12 <= n_abs % 100 <= 14:
        word = "года"
    else:
        word = "лет"
    return f"{n} {word}"


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return str(query.urlencode())
