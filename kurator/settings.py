"""Kurator settings: one module, configured only by environment variables.

Nothing here writes files or touches the network at import time.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets admin and serializer classes be subscripted for type checking (Model[...]).
django_stubs_ext.monkeypatch()

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
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read a secret from NAME or from the file named by NAME_FILE (Docker/systemd style)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = env_bool("KURATOR_DEBUG", False)
_DEV_SECRET = "kurator-development-only-secret-key-change-me-in-production-0123456789"  # noqa: S105 — development only, refused below when debug is off
SECRET_KEY = env_secret("KURATOR_SECRET_KEY") or (_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("KURATOR_SECRET_KEY is required when KURATOR_DEBUG is off")

ALLOWED_HOSTS = env_list("KURATOR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("KURATOR_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "kurator.core",
    "kurator.accounts",
    "kurator.people",
    "kurator.privacy",
    "kurator.network",
    "kurator.intake",
    "kurator.cases",
    "kurator.plans",
    "kurator.assessments",
    "kurator.meetings",
    "kurator.tasks",
    "kurator.monitoring",
    "kurator.documents",
    "kurator.reports",
    "kurator.audit",
    # Sign-in hardening (docs/operations.md, «Security settings»).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files keep their caching): pages and API answers no-store.
    "kurator.core.middleware.NoStoreMiddleware",
    # Pages never show a direction control a stored name may hold (kurator/core/text.py).
    "kurator.core.middleware.NoDirectionControlsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (they tell why a session ended): idle / 12-hour limits, then the second
    # factor — a session that has just ended is not asked for a code.
    "kurator.accounts.middleware.SessionLimitsMiddleware",
    "kurator.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "kurator.core.middleware.RateLimitMiddleware",
    "kurator.core.middleware.RefusedTextMiddleware",
    "kurator.audit.middleware.ReadLogMiddleware",  # the read log, after auth
    # Innermost: turns a sign-in refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kurator.urls"
WSGI_APPLICATION = "kurator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kurator" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kurator.core.context_processors.navigation",
            ],
        },
    },
]

# Databases: SQLite in WAL mode by default; PostgreSQL when DATABASE_URL says so.
VAR_DIR = Path(env_str("KURATOR_VAR_DIR", str(BASE_DIR / "var")))
_default_sqlite = f"sqlite:///{VAR_DIR / 'kurator.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_sqlite))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL + synchronous=FULL: a committed record survives a power cut; the busy
        # timeout lets a second writer wait instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("KURATOR_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Reports aggregate over a year of records: PostgreSQL's JIT compiler spent 0.3–1.5 s
    # compiling each of them and saved nothing (docs/benchmarks.md). Off for our sessions.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out caller before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Sign-in hardening: OWASP ASVS 5.0 level 2 (docs/operations.md, «Security settings») ---

# Argon2id first. The others only verify hashes made before, which Django rehashes with Argon2
# at the user's next successful sign-in.
PRODUCTION_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS

# Django's own validators speak Russian already; ContextWordsValidator adds the words of
# this service and of the user's organisation (ASVS 6.2.11).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kurator.accounts.validators.ContextWordsValidator"},
]

# Lockout (django-axes): 5 failures for one username from one address, or
# KURATOR_LOGIN_FAILURES_PER_ADDRESS for any usernames from one address (an office behind
# one NAT address shares it), lock for 15 minutes — never forever (axes' default).
# kurator.accounts.lockout decides what is counted and what a success forgets.
AXES_FAILURE_LIMIT = 5
KURATOR_LOGIN_FAILURES_PER_ADDRESS = env_int("KURATOR_LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not extend it: «try again in 15 minutes» stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "kurator.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "kurator.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "kurator.accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # no start-up banner in every manage.py command

# Second factor: TOTP for every user after the password. On by default in production; off in
# debug (make run, the demo, tests) unless KURATOR_REQUIRE_2FA says otherwise.
KURATOR_REQUIRE_2FA = env_bool("KURATOR_REQUIRE_2FA", not DEBUG)
# An API token works this many days after it is issued (docs/operations.md, «API tokens»).
KURATOR_API_TOKEN_DAYS = env_int("KURATOR_API_TOKEN_DAYS", 90)
OTP_TOTP_ISSUER = "Kurator"
# The key(s) that seal TOTP secrets in the database (kurator.accounts.sealed): kept outside it,
# in the environment or a file; several (space- or comma-separated) while one replaces another,
# the first sealing. Unset: a key derived from SECRET_KEY (docs/operations.md, «TOTP secrets»).
KURATOR_FIELD_KEYS = [
    key for key in re.split(r"[\s,]+", env_secret("KURATOR_FIELD_KEY") or "") if key
]

# Sessions: 30 minutes without a request, or 12 hours after sign-in, whichever comes first
# (kurator.accounts.session_limits); the cookie itself dies with the browser.
SESSION_COOKIE_AGE = 12 * 60 * 60
KURATOR_SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Russian by default, English available.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kurator" / "locale"]
TIME_ZONE = env_str("KURATOR_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The rate limits' counters (kurator/core/throttle.py): a folder every gunicorn worker of the
# machine shares. Several machines behind one balancer: point KURATOR_CACHE_DIR at a shared
# folder or use a database cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("KURATOR_CACHE_DIR", str(VAR_DIR / "cache")),
    }
}
# Per user: scope → (requests, seconds). «api» counts every API request; «duplicates» the
# duplicate check of the web form and of the API together (it reaches across teams).
KURATOR_RATE_LIMITS = {
    "api": (env_int("KURATOR_RATE_API_PER_MINUTE", 600), 60),
    "duplicates": (env_int("KURATOR_RATE_DUPLICATES_PER_MINUTE", 30), 60),
}
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG  # make run serves straight from the app folders
MEDIA_ROOT = Path(env_str("KURATOR_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: documents go through an access check

EMAIL_BACKEND = env_str(
    "KURATOR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("KURATOR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KURATOR_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KURATOR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("KURATOR_EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("KURATOR_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("KURATOR_DEFAULT_FROM_EMAIL", "kurator@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kurator.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["kurator.core.throttle.ScopeThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kurator.core.api.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "DEFAULT_PAGINATION_CLASS": None,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kurator API",
    "DESCRIPTION": "Public API of Kurator (v1). See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and Swagger UI are for signed-in users and token holders only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # 400/401/403/404 with their bodies on every endpoint (docs/api.md, «Errors»).
        "kurator.core.api.document_error_responses",
    ],
    # Several models have a "status" or "level": give each choice set its own stable name.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "kurator.cases.models.Case.Status",
        "ComplexityLevelEnum": "kurator.cases.models.Case.Complexity",
        "SignalStatusEnum": "kurator.intake.models.Signal.Status",
        "ChannelEnum": "kurator.intake.models.Signal.Channel",
        "AppealChannelEnum": "kurator.reports.models.Appeal.Channel",
        "DecisionLevelEnum": "kurator.intake.models.DecisionLevel",
        "DocumentStatusEnum": "kurator.documents.models.CaseDocument.Status",
        "MeetingKindEnum": "kurator.meetings.models.Meeting.Kind",
        "CommissionDecisionEnum": "kurator.meetings.models.CommissionResolution.Decision",
        "RegisterRemovalReasonEnum": "kurator.meetings.models.RegisterEntry.RemovalReason",
        "MonitoringReviewKindEnum": "kurator.monitoring.models.Review.Kind",
        "AnnualDecisionEnum": "kurator.monitoring.models.Review.Decision",
        "MonthlyFormStatusEnum": "kurator.monitoring.models.MonthlyForm.Status",
        "AssessmentKindEnum": "kurator.assessments.models.Assessment.Kind",
        "PlanActionStatusEnum": "kurator.plans.models.PlanAction.Status",
        "ContactKindEnum": "kurator.plans.models.Contact.Kind",
        "ReferralStatusEnum": "kurator.network.models.Referral.Status",
        "SubjectRequestKindEnum": "kurator.privacy.models.SubjectRequestKind",
        "ClosureReasonEnum": "kurator.cases.models.CaseClosure.Reason",
        "TakeInDecisionEnum": "kurator.intake.models.TakeInDecision.Decision",
        "StaffNormKindEnum": "kurator.reports.models.StaffNormEntry.Kind",
        "AppealKindEnum": "kurator.reports.models.Appeal.Kind",
        "ShelterExitDestinationEnum": "kurator.reports.models.ShelterExit.Destination",
    },
}

# --- HTTPS, cookies and headers (production defaults; docs/operations.md) -------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("KURATOR_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # «__Host-»: the browser keeps the cookie only from HTTPS, for this exact host and path /
    # (ASVS 3.3.1); it refuses such a cookie over plain HTTP, hence only with secure cookies.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind nginx (docs/operations.md): trust its X-Forwarded-Proto, and take the caller's
# address from the last X-Forwarded-For entry (kurator.accounts.lockout.client_ip).
# Tasks (kurator.tasks): overdue this many working days → the digest tells the team head too;
# the site's address makes the links in e-mails absolute (empty: links relative to the site).
KURATOR_TASK_ESCALATION_WORKDAYS = env_int("KURATOR_TASK_ESCALATION_WORKDAYS", 5)
KURATOR_BASE_URL = os.environ.get("KURATOR_BASE_URL", "").rstrip("/")
# Reports (kurator.core.concurrency): the indicator report's sections run on this many
# database connections at once on PostgreSQL (1: one after the other).
KURATOR_REPORT_WORKERS = env_int("KURATOR_REPORT_WORKERS", 2)
KURATOR_BEHIND_PROXY = env_bool("KURATOR_BEHIND_PROXY", not DEBUG)
if KURATOR_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("KURATOR_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a local health probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("KURATOR_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only a consent token: nothing happens until the domain's owner submits it to hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("KURATOR_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content security policy (django-csp 4): everything from this origin, nothing inline, no eval.
# Templates use no inline scripts, event handlers or style attributes (a test keeps it so);
# htmx's own indicator <style> is switched off in base.html; Swagger UI is the split view,
# whose init script is a separate file. img-src data: is for Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Years after a family's last case closed before its persons are anonymised (kurator_retention).
KURATOR_RETENTION_YEARS = env_int("KURATOR_RETENTION_YEARS", 5)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KURATOR_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failures and lockouts are warnings; every successful sign-in is in axes' AccessLog.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if env_bool("KURATOR_FAST_PASSWORD_HASHER", False):
    # Tests only: MD5 keeps thousands of logins fast; never in production.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
