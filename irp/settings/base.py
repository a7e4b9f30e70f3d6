"""Settings for the embedded default: SQLite in the data folder, emails to the console.

This is the only settings module that reads the environment. Every variable is
optional here; `production.py` insists on the ones a real deployment needs.

    DATABASE_URL   e.g. postgres://user@host:5432/irp   (default: SQLite in IRP_DATA_DIR)
    SECRET_KEY     a long random string                  (default: a fixed key for local use)
    ALLOWED_HOSTS  comma-separated host names            (default: localhost names)
    EMAIL_URL      how the worker delivers mail, e.g. smtp+tls://user:pass@host:587
                                                         (default: print it to the console)
    CACHE_URL      e.g. redis://127.0.0.1:6379/1         (default: the database)
    DEBUG          on/off                                (default: on, for local use)
    IRP_DATA_DIR   where SQLite and uploaded media live  (default: ./data)
    IRP_STATIC_ROOT  where `irp collectstatic` puts files  (default: ./staticfiles)
    SITE_URL       the public address, for links in emails (default: http://127.0.0.1:8000)
    TRUSTED_PROXY_COUNT  proxies in front of the app that append to X-Forwarded-For (default: 0)
    FRONTEND_CACHE_URLS  comma-separated addresses of the caching fronts (Varnish) to purge,
                   e.g. http://127.0.0.1:6081                (default: none)
    METRICS_PORTS  e.g. 9100-9131: each process (gunicorn worker, task worker) serves
                   Prometheus metrics on loopback on the first free port of the range
                                                         (default: no metrics)
    MEDIA_S3_BUCKET  uploaded media in this S3-compatible bucket, with AWS_S3_ENDPOINT_URL,
                   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME
                                                         (default: files in IRP_DATA_DIR)
    ERROR_REPORTING_DSN  a Sentry-compatible DSN for errors (default: none; production only)
    LOG_FORMAT     text or json                              (default: text; production: json)
    FRONT_CACHE_SECONDS  how long a front keeps an anonymous page at most (default: 300)
"""

from pathlib import Path

import environ

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent

env = environ.Env()

DATA_DIR = Path(env.str("IRP_DATA_DIR", default=str(PROJECT_DIR / "data")))

# A fixed key is fine for the embedded default only; production.py refuses it.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-local-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# How many reverse proxies (load balancers) stand in front of the app and append to
# X-Forwarded-For. Zero: the socket's address is the client's. See irp/core/http.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
WAGTAILADMIN_BASE_URL = SITE_URL

# --- Applications ------------------------------------------------------------------

INSTALLED_APPS = [
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # allauth's list of passkeys loads the humanize template tags.
    "django.contrib.humanize",
    "django.contrib.admin",
    # Third party
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_prometheus",
    # Ours
    "irp.core",
    # The data register: what each app stores about people, and why (irp/privacy).
    "irp.privacy",
    "irp.accounts",
    "irp.pages",
    "irp.articles",
    "irp.audit",
    "irp.emails",
    "irp.enquiries",
    "irp.live_discussions",
    "irp.reflections",
    "irp.programmes",
    "irp.scale",
    "irp.conversations",
    "irp.cpd",
]

MIDDLEWARE = [
    # Request counts and durations for Prometheus (django-prometheus), around everything.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Every log line of a request carries its id (irp/core/logs.py).
    "irp.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # GET, HEAD and POST only: the site has no API (irp/core/middleware.py).
    "irp.core.middleware.AllowedMethodsMiddleware",
    # Public site: anonymous page views from the shared cache (irp/pages/cache.py).
    "irp.pages.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The client address the audit log records beside each entry (irp/audit/middleware.py).
    "irp.audit.middleware.RequestAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # The admins are left out of the policy above and get their own.
    "irp.core.middleware.AdminContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # An upload while the S3-compatible media storage is down: a clear 503.
    "irp.core.middleware.MediaStorageUnavailableMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "irp.urls"
WSGI_APPLICATION = "irp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "irp.core.context_processors.site",
            ],
        },
    },
]

# --- Data --------------------------------------------------------------------------

DATABASE_URL_GIVEN = "DATABASE_URL" in env
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'irp.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read and write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    # Keep connections open between requests: opening one runs the PRAGMAs above, and
    # closing the last one checkpoints the WAL, which together cost tens of milliseconds.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
else:
    # Connections are kept between requests, and checked (Django's own `SELECT 1`) before
    # the first query of each request that reuses one: a connection the server closed (a
    # restart, a failover) is replaced instead of failing that request.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache every app process shares (rate limits must hold across processes).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://irp_cache")}

# --- Accounts ----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"

# allauth: email only, no usernames. https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True

