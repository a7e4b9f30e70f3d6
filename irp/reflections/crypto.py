"""Encryption at rest for reflection bodies and drafts.

Keys come from settings.REFLECTION_KEYS, newest first: MultiFernet encrypts with the
first and decrypts with any, so a new key can be put in front, everything re-encrypted
(`irp rotate-reflection-keys`), and the old key then dropped. Without configured keys
(the embedded default only; production.py refuses to start) a key is generated once
into IRP_DATA_DIR/reflection-keys, readable by the owner alone.
"""

import functools
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from irp.core.data_dir import make_private_dir, make_private_file

__all__ = ["InvalidToken", "decrypt", "encrypt", "keyring", "rotate"]


def _local_keys() -> list[str]:
    path = settings.DATA_DIR / "reflection-keys"
    if not path.exists():
        make_private_dir(path.parent)
        # O_EXCL: two processes starting at once never write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(Fernet.generate_key().decode() + "\n")
    make_private_file(path)  # also for a key file made before this rule
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


@functools.cache
def _keyring(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "REFLECTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)."
        ) from error


def keyring() -> MultiFernet:
    """The keys in use now, newest first (read from settings each call, cached per list)."""
    keys = tuple(settings.REFLECTION_KEYS) or tuple(_local_keys())
    return _keyring(keys)


def encrypt(text: str) -> str:
    """A Fernet token (url-safe base64 text) for `text`, with the newest key."""
    return keyring().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text inside `token`; raises InvalidToken when no configured key opens it."""
    if not token:
        return ""
    return keyring().decrypt(token.encode("ascii")).decode("utf-8")


def rotate(token: str) -> str:
    """The same text, re-encrypted with the newest key."""
    return keyring().rotate(token.encode("ascii")).decode("ascii")
