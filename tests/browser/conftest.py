"""Browser tests: Playwright drives Chromium against pytest-django's live server."""

import pytest
from axe_playwright_python.sync_playwright import Axe

SETTLED = """() => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => {}))),
  new Promise(resolve => setTimeout(resolve, 2000)),
])"""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail when axe-core finds a serious or critical WCAG 2.2 AA violation on the page."""

    def check(page):
        # Judge the settled page, not a colour halfway through a fade-in: wait for
        # running transitions (at most two seconds; long animations are left alone).
        page.evaluate(SETTLED)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = [
            v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert violations == [], "\n".join(
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in violations
        )

    return check
