"""Personal data encrypted at rest (ID numbers, phone numbers).

Fernet (AES-128-CBC + HMAC) with the key from ``FIELD_ENCRYPTION_KEY``; older keys listed in
``FIELD_ENCRYPTION_OLD_KEYS`` still decrypt, so keys rotate without downtime
(``gongkai rotate_keys`` re-encrypts). Without a configured key (demo, tests) a key is derived
from SECRET_KEY. Encrypted values cannot be searched; store a keyed hash beside them
(``blind_index``) when a lookup by value is needed, e.g. "has this ID number registered?".

The keyed hash has its own key, ``FIELD_LOOKUP_KEY``, which key rotation never touches: a hash
cannot be re-computed from what is stored (a netizen's lookup code is kept only as its hash), so
changing its key would orphan every hash. Unset, it falls back to what the hashes were always
made with (``FIELD_ENCRYPTION_KEY``, else ``SECRET_KEY``); set it to that value once, before the
first rotation (docs/security.md, "Key rotation").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from gongkai.lib.text import ascii_digits


def _derived_key() -> bytes:
    digest = hashlib.sha256(("gongkai-field-key:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(key: str, old_keys: tuple[str, ...]) -> MultiFernet:
    keys = [key.encode() if key else _derived_key(), *(k.encode() for k in old_keys)]
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(settings.FIELD_ENCRYPTION_KEY, tuple(settings.FIELD_ENCRYPTION_OLD_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: unknown key") from exc


def lookup_key() -> bytes:
    """The key of the keyed hashes: ``FIELD_LOOKUP_KEY``, else the value used before that
    setting existed, so the hashes already stored keep matching."""
    key = (
        getattr(settings, "FIELD_LOOKUP_KEY", "")
        or settings.FIELD_ENCRYPTION_KEY
        or settings.SECRET_KEY
    )
    return key.encode()


def blind_index(value: str) -> str:
    """A keyed hash of ``value`` for equality lookups on encrypted data (key: ``lookup_key``)."""
    normalised = ascii_digits(value).strip().upper()
    return hmac.new(lookup_key(), normalised.encode(), hashlib.sha256).hexdigest()


_stored_ciphertext: ContextVar[bool] = ContextVar("gongkai_stored_ciphertext", default=False)


@contextmanager
def stored_ciphertext() -> Iterator[None]:
    """Inside this block encrypted fields read and write the stored ciphertext unchanged: a
    backup dumps ciphertext (never the personal data in clear) and a restore puts it back as
    it was (``gongkai backup --method json`` / ``gongkai restore``)."""
    token = _stored_ciphertext.set(True)
    try:
        yield
    finally:
        _stored_ciphertext.reset(token)


class EncryptedTextField(models.TextField):
    """Stores ciphertext, gives plaintext in Python. Not searchable: see ``blind_index``."""

    def from_db_value(self, value, expression, connection):
        if value in (None, "") or _stored_ciphertext.get():
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or _stored_ciphertext.get():
            return value
        return encrypt(value)
