from irp.pages.tests.conftest import professionals_page, site_pages  # noqa: F401
