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


@pytest.fixture
def contact_page(db):
    """The site's home page with the contact page at /contact/, as the demo makes them."""
    import io

    from irp.pages.demo import load as load_pages

    from .factories import make_contact_page

    load_pages(stdout=io.StringIO())
    return make_contact_page()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
