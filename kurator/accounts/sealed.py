"""Secrets kept in the database sealed with a key that is not there.

A sealed value is ``s1$`` + base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag): 67 characters
for the 20-byte TOTP secret, so it fits django-otp's ``key`` column (80). The AES key is
derived (HKDF-SHA256, one key per ``purpose``) from ``KURATOR_FIELD_KEY`` — set from the
environment or a file (``KURATOR_FIELD_KEY_FILE``), never stored in the database — or, when it
is not set, from ``SECRET_KEY``. A backup of the database alone therefore opens nothing.

``KURATOR_FIELD_KEY`` may name several keys (separated by spaces, commas or new lines): the
first seals, every one of them — and the ``SECRET_KEY``-derived key — unseals, so a key can be
replaced without losing what it sealed; ``manage.py kurator_reseal_secrets`` then seals
everything again with the first (docs/operations.md, «TOTP secrets»).
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "s1$"
NONCE_BYTES = 12
TOTP = b"totp"  # the purpose of the TOTP secrets' key


class UnsealError(ValueError):
    """No configured key opens the value: the key it was sealed with is gone."""


def is_sealed(text: str) -> bool:
    return text.startswith(PREFIX)


def seal(data: bytes, *, purpose: bytes) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_keys(purpose)[0]).encrypt(nonce, data, purpose)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def unseal(text: str, *, purpose: bytes) -> bytes:
    if not is_sealed(text):
        raise UnsealError("not a sealed value")
    body = text[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError as error:
        raise UnsealError("a damaged sealed value") from error
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for key in _keys(purpose):
        try:
            return AESGCM(key).decrypt(nonce, sealed, purpose)
        except InvalidTag:
            continue
    raise UnsealError(
        "no key of KURATOR_FIELD_KEY (nor SECRET_KEY) opens this value: was the key changed?"
    )


def sealed_with_first_key(text: str, *, purpose: bytes) -> bool:
    """Is ``text`` sealed with the key that seals now (else ``reseal`` would change it)?"""
    if not is_sealed(text):
        return False
    body = text[len(PREFIX) :]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        AESGCM(_keys(purpose)[0]).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose)
    except InvalidTag:
        return False
    return True


def _keys(purpose: bytes) -> tuple[bytes, ...]:
    return _derive(tuple(settings.KURATOR_FIELD_KEYS), settings.SECRET_KEY, purpose)


@lru_cache(maxsize=8)
def _derive(field_keys: tuple[str, ...], secret_key: str, purpose: bytes) -> tuple[bytes, ...]:
    """The AES keys, the sealing one first: each field key, then the secret key's."""
    materials = [*field_keys, secret_key]
    return tuple(
        HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"kurator sealed field v1: " + purpose,
        ).derive(material.encode("utf-8"))
        for material in dict.fromkeys(materials)
    )