# --- Accounts and reflections (irp.accounts, irp.reflections) ----------------------
# https://docs.allauth.org/en/latest/account/configuration.html
# Sign-up, sign-in and reset answer the same way whether or not an address is known.
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's defaults, on: they count in the shared CACHES["default"] (the database
# cache, or Redis), so every app process sees the same counts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# The client's address is read the same way everywhere (irp.core.http.client_ip): only
# the X-Forwarded-For entry written by our own proxies counts, so rotating the header
# does not reset a limit. The adapter uses client_ip; allauth's own setting agrees.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_ADAPTER = "irp.accounts.adapters.AccountAdapter"
# Sign-up hashes the password for a known address too, so timing reveals nothing.
# Every form also carries our labels, hints and messages (forms.OurWords).
ACCOUNT_FORMS = {
    "signup": "irp.accounts.forms.SignupForm",
    "reset_password": "irp.accounts.forms.ResetPasswordForm",  # writes the security log
    "login": "irp.accounts.forms.LoginForm",
    "add_email": "irp.accounts.forms.AddEmailForm",
    "change_password": "irp.accounts.forms.ChangePasswordForm",
    "set_password": "irp.accounts.forms.SetPasswordForm",
    "reset_password_from_key": "irp.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "irp.accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Infinite Recovery: "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# MFA: an authenticator app (TOTP) with recovery codes, and passkeys (WebAuthn).
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Infinite Recovery"
MFA_FORMS = {
    "authenticate": "irp.accounts.forms.AuthenticateForm",
    "reauthenticate": "irp.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "irp.accounts.forms.ActivateTOTPForm",
}
# Passkeys need HTTPS; the embedded default runs on http://127.0.0.1, so allow it
# there only (production.py turns it off).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
LOGIN_REDIRECT_URL = "/reflect/"  # the practitioner's home
# Reflection bodies and drafts are encrypted at rest with these Fernet keys, newest
# first (MultiFernet: the first encrypts, all decrypt). Comma-separated. Without
# the variable, a key is generated once into IRP_DATA_DIR/reflection-keys for local
# use; production.py refuses to start without real keys. Rotate with
# `irp rotate-reflection-keys` after putting a new key first.
REFLECTION_KEYS = env.list("REFLECTION_KEYS", default=[])
REFLECTION_KEYS_GIVEN = bool(REFLECTION_KEYS)
# How many of a person's own entries a search decrypts at most (see reflections README).
REFLECTION_SEARCH_LIMIT = 2000

# Anyone reaching /admin/ or /django-admin/ signs in through allauth, and everyone
# whose role sees other people's data passes two steps (irp/accounts/two_step.py).
# Sessions end 12 hours after sign-in, and after 30 idle minutes for those roles.
MIDDLEWARE = [
    *MIDDLEWARE,
    "irp.accounts.middleware.SessionLimitsMiddleware",
    "irp.accounts.middleware.TwoStepMiddleware",
]
SESSION_COOKIE_AGE = 12 * 60 * 60  # the browser forgets the cookie when the server would

# --- Background work and email -----------------------------------------------------

# Tasks are rows in the database; `irp worker` runs them (`irp demo` starts one itself).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Every outgoing message, whoever sends it (our apps, allauth, Django, Wagtail), is
# first a row in our queue (irp.emails), written in the same transaction as whatever
# caused it, so a message is never lost to an SMTP outage. `irp worker` delivers it
# through EMAIL_DELIVERY_BACKEND, the real transport read from EMAIL_URL.
EMAIL_BACKEND = "irp.emails.backends.QueueBackend"
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10  # seconds: a dead SMTP server never hangs a worker
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Infinite Recovery <hello@infiniterecovery.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Finished task rows (successful or failed) are deleted this many days after they
# finished, by a daily task in the worker's schedule (irp/core/tasks.py).
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=7)

# --- Email delivery and enquiries (irp.emails, irp.enquiries) ----------------------

# Each message is tried up to EMAIL_MAX_ATTEMPTS times, waiting 1, 2, 4 … minutes
# (capped at an hour) between attempts, then marked failed and shown to staff.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)
EMAIL_RETRY_BASE_SECONDS = 60
EMAIL_RETRY_MAX_SECONDS = 3600
# A message still "sending" this long after its worker claimed it was interrupted by a
# crash; it is marked failed rather than resent (it may already have arrived).
EMAIL_SENDING_STALE_SECONDS = 600
# A sent message's text and attachments are kept this many days (for staff to look
# into a complaint), then removed; to whom, the subject, status and dates stay.
EMAIL_BODY_RETENTION_DAYS = env.int("EMAIL_BODY_RETENTION_DAYS", default=30)
# Closed enquiries are erased this many months after they were closed.
ENQUIRY_RETENTION_MONTHS = env.int("ENQUIRY_RETENTION_MONTHS", default=24)
# Per client address and per email address, through the shared cache.
ENQUIRY_RATE_LIMIT_PER_HOUR = env.int("ENQUIRY_RATE_LIMIT_PER_HOUR", default=5)
# A form sent sooner than this after it was shown is kept apart as suspected spam.
ENQUIRY_MIN_FILL_SECONDS = env.int("ENQUIRY_MIN_FILL_SECONDS", default=3)

# --- CPD records (irp.cpd) ---------------------------------------------------------

