"""API helpers shared by every app: domain errors become 400s, Django's become DRF's."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from kurator.core import idempotency
from kurator.core.errors import DomainError
from kurator.core.http import request_user
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


# --- Idempotency-Key (kurator/core/idempotency.py, docs/api.md «Sending a POST again») --------

_Handler = Callable[..., Response]

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=r"^[!-~]{1,255}$",
    description=(
        "Ключ запроса, выбранный клиентом (например, UUID). Повтор с тем же ключом в течение "
        "суток не создаёт запись ещё раз, а возвращает первый успешный ответ (заголовок "
        "Idempotent-Replayed: true); тот же ключ с другим запросом — 422; пока первый запрос "
        "выполняется — 409."
    ),
)
REPLAYED_HEADER = "Idempotent-Replayed"


def idempotent(handler: _Handler) -> _Handler:
    """A POST handler of an ``APIView`` that honours the ``Idempotency-Key`` header: the same
    key from the same user within a day answers the first successful answer again instead of
    running again. Without the header the handler runs as before. Put it on every POST that
    creates a record (``test_every_create_of_the_api_takes_an_idempotency_key``)."""

    @functools.wraps(handler)
    def post(view: APIView, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(idempotency.HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        if problem := idempotency.key_problem(key):
            return Response({idempotency.HEADER: [problem]}, status=status.HTTP_400_BAD_REQUEST)
        user = request_user(request)
        claimed = idempotency.claim(
            user=user,
            key=key,
            fingerprint=idempotency.fingerprint(
                method=request.method or "", path=request.get_full_path(), body=request.data
            ),
        )
        if claimed.refusal is not None:
            code, message = claimed.refusal
            return Response({"detail": message}, status=code)
        if claimed.replay is not None:
            code, body = claimed.replay
            return Response(body, status=code, headers={REPLAYED_HEADER: "true"})
        row = claimed.row
        assert row is not None
        try:
            response = handler(view, request, *args, **kwargs)
        except BaseException:
            idempotency.forget(row)
            raise
        if isinstance(response, Response) and status.is_success(response.status_code):
            body = json.loads(json.dumps(response.data, cls=JSONEncoder))
            idempotency.keep(row, status_code=response.status_code, body=body)
        else:
            idempotency.forget(row)
        return response

    documented: _Handler = extend_schema(parameters=[IDEMPOTENCY_PARAMETER])(post)
    return documented


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
    "409": ("ErrorDetail", "Запрос с этим Idempotency-Key ещё выполняется: повторите позже."),
    "422": ("ErrorDetail", "Этот Idempotency-Key уже использован для другого запроса."),
}


def document_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Add the error answers every endpoint gives (docs/api.md, «Errors») to the schema, so
    that clients — and schemathesis — know them: 400 for a request with a body or a query,
    401 and 403 where signing in is required, 404 where the path or query names a record,
    415 where a body in another format than the documented ones is refused; 409 and 422 where
    the operation takes an ``Idempotency-Key``."""
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
            headers = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "header"
            }
            if idempotency.HEADER in headers:
                codes |= {"409", "422"}
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
