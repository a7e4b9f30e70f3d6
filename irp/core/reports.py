"""Staff reports in the Wagtail admin: a table on screen and the same rows as CSV.

An app builds a `Report` from its own selectors in a view and answers with
`respond(request, report)`; `?format=csv` gives the download. `ReportMenuItem` puts it
under the admin's Reports menu for the people `shown_to` admits:

    @hooks.register("register_reports_menu_item")
    def enquiries_report_item():
        return ReportMenuItem("Enquiries", reverse("enquiry_reports:index"),
                              shown_to=lambda user: user.has_perm(...))
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from wagtail.admin.menu import MenuItem

from .spreadsheets import csv_writer


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    # The CSV file's name, without ".csv"; `?format=csv&table=<slug>`.
    slug: str


@dataclass
class Report:
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)


def respond(request, report: Report):
    """The report as an admin page, or one of its tables as CSV (`?format=csv&table=`).
    Reports are read-only: anything but GET and HEAD is refused (after the view's own
    permission check, so people without it are refused as everywhere else)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if request.GET.get("format") == "csv":
        wanted = request.GET.get("table", "")
        table = next((t for t in report.tables if t.slug == wanted), report.tables[0])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{table.slug}.csv"'
        writer = csv_writer(response)
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow(row)
        return response
    return TemplateResponse(
        request, "core/report.html", {"report": report, "page_title": report.title}
    )


class ReportMenuItem(MenuItem):
    def __init__(self, label, url, *, shown_to: Callable, **kwargs):
        super().__init__(label, url, icon_name=kwargs.pop("icon_name", "table"), **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)
