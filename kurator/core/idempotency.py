"""``Idempotency-Key``: a POST sent again — a retry after a lost answer, a double click, twenty
copies from a client gone wrong — creates once and answers the same each time.

A client that may resend a POST names it with a key of its own (a UUID, say). The first
request with that key from that user runs and its successful answer (2xx: status and body) is
kept for a day (``KEEP_FOR``); the same key with the same request within that day gets that
answer again without running anything. The same key with another request (another path or
body) is refused: the client has mixed up its keys. While the first request still runs, a
second one with its key is told to retry shortly (409) — never run beside it.

A refused request (4xx, 5xx, an exception) keeps nothing: it created nothing, so sending it
again, corrected or not, with the same key runs it again.

Rows are claimed insert-first: the unique constraint on user and key, not a look-up before
the insert, decides which of two simultaneous requests runs (``claim``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurator.accounts.models import User
from kurator.core.models import IdempotentRequest

__all__ = ["HEADER", "KEEP_FOR", "Claim", "claim", "fingerprint", "forget", "keep", "key_problem"]

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
KEY_MAX = 255
# A claim still running after this long belongs to a request whose worker died (killed, timed
# out) before it could keep or let go of the key: the key is taken over.
ABANDONED_AFTER = timedelta(minutes=10)


def key_problem(key: str) -> str | None:
    """Why ``key`` is no usable key (1–255 visible ASCII characters), or None."""
    if not key or len(key) > KEY_MAX or not all("!" <= c <= "~" for c in key):
        return _(
            "Заголовок Idempotency-Key — от 1 до %(n)s видимых латинских символов, цифр или "
            "знаков (например, UUID)."
        ) % {"n": KEY_MAX}
    return None


def fingerprint(*, method: str, path: str, body: Any) -> str:
    """sha256 of the request: its method, path and parsed body (keys sorted, files by their
    content), so that the same data sent as differently ordered JSON is the same request."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(json.dumps(_plain(body), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if hasattr(value, "lists"):  # a QueryDict: a form or a multipart body
        return {str(k): [_plain(v) for v in values] for k, values in value.lists()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "chunks"):  # an uploaded file
        content = hashlib.sha256()
        for chunk in value.chunks():
            content.update(chunk)
        value.seek(0)
        return f"file:{content.hexdigest()}"
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass(frozen=True)
class Claim:
    """What to do with a request carrying a key: run it (``row`` is ours to ``keep`` or
    ``forget``), replay a kept answer, or refuse (``refusal``: status and message)."""

    row: IdempotentRequest | None = None
    replay: tuple[int, Any] | None = None
    refusal: tuple[int, str] | None = None


def claim(*, user: User, key: str, fingerprint: str) -> Claim:
    """Claim ``key`` for this request of ``user``. See the module docstring."""
    now = timezone.now()
    # The user's expired keys go first: an old key may be used again, and the table stays small.
    IdempotentRequest.objects.filter(user=user, created_at__lt=now - KEEP_FOR).delete()
    for _attempt in range(2):
        try:
            # A savepoint: a lost race leaves the caller's transaction (if any) usable.
            with transaction.atomic():
                row = IdempotentRequest.objects.create(
                    user=user, key=key, fingerprint=fingerprint, created_at=now
                )
            return Claim(row=row)
        except IntegrityError:
            pass
        first = IdempotentRequest.objects.filter(user=user, key=key).first()
        if first is None:
            continue  # the request that held it failed and let it go meanwhile: try again
        if first.fingerprint != fingerprint:
            return Claim(refusal=(422, _other_request()))
        if first.status_code is not None:
            return Claim(replay=(first.status_code, first.response))
        if first.created_at >= now - ABANDONED_AFTER:
            return Claim(refusal=(409, _running()))
        IdempotentRequest.objects.filter(pk=first.pk, status_code__isnull=True).delete()
    return Claim(refusal=(409, _running()))


def _other_request() -> str:
    return _(
        "Этот Idempotency-Key уже использован для другого запроса (другой адрес или другие "
        "данные). Для нового запроса возьмите новый ключ."
    )


def _running() -> str:
    return _("Запрос с этим Idempotency-Key ещё выполняется. Повторите его через несколько секунд.")


def keep(row: IdempotentRequest, *, status_code: int, body: Any) -> None:
    """The first request's answer, for the requests that repeat it."""
    row.status_code = status_code
    row.response = body
    row.save(update_fields=["status_code", "response"])


def forget(row: IdempotentRequest) -> None:
    """The first request was refused or failed: the key is free again."""
    IdempotentRequest.objects.filter(pk=row.pk).delete()
