"""Every URL of the site, for every role, GET and POST, against the checked-in table
access_matrix.csv; and the security headers of every one of those responses.

Cells say what a role gets: a status code ("200", "404", ...), "login" (sent to
sign in), "mfa" (sent to set up an authenticator app or passkey first) or "302"
(sent anywhere else). The objects in the paths belong to `practitioner` or to the
session `facilitator` runs (see world.py), so the other roles' cells prove that
other people's things answer 404.

The Wagtail and Django admins have hundreds of patterns. Those with a row in the
table are checked as written; every other admin pattern follows ADMIN_RULE. Every
other URL pattern must have a row: a new view without one fails here.

After a deliberate change, `IRP_WRITE_ACCESS_MATRIX=1 uv run pytest tests/security -k
matrix` rewrites the table from what the site answers; review the diff cell by cell.
"""

import copy
import csv
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction

from .headers import header_problems
from .world import METHODS, ROLES, all_routes, build_world, sample_path, signed_in_clients

MATRIX = Path(__file__).with_name("access_matrix.csv")
COLUMNS = ["route", "path", "method", *ROLES]
# Any status but a server error: the admins' own permission checks decide, and the
# rows of the table pin down the screens that hold people's data.
ANY = "any"
SKIP = "skip"
# Admin patterns without a row: nobody without a second step at sign-in gets in. The
# admins are guarded by URL, before any view runs, so one role of each kind is enough
# there: the others would repeat its cells at a cost of seconds per role.
_ADMIN_GET = {
    "anonymous": "login",
    "practitioner": "mfa",
    "staff_admin_no_mfa": "mfa",
    "facilitator": ANY,
    "staff_admin": ANY,
    "staff_editor": ANY,
}
_ADMIN_POST = {"anonymous": "login", "practitioner": "mfa", "staff_admin": ANY}
ADMIN_RULE = {
    "get": {role: _ADMIN_GET.get(role, SKIP) for role in ROLES},
    "post": {role: _ADMIN_POST.get(role, SKIP) for role in ROLES},
}
# Wagtail's own admin views that answer a staff member's empty or malformed request with
# a server error. Only people through the second step reach them; nothing leaks.
WAGTAIL_FAULTS = {
    "admin/failwhale/": "Wagtail's deliberate error page, for trying out error reporting",
    "admin/choose-external-link/": "an empty POST",
    "admin/redirects/import/process/": "an empty POST",
    "admin/snippets/choose/articles/articlecategory/create/": "an empty POST",
    "admin/snippets/choose/reflections/promptcollection/create/": "an empty POST",
}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/django-admin/login/")


def load_matrix() -> list[dict]:
    with MATRIX.open(newline="") as file:
        return list(csv.DictReader(file))


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        if location.startswith(LOGIN_PATHS):
            return "login"
        if location.startswith("/accounts/2fa/"):
            return "mfa"
        return "302"
    return str(response.status_code)


def request(client, method: str, path: str):
    """One request whose effects are all undone: the database rolls back and the
    client keeps its cookies, so a POST to sign out or erase an account changes
    nothing for the next cell. The cache is emptied so rate limits never count."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    client.cookies = cookies
    cache.clear()
    return response


def test_every_url_pattern_has_a_row_in_the_table():
    rows = {row["route"] for row in load_matrix()}
    routes = {route.pattern for route in all_routes()}
    missing = sorted(
        r for r in routes if r not in rows and not r.startswith(("admin/", "django-admin/"))
    )
    assert not missing, (
        "These URL patterns have no row in tests/security/access_matrix.csv; add one per "
        "method with the status each role should get:\n  " + "\n  ".join(missing)
    )
    stale = sorted(rows - routes)
    assert not stale, "These rows name URL patterns the site no longer has:\n  " + "\n  ".join(
        stale
    )
    for row in load_matrix():
        assert set(row) == set(COLUMNS) and all(row[c] for c in COLUMNS), row


def _cells(world):
    """(route, path, method, {role: expected}) for every row, then the admin rule."""
    values = {**world["values"], "owner36": _base36(world["values"]["owner"])}
    listed = set()
    for row in load_matrix():
        listed.add(row["route"])
        cells = {role: row[role] for role in ROLES}
        yield row["route"], row["path"], row["path"].format(**values), row["method"], cells
    for route in all_routes():
        if route.is_admin and route.pattern not in listed:
            for method in METHODS:
                path = sample_path(route.pattern)
                yield route.pattern, path, path, method, ADMIN_RULE[method]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text or "0"


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says_with_safe_headers():
    world = build_world()
    clients = signed_in_clients(world["people"])
    wrong, unsafe, observed, count = [], {}, [], 0
    for route, template, path, method, expected in _cells(world):
        seen = {}
        for role in ROLES:
            want = expected[role]
            if want == SKIP:
                continue
            response = request(clients[role], method, path)
            count += 1
            got = seen[role] = outcome(response)
            ok = response.status_code < 500 if want == ANY else got == want
            if want == ANY and route in WAGTAIL_FAULTS:
                ok = True
            if not ok:
                wrong.append(f"{method.upper()} {path} as {role}: expected {want}, got {got}")
            for problem in header_problems(response, path=path):
                unsafe.setdefault(problem, f"{method.upper()} {path} as {role}")
        if SKIP not in expected.values():
            observed.append({"route": route, "path": template, "method": method, **seen})
    if os.environ.get("IRP_WRITE_ACCESS_MATRIX"):
        _write(observed, os.environ["IRP_WRITE_ACCESS_MATRIX"])
    print(f"access matrix: {count} requests")
    report = []
    if wrong:
        report.append(f"{len(wrong)} of {count} cells differ from the table:\n" + "\n".join(wrong))
    if unsafe:
        report.append("Responses with unsafe headers (first example of each):\n" + "\n".join(
            f"{problem}: {example}" for problem, example in unsafe.items()))  # fmt: skip
    assert not report, "\n\n".join(report)


def _write(observed, target: str):
    """Write what the site answered: to the table itself for "1", else to that file."""
    with (MATRIX if target == "1" else Path(target)).open("w", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        writer.writerows(observed)
