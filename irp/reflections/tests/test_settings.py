import os
import subprocess
import sys

SETUP = "import django; django.setup()"


def _start_production(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "irp.settings.production",
        "SECRET_KEY": "x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/none",
        "REFLECTION_KEYS": "",
        **extra,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_reflection_keys():
    result = _start_production()
    assert result.returncode != 0
    assert "REFLECTION_KEYS must be set in production" in result.stderr


def test_production_starts_with_a_real_key():
    result = _start_production(REFLECTION_KEYS="kE2l5o6mY9y8a1Qy3nq0wV0f8U2pR7dA4tX6zB1cH3k=")
    assert result.returncode == 0, result.stderr
