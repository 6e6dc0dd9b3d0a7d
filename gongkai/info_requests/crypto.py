"""Field-level encryption of applicants' identity numbers.

Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY through HKDF-SHA256
(info "gongkai.info_requests.identity"), so no second secret has to be kept; rotating SECRET_KEY
makes old numbers unreadable (decrypt returns ""), which is shown as such. A separate HKDF-derived
HMAC key gives `id_digest`, a keyed hash that matches the same applicant across requests (for the
monthly fee count) without decrypting anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gongkai", info=info).derive(secret.encode())


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"gongkai.info_requests.identity")))


def normalize_id(value: str) -> str:
    return "".join(value.split()).upper()


def encrypt_id(value: str) -> str:
    value = normalize_id(value)
    return _fernet(settings.SECRET_KEY).encrypt(value.encode()).decode() if value else ""


def decrypt_id(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.SECRET_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def id_digest(value: str) -> str:
    value = normalize_id(value)
    if not value:
        return ""
    key = _derive(settings.SECRET_KEY, b"gongkai.info_requests.id-digest")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
