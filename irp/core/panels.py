"""Panels on the Wagtail admin's dashboard, one per concern, each shown only to the
staff whose role may see what it lists.

An app adds its own panel from its own `wagtail_hooks.py`; `core` knows none of them:

    from irp.core.panels import Cell, DashboardPanel, Row, dashboard_panel

    @dashboard_panel
    class WaitingApplicationsPanel(DashboardPanel):
        title = "Applications waiting for a decision"
        order = 130
        columns = ["Person", "Programme", "Waiting"]
        empty_message = "No application is waiting."

        def shown_to(self, user) -> bool:
            return user.has_perm("programmes.decide_applications")

        def rows(self) -> list[Row]:
            return [Row([Cell(a.person_label, url=...), Cell(a.programme), Cell(age(a))])
                    for a in selectors.waiting_applications()[:10]]

`rows()` runs only for people `shown_to` lets in, and only when the dashboard is drawn.
A row may carry one `Action`: a button that POSTs to `url` (with the CSRF token).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.middleware.csrf import get_token
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""


@dataclass(frozen=True)
class Action:
    """A button in a row that POSTs to `url`; `label` names what it does to what."""

    label: str
    url: str
    text: str = ""


@dataclass
class Row:
    cells: list[Cell]
    action: Action | None = None


@dataclass
class Summary:
    """A line under the heading, e.g. "3 waiting; the oldest 5 days", and a link."""

    text: str = ""
    link_url: str = ""
    link_text: str = ""
    extra: dict = field(default_factory=dict)


class DashboardPanel(Component):
    """One dashboard panel: a heading, a summary line, a short table, and a link to the
    full screen. Subclasses set `title`, `columns` and `empty_message` and give
    `shown_to(user)` and `rows()`; `summary()` is optional."""

    template_name = "core/dashboard_panel.html"
    title = ""
    # Wagtail's own panels use 100 to 300; ours sit before them, in this order.
    order = 50
    columns: list[str] = []
    empty_message = "Nothing here."
    # True when rows carry an Action: the last column holds its button.
    has_actions = False

    def __init__(self, request):
        self.request = request

    @property
    def user(self):
        return self.request.user

    def shown_to(self, user) -> bool:
        raise NotImplementedError

    def rows(self) -> list[Row]:
        raise NotImplementedError

    def summary(self) -> Summary | None:
        return None

    @property
    def panel_id(self) -> str:
        return "irp-" + type(self).__name__.lower()

    def get_context_data(self, parent_context=None):
        return {
            "panel": self,
            "panel_id": self.panel_id,
            "rows": self.rows(),
            "summary": self.summary(),
            "csrf_token": get_token(self.request),
        }


def dashboard_panel(panel_class: type[DashboardPanel]) -> type[DashboardPanel]:
    """Put `panel_class` on the dashboard (Wagtail's construct_homepage_panels hook) for
    the people its `shown_to` admits. Use it as a class decorator in wagtail_hooks.py."""

    def add(request, panels):
        panel = panel_class(request)
        if panel.shown_to(request.user):
            panels.append(panel)

    hooks.register("construct_homepage_panels", add)
    return panel_class


def age(moment: datetime, *, now: datetime | None = None) -> str:
    """How long ago `moment` was, in words a person reads at a glance."""
    seconds = max(0, int(((now or timezone.now()) - moment).total_seconds()))
    if seconds < 3600:
        minutes = max(1, seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 2 * 86400:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = seconds // 86400
    return f"{days} days"
