"""A text field encrypted at rest, for secrets such as an online session's join link.

The key is derived from SECRET_KEY: rotating SECRET_KEY makes stored values unreadable
(they read back as an empty string and must be entered again).
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"irp.live_discussions.join-link:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code sees the plain text."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return _fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            return ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return _fernet().encrypt(value.encode()).decode()
