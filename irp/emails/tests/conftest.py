import pytest

from irp.emails.testing import SMTPServer


@pytest.fixture
def smtp_server(settings):
    """A real local SMTP server, with django-mailer's delivery pointed at it."""
    server = SMTPServer().start()
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()
