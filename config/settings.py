"""Parley settings: everything that differs between machines comes from the environment.

The variables are documented in README.md and .env.example.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from config.email_providers import email_provider_settings
from config.env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_dotenv,
    parse_database_url,
    parse_email_url,
    parse_redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PARLEY_VAR_DIR", str(BASE_DIR / "var")))

load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)

_INSECURE_KEY = "django-insecure-parley-local-development-only"
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY is not set: it is required when DEBUG is off")
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ConfigError("SECRET_KEY is too weak for DEBUG off: use 50+ random characters")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ConfigError(f"SITE_URL {SITE_URL!r} must start with http:// or https://")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
CSRF_FAILURE_VIEW = "config.views.csrf_failure"  # a page of the product, not Django's bare 403

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "anymail",
    "auditlog",
    "campaigns",
    "outreach",
    "media_tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dates and "due today" in each user's own time zone (campaigns.User.time_zone).
    "config.middleware.UserTimeZoneMiddleware",
    # The interface in each user's language (campaigns.User.language) when the browser has none set.
    "config.middleware.UserLanguageMiddleware",
    "config.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'parley.sqlite3'}"
DATABASES = {"default": parse_database_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Broker and cache -------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
BROKER_FOLDER = VAR_DIR / "broker"
if REDIS_URL:
    parse_redis_url(REDIS_URL)
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that is down must not hang a request for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # Embedded broker for laptops: kombu's filesystem transport, shared by the web,
    # worker and beat processes through folders under var/ (not crash-safe; see README).
    CELERY_BROKER_URL = "filesystem://"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Celery reads every CELERY_* setting (see config/celery.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# Publishing from a web request must give up within 2 s when the broker is down or hung.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every countdown, ETA and retry back-off must stay below this (see STACK-NOTES.md).
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # A Redis that accepts connections but does not answer (hung, overloaded) blocked
        # publishing for socket_timeout per attempt: 5 s was measured; 1 s keeps Send < 2 s.
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        # Publishing while Redis is down fails fast instead of blocking a request.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_FOLDER / "queue"),
        "data_folder_out": str(BROKER_FOLDER / "queue"),
        "processed_folder": str(BROKER_FOLDER / "processed"),
        "control_folder": str(BROKER_FOLDER / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULER = "outreach.beat:LeaderScheduler"
# Every periodic job, in seconds. Beat copies these into its database table at start.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "config.tasks.heartbeat", "schedule": 60.0},
    # Dashboards show new mentions within two minutes (README).
    "refresh-mention-rollups": {"task": "campaigns.reports.tasks.refresh_mention_rollups", "schedule": 60.0},
    "outbox-sweep": {"task": "outreach.tasks.sweep_outbox", "schedule": 60.0},
    "briefing-reminders": {"task": "outreach.tasks.queue_briefing_reminders", "schedule": 300.0},
    # Every 15 minutes, so each time zone's morning (including :30 and :45 offsets) is seen.
    "follow-up-digests": {"task": "campaigns.reports.tasks.send_digests", "schedule": 900.0},
    "media-poll-due-feeds": {"task": "media_tracker.poll_due_feeds", "schedule": 60.0},
    "media-refresh-derived-terms": {"task": "media_tracker.refresh_derived_terms", "schedule": 900.0},
    # Alert emails held back by the one-per-15-minutes rule go out grouped in the next window.
    "media-alert-emails": {"task": "media_tracker.send_alert_emails", "schedule": 60.0},
}

# --- Email --------------------------------------------------------------------------
# Plain SMTP (or console/file) from EMAIL_URL, unless EMAIL_PROVIDER names a provider whose API
# django-anymail speaks (config/email_providers.py; README, "Email through a provider").
EMAIL_URL = env_str("EMAIL_URL", "console:")
globals().update(parse_email_url(EMAIL_URL, base_dir=BASE_DIR))
EMAIL_PROVIDER = env_str("EMAIL_PROVIDER", "").strip().lower()
globals().update(email_provider_settings(EMAIL_PROVIDER))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Parley <parley@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Replies to partners' emails: a shared mailbox when set (route it to the inbound webhook to log
# replies on the contact), otherwise the coordinator of the briefing's campaign.
EMAIL_REPLY_TO = env_str("EMAIL_REPLY_TO", "").strip()
# A mailbox for "mailto:" unsubscribes (List-Unsubscribe), routed to the inbound webhook; none when empty.
EMAIL_UNSUBSCRIBE_MAILTO = env_str("EMAIL_UNSUBSCRIBE_MAILTO", "").strip()
# Webhook requests allowed per client address and minute; then HTTP 429 (a flood is refused early).
EMAIL_WEBHOOK_RATE_LIMIT = env_int("EMAIL_WEBHOOK_RATE_LIMIT", 600, minimum=1)
# A signed webhook (Mailgun, SendGrid) older than this is refused as a replay.
EMAIL_WEBHOOK_MAX_AGE_SECONDS = env_int("EMAIL_WEBHOOK_MAX_AGE_SECONDS", 900, minimum=60)
# A soft bounce the provider gave up on (mailbox full...) is sent again this many times, first after
# EMAIL_SOFT_BOUNCE_RETRY_SECONDS (or the provider's own advice), doubling; then the email is failed.
EMAIL_SOFT_BOUNCE_RETRIES = env_int("EMAIL_SOFT_BOUNCE_RETRIES", 2, minimum=0)
EMAIL_SOFT_BOUNCE_RETRY_SECONDS = env_int("EMAIL_SOFT_BOUNCE_RETRY_SECONDS", 3600, minimum=60)

# --- The outbox, briefing emails, reminders and digests --------------------------------
# Reminder to accepted invitees this many hours before a briefing starts.
BRIEFING_REMINDER_HOURS = env_int("BRIEFING_REMINDER_HOURS", 24, minimum=1)
# One nudge to invitees without an answer this many days before the briefing.
BRIEFING_NUDGE_DAYS = env_int("BRIEFING_NUDGE_DAYS", 3, minimum=1)
# Local hour (in each user's time zone) from which the morning digest is sent.
DIGEST_HOUR = env_int("DIGEST_HOUR", 7, minimum=0)
if DIGEST_HOUR > 11:
    raise ConfigError(f"DIGEST_HOUR={DIGEST_HOUR} is not a morning hour: use 0 to 11")
# Outbox: attempts before a transiently failing email is marked failed, and the back-off
# between them, capped well below the broker's visibility timeout.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5, minimum=1)
EMAIL_RETRY_BASE_SECONDS = 30
EMAIL_RETRY_MAX_SECONDS = min(900, CELERY_VISIBILITY_TIMEOUT // 2)
# A row claimed (sending) longer than this is presumed lost with its worker; one queued
# with a task published longer ago than EMAIL_REQUEUE_SECONDS is published again.
EMAIL_SENDING_TIMEOUT_SECONDS = env_int("EMAIL_SENDING_TIMEOUT_SECONDS", 300, minimum=30)
EMAIL_REQUEUE_SECONDS = env_int("EMAIL_REQUEUE_SECONDS", 120, minimum=10)

# Sessions read from the cache (Redis in production) and written through to the database:
# a request with a session cookie costs no query for the session.
SESSION_ENGINE = "config.sessions"  # cached_db that survives a cache outage

# --- Auth -------------------------------------------------------------------------
AUTH_USER_MODEL = "campaigns.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in attempts allowed per username, and per client address, within the window.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
# An office behind one address holds several people: a larger budget per address.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 4 * LOGIN_FAILURE_LIMIT, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)

# --- Audit trail (django-auditlog; README "Audit trail") --------------------------------
AUDITLOG_LOGENTRY_MODEL = "campaigns.AuditEntry"
# django-auditlog's own LogEntry is swapped for ours: its migrations would still create an unused
# table (whose foreign key to users then blocks a flush), so the app is left unmigrated.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_DISABLE_REMOTE_ADDR = True
_AUDIT_SKIP = ["created_at", "updated_at"]
# Tracked rows: every create, change (before and after) and delete, with the acting user.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "campaigns.campaign", "exclude_fields": _AUDIT_SKIP},
    {"model": "campaigns.objective", "exclude_fields": _AUDIT_SKIP},
    {"model": "campaigns.membership", "exclude_fields": _AUDIT_SKIP},
    {"model": "campaigns.apitoken", "exclude_fields": ["hashed_key", "last_used_at"]},
    {"model": "outreach.organisation", "exclude_fields": _AUDIT_SKIP},
    {"model": "outreach.contact", "exclude_fields": _AUDIT_SKIP, "m2m_fields": ["tags"]},
    {"model": "outreach.tag"},
    {"model": "outreach.interaction", "exclude_fields": _AUDIT_SKIP},
    {"model": "outreach.briefing", "exclude_fields": _AUDIT_SKIP, "m2m_fields": ["speakers"]},
    # "Sent at" is stamped by the outbox with every email: the outbox itself records sending.
    {"model": "outreach.invitation", "exclude_fields": [*_AUDIT_SKIP, "sent_at"]},
    {"model": "outreach.oped", "exclude_fields": _AUDIT_SKIP, "m2m_fields": ["authors"]},
    {"model": "outreach.pitch", "exclude_fields": _AUDIT_SKIP},
    {"model": "media_tracker.outlet", "exclude_fields": _AUDIT_SKIP},
    {
        "model": "media_tracker.feed",
        "exclude_fields": [
            *_AUDIT_SKIP,
            "etag",
            "last_modified",
            "last_polled_at",
            "last_success_at",
            "next_poll_at",
            "consecutive_failures",
            "last_error",
            "lease_until",
        ],
    },
    {"model": "media_tracker.placement", "exclude_fields": _AUDIT_SKIP, "m2m_fields": ["spokespeople"]},
    {"model": "media_tracker.trackedterm", "exclude_fields": _AUDIT_SKIP},
)

# --- Languages and time -----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
# The language chosen (or taken from the profile at sign-in) outlives the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# config/ is not an app, so its static folder is named here.
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps are for developers' tools, never sent to a browser that did not ask: Brotli at its
# top level took most of collectstatic's minutes on them.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# --- Security (production) --------------------------------------------------------
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Proxies in front of Parley that append the client's address to X-Forwarded-For (0: none,
# REMOTE_ADDR is the client). Sign-in limits count per client address taken this way.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A strict Content-Security-Policy: scripts, styles and everything else from our own origin only,
# no inline script or style (a link stored from a feed can never run code on click), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Style attributes only (the width of a bar in a server-drawn chart); never <style> or script.
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Features no Parley page uses are refused to every page (and anything injected into one).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_REFERRER_POLICY = "same-origin"
# /healthz must answer a load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]

# Benchmarks only (bench/pages.py): the bare baselines under /bench/. Never on in production.
BENCH_ENDPOINTS = env_bool("PARLEY_BENCH_ENDPOINTS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of each PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

os.makedirs(VAR_DIR, exist_ok=True)
if not REDIS_URL:
    for _sub in ("queue", "processed", "control"):
        os.makedirs(BROKER_FOLDER / _sub, exist_ok=True)

# --- Media tracker ----------------------------------------------------------------------
# Feeds and article pages are fetched from URLs people type: the guarded client in
# media_tracker/fetch.py refuses non-public addresses unless this is on (tests, local use).
MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS = env_bool("MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS", False)
MEDIA_TRACKER_CONNECT_TIMEOUT = env_int("MEDIA_TRACKER_CONNECT_TIMEOUT", 5, minimum=1)
MEDIA_TRACKER_TOTAL_TIMEOUT = env_int("MEDIA_TRACKER_TOTAL_TIMEOUT", 20, minimum=1)
MEDIA_TRACKER_MAX_BODY_BYTES = env_int("MEDIA_TRACKER_MAX_BODY_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- Uploads --------------------------------------------------------------------------
# Form fields other than files: at most this much is read into memory (Django's default, stated).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Larger uploaded files spill to a temporary file. The contacts import reads its file with a handler
# that stops reading the request past its 1 MB limit (config/uploads.py), so a 400 MB upload is
# never read, into memory or to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

# --- REST API -------------------------------------------------------------------------
# Personal tokens (Authorization: Bearer prl_...) for scripts and partners' CRMs; the session
# (with CSRF) for the UI's own calls. Rates are per token, or per user on a session.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "1200/minute")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_THROTTLE_RATE):
    raise ConfigError(f"API_THROTTLE_RATE {API_THROTTLE_RATE!r} must look like 1200/minute (second, minute, hour, day)")
# DRF reads request bodies itself, past DATA_UPLOAD_MAX_MEMORY_SIZE: this caps JSON bodies.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1_000_000, minimum=1024)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "campaigns.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["campaigns.api.auth.ApiTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": API_THROTTLE_RATE},
    "DEFAULT_PARSER_CLASSES": ["campaigns.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "campaigns.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "campaigns.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "campaigns.api.base.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Parley API",
    "DESCRIPTION": (
        "Campaigns, outreach, briefings, op-eds, pitches and media pickup. Authenticate with a personal "
        "token (Authorization: Bearer prl_...) created under /account/tokens/. Errors answer "
        '{"detail": "...", "errors": {"field": ["..."]}}. Times are ISO 8601 with a time zone.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CampaignStatusEnum": "campaigns.models.Campaign.Status",
        "ObjectiveStatusEnum": "campaigns.models.Objective.Status",
        "BriefingStatusEnum": "outreach.models.Briefing.Status",
        "InvitationStatusEnum": "outreach.models.Invitation.Status",
        "OpEdStatusEnum": "outreach.models.OpEd.Status",
        "PitchStatusEnum": "outreach.models.Pitch.Status",
        "OrganisationKindEnum": "outreach.models.Organisation.Kind",
        "OutletKindEnum": "media_tracker.models.Outlet.Kind",
        "TrackedTermKindEnum": "media_tracker.models.TrackedTerm.Kind",
        "PlacementKindEnum": "media_tracker.models.Placement.Kind",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI served from our own static files (pinned in a package), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
