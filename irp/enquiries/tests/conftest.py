import pytest


@pytest.fixture
def contact_page(db):
    """The site's home page with the contact page at /contact/, as the demo makes them."""
    import io

    from irp.pages.demo import load as load_pages

    from .factories import make_contact_page

    load_pages(stdout=io.StringIO())
    return make_contact_page()
