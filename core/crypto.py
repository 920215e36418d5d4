"""Personal data encrypted at rest (个人信息保护法 art. 51; GB/T 22239-2019 level 3, 8.1.4.8 数据保密性).

:class:`EncryptedCharField` stores a value as a Fernet token (AES-128-CBC with HMAC-SHA256, from the maintained
``cryptography`` library) and reads it back as plain text, so the application sees the value while the
database, its dumps and its backups hold only ciphertext. An empty value is stored empty (nothing to hide).

Keys come from the environment: ``FIELD_ENCRYPTION_KEYS``, comma-separated Fernet keys (``manage.py
field_keys --new`` prints one). The first key encrypts; every key decrypts (``MultiFernet``), so a key is
rotated by putting a new key first, running ``manage.py field_keys --rotate`` (re-encrypts every value with the
first key), then dropping the old key. Production refuses to start without keys; development derives one from
``SECRET_KEY``.

Encrypted values cannot be searched. Where search is needed, :func:`lookup_hash` gives an exact-match key (HMAC-SHA256
of the normalised value, keyed from ``FIELD_HASH_KEY`` or ``SECRET_KEY``) stored beside the value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

PREFIX = "enc1:"  # marks a stored token, so a value is never decrypted or encrypted twice


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key.") from exc


def derived_key(secret: str) -> str:
    """A Fernet key derived from a secret (development only: production sets its own keys)."""
    return base64.urlsafe_b64encode(hashlib.sha256(("field-encryption:" + secret).encode()).digest()).decode()


def keys() -> tuple[str, ...]:
    configured = tuple(k for k in getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) if k)
    return configured or (derived_key(settings.SECRET_KEY),)


def encrypt(value: str) -> str:
    if not value or value.startswith(PREFIX):
        return value
    return PREFIX + _fernet(keys()).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    if not value or not value.startswith(PREFIX):
        return value  # empty, or written before encryption (the migration encrypts those)
    try:
        return _fernet(keys()).decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # never guess: a wrong key must not turn personal data into blanks
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEYS (a key was dropped too early?)."
        ) from exc


def rotate(value: str) -> str:
    """The value re-encrypted with the first key (``MultiFernet.rotate``)."""
    if not value or not value.startswith(PREFIX):
        return encrypt(value)
    token = _fernet(keys()).rotate(value[len(PREFIX) :].encode("ascii"))
    return PREFIX + token.decode("ascii")


def _normalise(value: str) -> str:
    return re.sub(r"[\s\-()（）]", "", value or "").upper()


def lookup_hash(value: str) -> str:
    """An exact-match search key for ``value`` (spaces, dashes and letter case ignored); "" for an empty value."""
    if not value:
        return ""
    key = (getattr(settings, "FIELD_HASH_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(key, _normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """A short text (a phone, an ID number, an address) encrypted at rest; ``max_length`` bounds the plain text.
    ``form_class`` picks the form field (``forms.EmailField`` for an e-mail address)."""

    def __init__(self, *args, max_length: int | None = None, form_class=None, **kwargs):
        self.plain_max_length = max_length
        self.form_class = form_class
        super().__init__(*args, **kwargs)
        if max_length:
            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if isinstance(value, str) else value

    def to_python(self, value):
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        defaults = {"form_class": self.form_class or forms.CharField, "max_length": self.plain_max_length}
        defaults.update(kwargs)
        return super(models.TextField, self).formfield(**defaults)
