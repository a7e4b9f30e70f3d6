"""Production settings refuse an unsafe configuration and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest

GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "irp.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/irp_never_connected",
    "ALLOWED_HOSTS": "example.org",
    "REFLECTION_KEYS": "kE2l5o6mY9y8a1Qy3nq0wV0f8U2pR7dA4tX6zB1cH3k=",
}


def _irp(*args, **overrides):
    # The test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright); a deployment would not.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in GOOD_ENV and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    }
    env.update({k: v for k, v in {**GOOD_ENV, **overrides}.items() if v is not None})
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "irp.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks_with_no_warnings():
    result = _irp("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-local-only-never-use-in-production"}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must list"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
        ({"REFLECTION_KEYS": None}, "REFLECTION_KEYS must be set in production"),
        ({"REFLECTION_KEYS": ""}, "REFLECTION_KEYS must be set in production"),
    ],
)
def test_production_settings_refuse_to_start_without_a_safe_configuration(overrides, message):
    result = _irp("check", **overrides)
    assert result.returncode != 0
    assert message in result.stderr
