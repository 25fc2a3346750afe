"""Settings for Newsroom: one module, configured through environment variables."""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsroom import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP networks ("127.0.0.0/8, ::1/128"), each checked; none by default."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated IP networks such as 127.0.0.0/8, got {item!r}"
            ) from None
    return networks


DEBUG = env_bool("DEBUG", False)

# The production switch (set in the Dockerfile and docker-compose.yml) turns on what a
# deployment needs and refuses to start without a real key. Without it (make run, make
# test, the benchmarks, manage.py on loopback over http) the key is the one made once
# under var/ by the entry points (newsroom/secret_key.py); importing settings writes
# nothing. Each security setting below can also be set on its own (README, Settings).
PRODUCTION = env_bool(secret_key.PRODUCTION_SWITCH, False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "NEWSROOM_PRODUCTION is on, so SECRET_KEY must be set (for example to the "
            "output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if secret_key.is_weak(SECRET_KEY):
        raise ImproperlyConfigured(
            f"NEWSROOM_PRODUCTION is on, so SECRET_KEY must be at least "
            f"{secret_key.MIN_LENGTH} random characters"
        )
    if DEBUG:
        raise ImproperlyConfigured("NEWSROOM_PRODUCTION is on, so DEBUG must be off")
elif not SECRET_KEY:
    # Empty until an entry point has made the file: Django then refuses to sign anything.
    SECRET_KEY = secret_key.read_key(secret_key.key_file())

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0, 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
# Preloading is a promise to browsers' built-in lists that only the site's owner can make,
# so it is off unless asked for; the deployment check's reminder of it is silenced below.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The header a TLS-terminating proxy sets to say the client used HTTPS; trust it only
# behind such a proxy (it must overwrite what clients send). Empty: trust no header.
_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto" if PRODUCTION else "").strip()
if _ssl_header and not re.fullmatch(r"[A-Za-z0-9-]+", _ssl_header):
    raise ImproperlyConfigured(
        f"SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
        f"got {_ssl_header!r}"
    )
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _ssl_header.upper().replace("-", "_"), "https") if _ssl_header else None
)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    # Login throttling: failed log-ins are counted per username and address (below).
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "articles",
    "annotations",
    "suggestions",
    "agreement",
    "sources",
    "desk",
]

# Suggestions are computed in the background after a commit (suggestions.tasks); the
# thread backend runs them in this process without slowing the request or import down.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "suggestions.backends.ThreadBackend"),
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A 503 at once while the database is down (static files above still served).
    "newsroom.dbhealth.DatabaseUnavailableMiddleware",
    # Drops a cookie that could not be looked up as text (a NUL in the session's, say).
    "newsroom.inputs.CookieGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logged-in pages are nobody else's: no shared cache or back button keeps them.
    "newsroom.security.private_pages",
    # A 405 says which methods the address takes (Django sends it empty).
    "newsroom.middleware.explain_not_allowed",
    # Tags every history row written during a request with the user and URL.
    "pghistory.middleware.HistoryMiddleware",
    # Django's LoginRequiredMiddleware, answering htmx requests with a 401 (not a 302).
    "newsroom.middleware.HtmxLoginRequiredMiddleware",
    # A 400 naming the parameter for text PostgreSQL cannot hold (NUL, not UTF-8), before
    # any view runs: after CSRF's check and the login requirement, which answer first.
    "newsroom.inputs.InputGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: answers a locked-out log-in with newsroom.security.locked_out.
    "axes.middleware.AxesMiddleware",
]

# Only our own origin: no inline scripts, no CDN, no eval. The admin needs inline styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    # Embedded mode: only the URL. The entry points start the server (newsroom/boot.py);
    # importing the settings starts, creates and connects to nothing.
    from newsroom import embedded_db

    data_dir = embedded_db.data_dir_from_env(BASE_DIR)
    assert data_dir is not None
    return embedded_db.url_for(data_dir)


def _env_seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 60:
        raise ImproperlyConfigured(f"{name} must be more than 0 and at most 60, got {raw!r}")
    return value


