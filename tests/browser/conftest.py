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


def pytest_collection_modifyitems(items):
    """Browser tests commit rows (transaction=True), and Django empties every table
    after each: Wagtail's root page and the role groups made by migrations go too.
    serialized_rollback puts them back before each test, whatever ran before it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            item.add_marker(
                pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False
            )
