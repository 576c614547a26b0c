"""leadpact settings. Everything a deployment changes comes from LEADPACT_* variables (README)."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_import_path,
    env_int,
    env_list,
    env_log_level,
    env_networks,
    env_origins,
    env_proxy_ssl_header,
    env_seconds,
    env_str,
    env_time_zone,
    env_url,
    leadpact_home,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
LEADPACT_HOME = leadpact_home()

SECRET_KEY = secret_key(LEADPACT_HOME)
DEBUG = env_bool("LEADPACT_DEBUG", False)
ALLOWED_HOSTS = env_list("LEADPACT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "js_lib_htmx",
    "ninja",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "leadpact.core",
    "leadpact.users",
    "leadpact.agreements",
    "leadpact.accounts",
    "leadpact.leads",
    "leadpact.touches",
    "leadpact.sla",
    "leadpact.feedback",
    "leadpact.notifications",
    "leadpact.reports",
    "leadpact.audit",
    "leadpact.privacy",
    "leadpact.web",
    "leadpact.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "leadpact.core.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leadpact.audit.middleware.AuditRequestMiddleware",
    "leadpact.web.middleware.UserPreferencesMiddleware",
    "leadpact.web.middleware.MethodNotAllowedPageMiddleware",
    "leadpact.core.middleware.ApiEnvelopeMiddleware",
    # After the user and their language, for its page; before any view reads a field.
    "leadpact.core.middleware.UnstorableInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "leadpact.web.context_processors.navigation",
            ],
        },
    },
]


def _prepare_threshold(value: str) -> int | None:
    if value.strip().lower() in {"none", ""}:
        return None
    if not value.strip().isdigit():
        raise ImproperlyConfigured(
            f"LEADPACT_DATABASE_URL: prepare_threshold must be a whole number or none, not {value!r}."
        )
    return int(value)


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A server-grade SQLite: concurrent readers (WAL), writers that queue instead of
        # failing (IMMEDIATE + busy timeout), and a 64 MiB page cache. The WAL is copied back
        # into the database every 10,000 pages (40 MiB), not SQLite's 1,000: an ingest batch
        # dirties over a thousand index pages, so the default checkpointed after every batch,
        # a quarter of ingestion's time; the file is cut back to 64 MiB after a checkpoint.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=10000;"
                "PRAGMA cache_size=-65536;"
                "PRAGMA wal_autocheckpoint=10000;"
                "PRAGMA journal_size_limit=67108864;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # psycopg prepares a statement run this often on one connection, so the server plans it
        # once: used by the reads every API request makes (`leadpact.core.compiled`); Django's
        # own cursors bind on the client and are never prepared.
        options = config.setdefault("OPTIONS", {})
        threshold = options.get("prepare_threshold", 5)
        # `?prepare_threshold=none` in the URL (a pooler in transaction mode) turns it off.
        if isinstance(threshold, str):
            threshold = _prepare_threshold(threshold)
        options["prepare_threshold"] = threshold
    return config


DATABASE_URL = env_url(
    "LEADPACT_DATABASE_URL",
    f"sqlite:///{LEADPACT_HOME / 'leadpact.sqlite3'}",
    schemes=("postgres", "postgresql", "sqlite"),
)
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds the same index without the extra
# columns, which is all it can do, and need not say so on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/sign-in/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/sign-in/"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lockout: 5 failures for one e-mail from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form's field is `username` (holding the e-mail), whatever USERNAME_FIELD says.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "web/auth/locked_out.html"
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy's address: the ones listed here are
# believed about the client (the right-most X-Forwarded-For address that is not one of them),
# for the lockout above and the audit log alike.
TRUSTED_PROXIES = env_networks("LEADPACT_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "leadpact.audit.context.request_ip"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
CSRF_FAILURE_VIEW = "leadpact.web.views.errors.csrf_failure"

# Nothing is loaded from elsewhere and no inline script or style runs (DESIGN.md: no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production mode (LEADPACT_DEBUG=false and LEADPACT_HTTPS=true): HTTPS only, cookies that
# never travel in clear, and HSTS. Behind a TLS-terminating proxy, LEADPACT_PROXY_SSL_HEADER=true
# trusts its X-Forwarded-Proto (or names another header); without it every request the proxy
# passes on in plain HTTP would be redirected to HTTPS again, for ever. The health checks answer
# a monitor that asks the server directly over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)"]
HTTPS_ONLY = env_bool("LEADPACT_HTTPS", False) and not DEBUG
CSRF_TRUSTED_ORIGINS = env_origins("LEADPACT_CSRF_TRUSTED_ORIGINS")
# Read whether or not they apply: a mistake in them shows before the day HTTPS is turned on.
_HSTS_SECONDS = env_int("LEADPACT_HSTS_SECONDS", 31536000)
_PROXY_SSL_HEADER = env_proxy_ssl_header("LEADPACT_PROXY_SSL_HEADER")
if HTTPS_ONLY:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = _PROXY_SSL_HEADER

LANGUAGE_CODE = "pl"
FORMAT_MODULE_PATH = ["leadpact.formats"]
LANGUAGES = [("pl", "Polski"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "leadpact" / "locale"]
TIME_ZONE = env_time_zone("LEADPACT_TIME_ZONE", "Europe/Warsaw")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = LEADPACT_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# A touch batch of 1000 items fits comfortably; anything larger is refused with 413 (README).
API_MAX_BODY_BYTES = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
INBOUND_MAX_SKEW_SECONDS = 300

# Personal data (docs/privacy.md): a lead whose last own action (touch, or creation) is older
# than this many days is erased by the daily retention sweep. 0 turns the sweep off.
LEADPACT_RETENTION_DAYS = env_int("LEADPACT_RETENTION_DAYS", 1095)

# The worker (`leadpact worker`): Huey with its queue in a SQLite file beside the data, or in
# Redis when LEADPACT_REDIS_URL is set. Tasks are thin; the tables hold the truth.
REDIS_URL = env_url("LEADPACT_REDIS_URL", "", schemes=("redis", "rediss", "unix"))
HUEY = {
    "name": "leadpact",
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL}
    if REDIS_URL
    else {"filename": str(LEADPACT_HOME / "queue.sqlite3")},
    "immediate": False,
    "utc": True,
    "consumer": {
        "workers": 2,
        "worker_type": "thread",
        "periodic": True,
        "check_worker_health": True,
    },
}

EMAIL_BACKEND = env_import_path(
    "LEADPACT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# Notifications (docs/integrations.md). E-mail goes over SMTP once LEADPACT_SMTP_HOST is set.
# Webhooks may reach public addresses only; LEADPACT_WEBHOOK_ALLOW_LOOPBACK=true also allows
# 127.0.0.1/::1, for tests and receivers on the same machine.
if env_str("LEADPACT_SMTP_HOST") and not env_str("LEADPACT_EMAIL_BACKEND"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("LEADPACT_SMTP_HOST", "localhost")
EMAIL_USE_TLS = env_bool("LEADPACT_SMTP_TLS", False)
EMAIL_PORT = env_int("LEADPACT_SMTP_PORT", 587 if EMAIL_USE_TLS else 25, minimum=1)
EMAIL_HOST_USER = env_str("LEADPACT_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("LEADPACT_SMTP_PASSWORD")
EMAIL_TIMEOUT = 10
EMAIL_FILE_PATH = str(LEADPACT_HOME / "sent-emails")  # for the file backend (`leadpact demo`)
DEFAULT_FROM_EMAIL = env_str("LEADPACT_DEFAULT_FROM_EMAIL", "leadpact <leadpact@localhost>")
LEADPACT_BASE_URL = env_url(
    "LEADPACT_BASE_URL", "http://127.0.0.1:8000", schemes=("https", "http")
).rstrip("/")
WEBHOOK_ALLOW_LOOPBACK = env_bool("LEADPACT_WEBHOOK_ALLOW_LOOPBACK", False)
WEBHOOK_TIMEOUT_SECONDS = env_seconds("LEADPACT_WEBHOOK_TIMEOUT", 5)
NOTIFICATIONS_LEASE_SECONDS = env_seconds("LEADPACT_NOTIFICATIONS_LEASE_SECONDS", 300)
NOTIFICATIONS_BATCH_SIZE = 50
NOTIFICATIONS_DELIVERY_THREADS = env_int("LEADPACT_NOTIFICATIONS_THREADS", 8, minimum=1)

LOG_LEVEL = env_log_level("LEADPACT_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "filters": {"forbidden": {"()": "leadpact.core.log_filters.ForbiddenWithoutTraceback"}},
    "loggers": {
        # Huey's consumer gives its logger a handler of its own unless it has one, and the
        # root's printed every line again; at INFO it logs every job the worker runs.
        "huey": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # A refusal by a role check is one line, not a traceback (the handlers are the root's).
        "django.request": {"filters": ["forbidden"]},
    },
}
