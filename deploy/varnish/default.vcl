vcl 4.1;
# The caching front of the Infinite Recovery site (Varnish 7).
#
# - Anonymous page views are cached for as long as the app's Cache-Control allows
#   (`public, s-maxage=N`, set by irp/pages/cache.py); nothing else is, because the
#   app marks nothing else public.
# - Anyone with a session or CSRF cookie (signed in, or part-way through a form), any
#   request with credentials, and every method but GET and HEAD goes to the app as it
#   came, uncached.
# - A response that sets a cookie is never stored.
# - While every app server is down or sick, pages cached before are served stale for up
#   to six hours (grace); while they are healthy, for ten seconds at most while a fresh
#   copy is fetched.
# - The app servers are probed at /healthz (which answers 503 when the database does not)
#   and requests are shared between the healthy ones.
# - PURGE (one address, from Wagtail's frontend cache) and BAN (everything) are accepted
#   from the app servers only (acl purgers).
# - /metrics is never served through the front (the app has no such address; metrics
#   are on a separate port, see deploy/README.md).
#
# backends.vcl (beside this file) names the app servers; bench/cluster.py and
# compose.yaml put their own beside a copy of this file.

import directors;
import std;

probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: localhost"
        "Connection: close";
    .timeout = 2s;
    .interval = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# The app servers, the director sharing requests between them (`apps`) and who may
# purge (`purgers`) are in backends.vcl, beside this file: one per deployment.
include "./backends.vcl";

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }

    # One id per request, in Varnish's log and the app's (irp/core/logs.py).
    if (!req.http.X-Request-ID) {
        set req.http.X-Request-ID = req.xid;
    }

    if (req.url ~ "^/metrics") {
        return (synth(404, "Not found"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Signed in, or holding a form's CSRF token: straight to the app. The names cover
    # both the embedded default's cookies and production's `__Host-` ones.
    if (req.http.Cookie ~ "(^|;\s*)(__Host-)?(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (none of ours) says nothing about the page: drop it, so the
    # page is shared.
    unset req.http.Cookie;

    # Grace: a short one while the app servers are healthy, six hours while none is.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    set beresp.grace = 6h;
    # Stored only when the app said the response may be shared (Cache-Control: public)
    # and sets no cookie; everything else is fetched afresh each time.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    # Age (from Varnish) says how long a copy was kept; X-Cache says hit or miss.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.Via;
    # This request's id, not that of the request which stored a cached copy.
    set resp.http.X-Request-ID = req.http.X-Request-ID;
}
