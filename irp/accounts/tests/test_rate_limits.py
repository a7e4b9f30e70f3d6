"""allauth's rate limits: counted in the shared cache, keyed on the trusted client address."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from irp.accounts.testing import make_person
from irp.settings import base

DB_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "irp_cache"}
}


def test_the_embedded_default_counts_in_the_shared_database_cache():
    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert base.ACCOUNT_RATE_LIMITS["login_failed"]
    assert base.ALLAUTH_TRUSTED_PROXY_COUNT == base.TRUSTED_PROXY_COUNT


def _failed_sign_ins(client, *, forwarded_for, attempts):
    statuses = []
    for n in range(attempts):
        # A different address each time, so only the per-client limit can stop it.
        response = client.post(
            "/accounts/login/",
            {"login": f"nobody{n}@example.org", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=forwarded_for(n),
            REMOTE_ADDR="10.0.0.1",  # the load balancer
        )
        limited = response.status_code == 429 or b"Too many failed" in response.content
        statuses.append("limited" if limited else "open")
    return statuses


@pytest.mark.django_db
@override_settings(CACHES=DB_CACHE, TRUSTED_PROXY_COUNT=1, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_rotating_x_forwarded_for_does_not_escape_the_limit(client):
    call_command("createcachetable", verbosity=0)
    cache.clear()
    make_person(email="someone@example.org")
    # The client writes whatever it likes on the left; our one proxy appends the real address.
    statuses = _failed_sign_ins(
        client, forwarded_for=lambda n: f"198.51.100.{n}, 203.0.113.7", attempts=12
    )
    assert statuses[:10] == ["open"] * 10
    assert statuses[10:] == ["limited", "limited"]
    # A different real client is not affected.
    other = _failed_sign_ins(client, forwarded_for=lambda n: "203.0.113.8", attempts=1)
    assert other == ["open"]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=0, ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_proxies_x_forwarded_for_is_ignored(client):
    cache.clear()
    make_person(email="someone@example.org")
    statuses = _failed_sign_ins(client, forwarded_for=lambda n: f"198.51.100.{n}", attempts=11)
    assert statuses == ["open"] * 10 + ["limited"]
