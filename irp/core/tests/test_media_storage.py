"""Media on S3-compatible storage, against a real S3 server on loopback (moto's server
mode, started here), never a mock object: uploads land in the bucket, renditions are
served from it, private files get addresses that expire, and an S3 outage is a clear
error for an upload and nothing else."""

import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from irp.core.files import private_file_url, private_storage
from irp.emails.testing import free_port

BUCKET = "irp-test-media"
KEYS = {"access_key": "test", "secret_key": "test-secret"}


def moto_command(port: int) -> list[str]:
    moto = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    return [moto, "-H", "127.0.0.1", "-p", str(port)]


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (loopback)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (moto's own server)
        moto_command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url)
        boto3.client(
            "s3",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
        ).create_bucket(Bucket=BUCKET)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_storages(url: str, expire: int = 300) -> dict:
    common = {"bucket_name": BUCKET, "endpoint_url": url, "region_name": "us-east-1", **KEYS}
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "public",
                "default_acl": "public-read",
                "querystring_auth": False,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": expire,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def objects(url: str) -> list[str]:
    client = boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def png(name: str) -> SimpleUploadedFile:
    """A small PNG, as a browser uploads it."""
    return SimpleUploadedFile(name, get_test_image_file().file.getvalue(), "image/png")


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            response.read()
            return response.status
    except urllib.error.HTTPError as answer:
        return answer.code


@pytest.mark.django_db
def test_an_image_uploaded_in_the_admin_is_stored_in_the_bucket_with_its_renditions(
    s3_server, settings, staff_client
):
    settings.STORAGES = s3_storages(s3_server)
    response = staff_client.post(
        "/admin/images/add/",
        {"title": "Calm water", "file": png("calm.png")},
    )
    errors = re.findall(r'class="error-message"[^>]*>(.*?)<', response.content.decode(), re.S)
    assert response.status_code == 302, errors
    image = get_image_model().objects.get(title="Calm water")
    assert f"public/{image.file.name}" in objects(s3_server)
    rendition = image.get_rendition("width-100")
    assert f"public/{rendition.file.name}" in objects(s3_server)
    # Public objects, at plain addresses the bucket serves.
    assert rendition.url.startswith(s3_server)
    assert "Signature" not in rendition.url
    assert fetch(rendition.url) == 200


def test_a_private_files_address_is_signed_and_stops_working(s3_server, settings):
    settings.STORAGES = s3_storages(s3_server, expire=1)
    name = private_storage().save("evidence/notes.txt", ContentFile(b"my own notes"))
    assert f"private/{name}" in objects(s3_server)
    address = private_file_url(name)
    assert "Signature" in address or "X-Amz-Signature" in address
    assert fetch(address) == 200
    # Without the signature the object is not public.
    assert fetch(address.split("?")[0]) == 403
    # Signed to stop working after PRIVATE_MEDIA_URL_SECONDS (here one second). The
    # store enforces that; moto's server does not check expiry, so the test reads it.
    query = parse_qs(urlsplit(address).query)
    assert query.get("X-Amz-Expires") == ["1"] or "Expires" in query


@pytest.mark.django_db
def test_with_the_s3_server_down_an_upload_is_a_clear_error_and_pages_still_serve(
    settings, staff_client, client
):
    settings.STORAGES = s3_storages(f"http://127.0.0.1:{free_port()}")  # nothing there
    settings.AWS_S3_MAX_ATTEMPTS = 1
    response = staff_client.post(
        "/admin/images/add/",
        {"title": "Lost", "file": png("lost.png")},
    )
    assert response.status_code == 503
    assert "nothing was saved" in response.content.decode()
    assert not get_image_model().objects.filter(title="Lost").exists()
    assert client.get("/healthz").status_code == 200
