"""What every response must carry, whatever it answers (200, a redirect, a 404, a 405)."""

STRICT_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}, names lower-cased."""
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    return directives


# The admins' one documented exception (irp/core/middleware.py): Wagtail's editor and
# choosers write inline scripts without a nonce (wagtail/wagtail#1288), so script-src
# there allows 'unsafe-inline' (never 'unsafe-eval'), and the editor's live preview
# frames the admin's own preview view, so frame-ancestors is 'self'.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def header_problems(response, *, path: str = "") -> list[str]:
    """Every way the response's security headers fall short, as readable sentences."""
    in_admin = path.startswith(ADMIN_PREFIXES)
    allowed_unsafe = {"'unsafe-inline'"} if in_admin else set()
    allowed_ancestors = (["'none'"], ["'self'"]) if in_admin else (["'none'"],)
    problems = []
    policy = response.headers.get("Content-Security-Policy")
    if not policy:
        problems.append("no Content-Security-Policy")
    else:
        directives = csp_directives(policy)
        scripts = directives.get("script-src", directives.get("default-src"))
        if scripts is None:
            problems.append("CSP allows scripts from anywhere (no script-src or default-src)")
        elif ({"'unsafe-inline'", "'unsafe-eval'"} - allowed_unsafe) & set(scripts):
            problems.append(f"CSP script-src allows unsafe sources: {' '.join(scripts)}")
        if directives.get("frame-ancestors") not in allowed_ancestors:
            problems.append("CSP lacks frame-ancestors 'none'")
        if directives.get("object-src") != ["'none'"]:
            problems.append("CSP lacks object-src 'none'")
    if response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    referrer = response.headers.get("Referrer-Policy", "")
    if not {p.strip() for p in referrer.lower().split(",")} <= STRICT_REFERRER_POLICIES or (
        not referrer
    ):
        problems.append(f"Referrer-Policy is not strict: {referrer!r}")
    if not response.headers.get("Permissions-Policy"):
        problems.append("no Permissions-Policy")
    return problems
