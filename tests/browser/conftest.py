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
