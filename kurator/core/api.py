"""API helpers shared by every app: domain errors become 400s, Django's become DRF's."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kurator.core.errors import DomainError
from kurator.core.throttle import RateLimited

# The largest id an API may be given: beyond the databases' integer a lookup would overflow
# (a 500); serializers bound every id field with it, so a bigger one is a 400.
MAX_ID = 2**31 - 1

_Instance = TypeVar("_Instance")

# Money in every answer of the API is a decimal string with two places, «3703.50» (never a
# JSON number, which a client would read as a binary float): docs/api.md, «Conventions».
CENT = Decimal("0.01")
MONEY_SCHEMA: dict[str, Any] = {"type": "string", "format": "decimal", "pattern": r"^-?\d+\.\d{2}$"}


def money_string(value: Decimal | int) -> str:
    """«3703.50»: an amount of roubles as the API writes it."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


class MoneyField(serializers.DecimalField):
    """A read-only amount of roubles: a decimal string with two places."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(
            max_digits=16,
            decimal_places=2,
            coerce_to_string=True,
            rounding=ROUND_HALF_UP,
            **kwargs,
        )


class UnknownFieldsRefused(serializers.Serializer[_Instance]):
    """An input serializer that answers 400 naming each field of the body it does not take,
    instead of dropping it: a field a client thinks was saved must never be lost silently."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            taken = {name for name, f in self.fields.items() if not f.read_only}
            unknown = sorted(str(key) for key in data if key not in taken)
            if unknown:
                message = _("Такого поля нет в этой операции.")
                raise serializers.ValidationError({key: [message] for key in unknown})
        return super().to_internal_value(data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_api_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data: dict[str, list[str]] = {
                field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
            if "__all__" in data:
                data["non_field_errors"] = data.pop("__all__")
        else:
            data = {"non_field_errors": [str(m) for m in exc.messages]}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Throttled):
        wait = max(1, int(getattr(exc, "wait", None) or 1))
        return Response(
            {"detail": RateLimited(wait).message},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(wait)},
        )
    if isinstance(exc, Http404):
        return Response({"detail": "Не найдено."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response(
            {"detail": "Недостаточно прав для этого действия."}, status=status.HTTP_403_FORBIDDEN
        )
    return drf_exception_handler(exc, context)


# --- the error answers in the schema (drf-spectacular postprocessing hook) ------------------

_ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "description": "401, 403, 404: одно сообщение на русском.",
    },
    "ValidationErrors": {
        "type": "object",
        "additionalProperties": {},
        "description": (
            'Ошибки по полям: {"поле": ["сообщение"]}; ошибка, не относящаяся к одному полю, '
            '— в "detail" или "non_field_errors".'
        ),
    },
}
_ERROR_RESPONSES: dict[str, tuple[str, str]] = {
    "400": ("ValidationErrors", "Неверные данные или действие, невозможное в этом состоянии."),
    "401": ("ErrorDetail", "Нет учётных данных или они неверны."),
    "403": ("ErrorDetail", "Роль пользователя не даёт права на это действие."),
    "404": ("ErrorDetail", "Записи нет или она вне области доступа пользователя."),
    "415": ("ErrorDetail", "Тело запроса не в одном из форматов, которые принимает операция."),
}


def document_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Add the error answers every endpoint gives (docs/api.md, «Errors») to the schema, so
    that clients — and schemathesis — know them: 400 for a request with a body or a query,
    401 and 403 where signing in is required, 404 where the path or query names a record,
    415 where a body in another format than the documented ones is refused."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_ERROR_SCHEMAS)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            where = {p.get("in") for p in operation.get("parameters", [])}
            anonymous = {} in operation.get("security", [{}])
            codes = set()
            if method != "get" or "query" in where:
                codes.add("400")
            if not anonymous:
                codes |= {"401", "403"}
            if where & {"path", "query"}:
                codes.add("404")
            if "requestBody" in operation:
                codes.add("415")
            for code in sorted(codes):
                schema, description = _ERROR_RESPONSES[code]
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
