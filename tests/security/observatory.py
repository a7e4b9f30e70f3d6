"""A scorer for response headers following the Mozilla HTTP Observatory's published
scoring rules (httpobs/docs/scoring.md in github.com/mozilla/http-observatory, the
2024 table that MDN's Observatory uses).

Every site starts at 100; each test adds its modifier. Bonuses (positive modifiers)
count only when the score without them is 90 or more. Only the tests one response
can answer are scored here: CSP, cookies, CORS, HSTS, Referrer-Policy,
X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy, and
subresource integrity for the scripts on an HTML page. Redirection is scored from the
plain-HTTP response, when given.
"""

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from .headers import csp_directives

SIX_MONTHS = 15768000
PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url"}
# Names Observatory treats as session cookies.
SESSION_NAMES = re.compile(r"(login|sess)", re.IGNORECASE)


@dataclass
class Score:
    modifiers: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        penalties = sum(m for m in self.modifiers.values() if m < 0)
        bonuses = sum(m for m in self.modifiers.values() if m > 0)
        base = 100 + penalties
        return max(0, base + bonuses if base >= 90 else base)


def _csp(headers) -> tuple[str, int]:
    policy = headers.get("Content-Security-Policy")
    if not policy:
        return "csp-not-implemented", -25
    directives = csp_directives(policy)
    scripts = directives.get("script-src", directives.get("default-src", ["*"]))
    styles = directives.get("style-src", directives.get("default-src", ["*"]))
    everything = [s for sources in directives.values() for s in sources]
    if "'unsafe-inline'" in scripts or any(s in scripts for s in ("*", "http:", "https:", "data:")):
        return "csp-implemented-with-unsafe-inline", -20
    if any(s.startswith("http:") for s in everything):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if "'unsafe-inline'" in styles:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if directives.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def _cookies(set_cookie_headers: list[str], hsts: bool) -> tuple[str, int]:
    jar = SimpleCookie()
    for header in set_cookie_headers:
        jar.load(header)
    if not jar:
        return "cookies-not-found", 0
    worst = ("cookies-secure-with-httponly-sessions-and-samesite", 5)
    for name, morsel in jar.items():
        session = bool(SESSION_NAMES.search(name))
        samesite = morsel["samesite"].lower()
        checks = [
            (session and not morsel["secure"] and not hsts, "cookies-session-without-secure-flag", -40),  # noqa: E501
            (session and not morsel["httponly"], "cookies-session-without-httponly-flag", -30),
            (samesite not in ("", "lax", "strict", "none"), "cookies-samesite-flag-invalid", -20),
            (not morsel["secure"] and not hsts, "cookies-without-secure-flag", -20),
            (session and not morsel["secure"], "cookies-session-without-secure-flag-but-protected-by-hsts", -10),  # noqa: E501
            (not morsel["secure"], "cookies-without-secure-flag-but-protected-by-hsts", -5),
            (not samesite, "cookies-secure-with-httponly-sessions", 0),
        ]  # fmt: skip
        for failed, test, modifier in checks:
            if failed and modifier < worst[1]:
                worst = (test, modifier)
    return worst


def _hsts(headers) -> tuple[str, int]:
    value = headers.get("Strict-Transport-Security")
    if not value:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", value, re.IGNORECASE)
    if not match:
        return "hsts-header-invalid", -20
    if int(match[1]) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    # Being on the browsers' preload list (+5) is a fact about the world, not a header.
    return "hsts-implemented-max-age-at-least-six-months", 0


def _referrer(headers) -> tuple[str, int]:
    value = headers.get("Referrer-Policy")
    if not value:
        return "referrer-policy-not-implemented", 0
    # Browsers use the last policy they understand.
    policy = [p.strip().lower() for p in value.split(",") if p.strip()][-1]
    if policy in PRIVATE_REFERRER:
        return "referrer-policy-private", 5
    if policy == "no-referrer-when-downgrade":
        return "referrer-policy-no-referrer-when-downgrade", 0
    if policy in UNSAFE_REFERRER:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def _nosniff(headers) -> tuple[str, int]:
    value = headers.get("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def _frames(headers) -> tuple[str, int]:
    policy = csp_directives(headers.get("Content-Security-Policy", ""))
    if policy.get("frame-ancestors") in (["'none'"], ["'self'"]):
        return "x-frame-options-implemented-via-csp", 5
    value = headers.get("X-Frame-Options", "").strip().upper()
    if not value:
        return "x-frame-options-not-implemented", -20
    if value in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-header-invalid", -20


def _cors(headers) -> tuple[str, int]:
    if headers.get("Access-Control-Allow-Origin", "").strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-not-implemented", 0


def _corp(headers) -> tuple[str, int]:
    value = headers.get("Cross-Origin-Resource-Policy")
    if value is None:
        return "corp-not-implemented", 0
    if value.strip().lower() in ("same-origin", "same-site", "cross-origin"):
        return "corp-implemented", 0
    return "corp-header-invalid", -5


def _sri(headers, body: str) -> tuple[str, int]:
    if "html" not in headers.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html", 0
    scripts = re.findall(r"<script\b[^>]*>", body, re.IGNORECASE)
    external = [s for s in scripts if re.search(r"src=[\"']?(https?:)?//", s, re.IGNORECASE)]
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if all("integrity=" in s for s in external):
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def _redirection(http_response) -> tuple[str, int]:
    location = http_response.headers.get("Location", "")
    if http_response.status_code not in (301, 302, 307, 308) or not location:
        return "redirection-missing", -20
    if not location.startswith("https://"):
        return "redirection-not-to-https", -20
    return "redirection-to-https", 0


def score(response, *, set_cookies: list[str] = (), http_response=None) -> Score:
    """Score an HTTPS `response` (a Django test response or anything with .headers and
    .content). `set_cookies` are the Set-Cookie headers the site sends over a visit;
    `http_response` is what the same address answers over plain HTTP."""
    headers = response.headers
    body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    hsts_test, hsts_modifier = _hsts(headers)
    results = [
        _csp(headers),
        _cookies(list(set_cookies), hsts=hsts_modifier == 0),
        _cors(headers),
        (hsts_test, hsts_modifier),
        _referrer(headers),
        _nosniff(headers),
        _frames(headers),
        _corp(headers),
        _sri(headers, body),
    ]
    if http_response is not None:
        results.append(_redirection(http_response))
    return Score(dict(results))