# An evidence file may be this large at most (bytes); uploads larger are refused.
CPD_EVIDENCE_MAX_BYTES = env.int("CPD_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# An export of more records than this is made by the worker, with an email when ready.
CPD_EXPORT_IN_BACKGROUND_FROM = env.int("CPD_EXPORT_IN_BACKGROUND_FROM", default=200)
# Look-ups of the public certificate verification page per client address per minute.
CPD_VERIFY_RATE_PER_MINUTE = env.int("CPD_VERIFY_RATE_PER_MINUTE", default=30)
# --- The audit log (irp.audit) -----------------------------------------------------

# Entries are deleted this many years after they were made, by a daily task
# (irp/audit/tasks.py). Six years: the limitation period for most claims in the UK.
AUDIT_RETENTION_YEARS = env.int("AUDIT_RETENTION_YEARS", default=6)

# --- Wagtail -----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Infinite Recovery"
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_LOGIN_URL = "account_login"
# A private page ("signed-in people only") sends visitors to the same sign-in as
# everything else, not to Wagtail's own form.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# One password reset for everyone, allauth's (rate-limited, same answer for any
# address): Wagtail's /admin/password_reset/ pages answer 404 (irp/urls.py redirects
# the form's address to /accounts/password/reset/).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no requests to other hosts from the admin
# No Gravatar either: each avatar request would hand a hash of a staff member's email
# address to another company. Wagtail shows its own default picture instead.
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-gravatar-provider-url
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
# The caching fronts (Varnish, deploy/varnish/default.vcl) that keep anonymous pages:
# publishing purges a page and the pages listing it from each (irp/pages/front.py), with
# Wagtail's HTTP purge backend. Pages say how long a front may keep them (s-maxage).
# https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
FRONTEND_CACHE_URLS = env.list("FRONTEND_CACHE_URLS", default=[])
WAGTAILFRONTENDCACHE = {
    f"front{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": url,
    }
    for number, url in enumerate(FRONTEND_CACHE_URLS, start=1)
}
FRONT_CACHE_SECONDS = env.int("FRONT_CACHE_SECONDS", default=300)

# --- Operations: metrics and error reports -----------------------------------------

# Prometheus metrics are never served by the site itself: each process answers on its
# own loopback port from this range, for a scraper on the same host (deploy/README.md).
# https://github.com/korfuri/django-prometheus/blob/master/documentation/exports.md
_metrics_ports = env.str("METRICS_PORTS", default="")
if _metrics_ports:
    _first, _, _last = _metrics_ports.partition("-")
    PROMETHEUS_METRICS_EXPORT_PORT_RANGE = range(int(_first), int(_last or _first) + 1)
    PROMETHEUS_METRICS_EXPORT_ADDRESS = "127.0.0.1"
ERROR_REPORTING_DSN = env.str("ERROR_REPORTING_DSN", default="")

# --- Static files and media --------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("IRP_STATIC_ROOT", default=str(PROJECT_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded media served by Django itself: for local use only (DEBUG, or `irp demo`);
# production serves MEDIA_ROOT, or S3-compatible storage, from the front server.
SERVE_MEDIA = DEBUG
# "private" is for files only their owner may fetch (CPD evidence and exports): outside
# MEDIA_ROOT and with no base URL; the app checks who asks, then serves the file or
# redirects to a signed address that expires (irp.core.files).
PRIVATE_MEDIA_URL_SECONDS = 300
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private-media", "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Shared media for several app servers: an S3-compatible bucket (django-storages).
# Wagtail's images, renditions and documents are public objects at plain addresses;
# private files get signed addresses valid for PRIVATE_MEDIA_URL_SECONDS.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    _s3 = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Public objects (a bucket that refuses ACLs needs a policy opening public/).
        "OPTIONS": {
            **_s3,
            "location": "public",
            "default_acl": "public-read",
            "querystring_auth": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_MEDIA_URL_SECONDS,
        },
    }
    SERVE_MEDIA = False  # the bucket serves media
# Serve static files from the finders too, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- Language and time -------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Security (tightened further in production.py) --------------------------------

SESSION_COOKIE_HTTPONLY = True
# Messages ride in the session: no separate "messages" cookie, which could not carry the
# `__Host-` prefix production gives every cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Permissions-Policy (django-permissions-policy): every powerful browser feature off,
# except passkeys (WebAuthn sign-in and set-up) and full screen and copying, for this
# site only. An empty list is "()": no origin, not even ours.
_DENIED_FEATURES = [
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "interest-cohort",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "speaker-selection",
    "usb",
    "web-share",
    "window-management",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = {
    **{feature: [] for feature in _DENIED_FEATURES},
    "clipboard-write": ["self"],
    "fullscreen": ["self"],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}

# django-csp 4: no inline scripts anywhere on the public site. The Wagtail and Django
# admins run their own inline scripts and are left out of this policy; they get one
# of their own (irp.core.middleware.AdminContentSecurityPolicyMiddleware).
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Log lines go to standard output (systemd's journal, or the container's log), as JSON
# when LOG_FORMAT=json (production's default), each with the request id that caused it,
# in the task worker too (irp/core/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="")
LOG_FORMAT_GIVEN = bool(LOG_FORMAT)
LOG_FORMAT = LOG_FORMAT or "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "irp.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "irp": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
