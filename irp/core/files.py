"""Private files: kept apart from public media, and reached only through the app.

A view that serves a private file first checks who asks (the file's owner, or staff),
then redirects to `private_file_url(name)`: on S3-compatible storage a signed address
that stops working after PRIVATE_MEDIA_URL_SECONDS, so a copied link is soon useless.
"""

from django.core.files.storage import storages


def private_storage():
    """The storage for files only their owner (and staff) may fetch."""
    return storages["private"]


def private_file_url(name: str) -> str:
    """A short-lived address of a private file (signed, on S3-compatible storage)."""
    return private_storage().url(name)
