"""Browser tests: Playwright drives Chromium against pytest-django's live server."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail when axe-core finds a serious or critical WCAG 2.2 AA violation on the page."""

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = [
            v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert violations == [], "\n".join(
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in violations
        )

    return check


@pytest.fixture(autouse=True)
def _wagtail_root_page(request):
    """Transactional tests end by emptying every table, which takes the rows Wagtail's
    migrations made (the root of the page tree, the default locale) with them; a
    browser test that runs later puts the root back, as the migration would."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from wagtail.models import Locale, Page

    if not Page.objects.filter(depth=1).exists():
        locale = Locale.get_default() if Locale.objects.exists() else None
        if locale is None:
            from django.conf import settings
            from wagtail.coreutils import get_supported_content_language_variant

            code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
            locale = Locale.objects.create(language_code=code)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
