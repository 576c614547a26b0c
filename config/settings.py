"""leadpact settings. Everything a deployment changes comes from LEADPACT_* variables (README)."""

from pathlib import Path
from typing import Any

import dj_database_url

from config.env import env_bool, env_list, env_str, leadpact_home, secret_key

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
    "leadpact.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "leadpact.core.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A server-grade SQLite: concurrent readers (WAL), writers that queue instead of
        # failing (IMMEDIATE + busy timeout), and a 64 MiB page cache.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=10000;"
                "PRAGMA cache_size=-65536;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
        config["TEST"] = {"NAME": str(LEADPACT_HOME / "test.sqlite3")}
    return config


DATABASE_URL = env_str("LEADPACT_DATABASE_URL") or f"sqlite:///{LEADPACT_HOME / 'leadpact.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "leadpact" / "locale"]
TIME_ZONE = env_str("LEADPACT_TIME_ZONE", "Europe/Warsaw")
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

EMAIL_BACKEND = env_str("LEADPACT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LEADPACT_LOG_LEVEL", "WARNING")},
}