try:
    DATABASES = {"default": dj_database_url.parse(_database_url(), conn_max_age=0)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL: it is the only database.")
# A pool with health checks survives a database restart: broken connections are dropped
# and replaced rather than handed out (Django passes the pool a check only when
# CONN_HEALTH_CHECKS is on). Options from the URL (e.g. ?sslmode=require) are kept.
# When the database is gone, a request waits at most DB_POOL_TIMEOUT for a connection
# before it is answered 503 (newsroom/dbhealth.py); a failed reconnection is given up
# after a second, so the next request tries afresh instead of waiting out the pool's
# backoff (which doubles up to minutes): the app serves again as soon as the database does.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES["default"]["OPTIONS"]["pool"] = {
    "min_size": 0,
    "max_size": env_int("DB_POOL_SIZE", 10, minimum=1),
    "timeout": _env_seconds("DB_POOL_TIMEOUT", 1.0),
    "reconnect_timeout": 1.0,
}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

# The DEBUG 500 page and error reports leave out what needs the database while it is gone.
DEFAULT_EXCEPTION_REPORTER = "newsroom.outage_reporter.OutageExceptionReporter"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks for a lockout before any password is checked.
# Login throttling first (django-axes), then Django's rules with a user's permissions read
# in one query (newsroom.auth_backend).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "newsroom.auth_backend.ModelBackendOneQuery",
]
# After 5 failed log-ins in a row for one username from one address, that pair waits 15
# minutes (each further try during the wait starts it again); a successful log-in clears
# the count. Per pair, so that nobody can lock an editor out from elsewhere by guessing
# wrong on purpose. An admin lifts a lockout by deleting its access attempt in the admin.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.locked_out"
# Failures are what is counted; a row per successful log-in would only grow.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
# Editors land on their assigned articles, the others on the whole list (desk.views).
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "newsroom.storage.StaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Per-process memory caches, nothing shared to keep in step: "paragraphs" holds the reading
# page's drawn paragraphs under a digest of all they are drawn from (annotations.article_text),
# so an entry is never stale, only unused; at most 10,000 (about 30 MB at 3 KB each).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "paragraphs": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "paragraphs",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 10_000, "CULL_FREQUENCY": 4},
    },
    # Whole drawn article texts (up to a few MB each): a few per worker.
    "article_text": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "article_text",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 16, "CULL_FREQUENCY": 4},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Fetching articles from the web (sources.fetching). Only public addresses are fetched:
# private, loopback, link-local and reserved ones are refused, so that a URL pasted by an
# editor cannot reach the machine's own services, unless they are in one of these networks
# (comma-separated, e.g. "127.0.0.0/8"; the test suite's local server needs loopback).
NEWSROOM_FETCH_ALLOW_NETWORKS = env_networks("NEWSROOM_FETCH_ALLOW_NETWORKS")
# Seconds for the whole fetch (connecting, every redirect, the body), stated in refusals.
NEWSROOM_FETCH_TIMEOUT = env_int("NEWSROOM_FETCH_TIMEOUT", 20, minimum=1)
# The certificate authorities https pages are checked against: a PEM file, or "" for
# Mozilla's list (certifi). The tests set their own CA here; a file that cannot be read
# refuses every https fetch (it never falls back to the default).
NEWSROOM_FETCH_CA_BUNDLE = env_str("NEWSROOM_FETCH_CA_BUNDLE", "")
# Named in the User-Agent, so that a site's owner can see who fetches and why.
NEWSROOM_FETCH_CONTACT = env_str("NEWSROOM_FETCH_CONTACT", "https://newsroom.example/fetcher")

# Several .txt files in one admin upload.
DATA_UPLOAD_MAX_NUMBER_FILES = 200

# The one folder whose files a saved feed may name by a file: URL (sources.models): the
# demo's feed, polled by `make run`. Every other saved feed is http(s), fetched safely.
NEWSROOM_FEED_FILES_DIR = BASE_DIR / "demo" / "feeds"

SESSION_COOKIE_HTTPONLY = True
# htmx requests get a fragment they can show beside the button pressed, not a page.
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

_log_level = env_str("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The handler's level too: records of Django's loggers (level INFO in Django's own
    # configuration) reach the root's handler by propagation, past the root's level.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": _log_level}},
    "root": {"handlers": ["console"], "level": _log_level},
    "loggers": {
        # Django's tasks framework says "Task id=… state=RUNNING/SUCCESSFUL" at INFO for
        # every background computation of suggestions, into a command's output (and, with
        # DEBUG, through Django's own console handler). Failures are ERROR and still shown.
        "django.tasks": {"level": "WARNING"},
        # trafilatura and htmldate log what they cannot read of a page ("wrong data type or
        # not valid HTML"): the importer says it, in one line naming the page (sources.webpage).
        "trafilatura": {"level": "CRITICAL"},
        "htmldate": {"level": "CRITICAL"},
    },
}
