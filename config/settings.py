"""MotCua settings, read from environment variables (see .env.example and README).

Development defaults need no set-up: SQLite in ``var/``, DEBUG on, a development secret key.
With ``DEBUG=false`` (production), SECRET_KEY and ALLOWED_HOSTS must be given or the process
refuses to start.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import formats as day_first
from core import admission
from core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# Development mode by default, so that `make run` needs nothing: a server started without DEBUG
# says so loudly (core.checks), since that default is wrong for production.
DEBUG_FROM_DEFAULT = "DEBUG" not in os.environ

_DEV_SECRET_KEY = "motcua-development-only-not-secret"  # noqa: S105 - refused when DEBUG is off
SECRET_KEY = env_secret("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG=false.")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (
    SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32 or len(set(SECRET_KEY)) < 10
):
    # Ten different characters at least: "x" * 50 or "abab…" is long but guessable; a random
    # value has far more: python -c "import secrets; print(secrets.token_urlsafe(48))".
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 32 characters (at least 10 different)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG=false.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.admin_config.MotCuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tasks_db",
    "core",
    "workdays",
    "units",
    "accounts",
    "eforms",
    "catalog",
    "dossiers",
    "notifications",
    "documents",
    "identity",
    "registry",
    "payments",
    "backoffice",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.OfficerSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL in the usual URL form; by default a SQLite file in WAL mode.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
# Connections: in production (DEBUG off) each server thread keeps its connection for
# DB_CONN_MAX_AGE seconds (600), checked before reuse, since opening one per request costs more
# than the public lookup itself; in development 0 (runserver makes a thread per request, which
# would leave persistent connections behind). DB_POOL_MAX_SIZE > 0 instead gives each process a
# psycopg pool of at most that many connections (PostgreSQL only; docs/deploy.md says which).
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0)
_conn_max_age = 0 if DB_POOL_MAX_SIZE else env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 600)
_db = dj_database_url.parse(
    DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=_conn_max_age > 0
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["TEST"] = {"NAME": None}
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # One test database per checkout: two clones running their suites at once do not collide.
    _checkout = hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:8]
    _db["TEST"] = {"NAME": f"test_{_db['NAME']}_{_checkout}"}
    # A database that does not answer fails the request in seconds instead of holding it (and
    # its admission budget); `scripts/serve.sh web` also bounds statements (PGOPTIONS).
    _db["OPTIONS"] = {"connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5)}
    if DB_POOL_MAX_SIZE:
        _db["OPTIONS"]["pool"] = {
            "min_size": min(env_int("DB_POOL_MIN_SIZE", 2), DB_POOL_MAX_SIZE),
            "max_size": DB_POOL_MAX_SIZE,
            # A request waits this long for a free connection, then fails (500): keep the
            # admission budgets of a process at or below its pool (docs/deploy.md).
            "timeout": env_int("DB_POOL_TIMEOUT", 10),
        }
else:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:/// or postgres:// URL.")
if DB_POOL_MAX_SIZE and _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DB_POOL_MAX_SIZE needs a postgres:// DATABASE_URL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)

# Vietnamese first, with English.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # day-first dates (dd/mm/yyyy) in vi and en
# And the same when no language is active (a command, a task): Django's own fallback reads
# 08/02/2027 as 2 August.
DATE_INPUT_FORMATS = day_first.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = day_first.DATETIME_INPUT_FORMATS
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MOTCUA_MAX_UPLOAD_BYTES = env_int("MOTCUA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# The files of one dossier together (a component may set its own per-file limit).
MOTCUA_MAX_DOSSIER_BYTES = env_int("MOTCUA_MAX_DOSSIER_BYTES", 50 * 1024 * 1024)
# Uploaded and issued files are content-addressed (documents/storage.py): under MEDIA_ROOT, or
# in an S3-compatible bucket when MOTCUA_S3_BUCKET is set. Without an access key, boto3 finds
# credentials itself (AWS_* variables, instance role). `documents gc` removes unused files.
MOTCUA_S3_BUCKET = env_str("MOTCUA_S3_BUCKET", "")
MOTCUA_S3_ENDPOINT_URL = env_str("MOTCUA_S3_ENDPOINT_URL", "")
MOTCUA_S3_ACCESS_KEY = env_str("MOTCUA_S3_ACCESS_KEY", "")
MOTCUA_S3_SECRET_KEY = env_secret("MOTCUA_S3_SECRET_KEY") or ""
MOTCUA_S3_REGION = env_str("MOTCUA_S3_REGION", "")
_default_storage: dict[str, Any] = {"BACKEND": "documents.storage.ContentAddressedStorage"}
if MOTCUA_S3_BUCKET:
    from botocore.config import Config as BotoConfig  # type: ignore[import-untyped]

    _default_storage = {
        "BACKEND": "documents.s3.ContentAddressedS3Storage",
        "OPTIONS": {
            "bucket_name": MOTCUA_S3_BUCKET,
            "endpoint_url": MOTCUA_S3_ENDPOINT_URL or None,
            "access_key": MOTCUA_S3_ACCESS_KEY or None,
            "secret_key": MOTCUA_S3_SECRET_KEY or None,
            "region_name": MOTCUA_S3_REGION or None,
            # Bounded calls (botocore waits 60 s to connect and 60 s to read by default).
            "client_config": BotoConfig(
                connect_timeout=env_int("MOTCUA_S3_CONNECT_TIMEOUT", 5),
                read_timeout=env_int("MOTCUA_S3_READ_TIMEOUT", 30),
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }
# Static files: `scripts/serve.sh prepare` (make serve, the systemd units, the image) runs
# `collectstatic` with MOTCUA_STATIC_MANIFEST=true: names with a content hash and compressed
# copies (gzip, Brotli) that WhiteNoise serves with a one-year immutable cache. Then production
# (DEBUG off) uses them whenever STATIC_ROOT has their manifest; without one (collectstatic not
# run), plain names served from the apps' folders.
MOTCUA_STATIC_MANIFEST = env_bool(
    "MOTCUA_STATIC_MANIFEST", not DEBUG and (STATIC_ROOT / "staticfiles.json").is_file()
)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MOTCUA_STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads are scanned by ClamAV (clamd, INSTREAM) when set: "tcp://host:3310" or
# "unix:///run/clamav/clamd.ctl"; empty: no scan. A scanner that cannot be reached refuses
# the upload (fail closed).
MOTCUA_CLAMD = env_str("MOTCUA_CLAMD", "")
MOTCUA_CLAMD_TIMEOUT = env_int("MOTCUA_CLAMD_TIMEOUT", 30)
# An uploaded file larger than this is written to a temporary file as it arrives, not kept in
# memory (Django's default, 2.5 MB); the checks then read one file at a time (docs/deploy.md).
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Serve from the apps' static folders until `collectstatic` has filled STATIC_ROOT (not with
# hashed names, which exist only in STATIC_ROOT).
WHITENOISE_USE_FINDERS = not MOTCUA_STATIC_MANIFEST
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Cache (rate limits, lockouts, single sign-on metadata): "local" is per process; with several
# server processes (`make serve` runs one per core) use "database", shared by all of them
# (`scripts/serve.sh prepare` creates its table).
MOTCUA_CACHE = env_str("MOTCUA_CACHE", "local")
if MOTCUA_CACHE not in {"local", "database"}:
    raise ImproperlyConfigured("MOTCUA_CACHE must be local or database.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if MOTCUA_CACHE == "local"
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "motcua_cache"}
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The task worker (manage.py worker, notifications/worker.py): a worker silent for this long is
# taken for dead and the task it was running is run again; also how long a claimed outbox row
# stays reserved for the worker that claimed it.
MOTCUA_TASK_LEASE_SECONDS = env_int("MOTCUA_TASK_LEASE_SECONDS", 300)
# Outbox sweeps the worker runs every MOTCUA_WORKER_SWEEP_SECONDS: each finds the follow-ups
# that are due and not done (their on_commit enqueue lost) and does them. Listed here, by the
# project, so that a low app's worker runs the sweeps of the apps above it.
MOTCUA_WORKER_SWEEPS = [
    "notifications.delivery.sweep",
    "notifications.delivery.expire_receipts",
    "notifications.retention.purge",
    "dossiers.tasks.sweep_slips",
    "registry.delivery.sweep",
    "core.partitions.sweep",
]
MOTCUA_WORKER_SWEEP_SECONDS = env_int("MOTCUA_WORKER_SWEEP_SECONDS", 30)

# Working-day calendar (workdays app). Office hours as "HH:MM-HH:MM" periods.
MOTCUA_OFFICE_HOURS = env_str("MOTCUA_OFFICE_HOURS", "08:00-12:00,13:00-17:00")
MOTCUA_SAME_DAY_CUTOFF = env_str("MOTCUA_SAME_DAY_CUTOFF", "15:00")
MOTCUA_SITE_NAME = env_str("MOTCUA_SITE_NAME", "MotCua")
MOTCUA_PROVINCE_CODE = env_int("MOTCUA_PROVINCE_CODE", 1)
MOTCUA_NOTIFICATION_CHANNEL = env_str("MOTCUA_NOTIFICATION_CHANNEL", "console")
# Public address printed in QR codes on issued documents, and the place name in their date line.
MOTCUA_PUBLIC_URL = env_str("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")
MOTCUA_PLACE_NAME = env_str("MOTCUA_PLACE_NAME", "Hà Nội")
# Signing certificates: one PKCS#12 file per unit code under units/, trusted roots as PEM.
# Without real ones, a demo PKI ("MotCua DEMO — not for production") is made here on first use.
MOTCUA_PKI_DIR = Path(env_str("MOTCUA_PKI_DIR", str(VAR_DIR / "pki")))
MOTCUA_TRUST_ROOTS = env_list("MOTCUA_TRUST_ROOTS", [])
# Where signing keys live: "pkcs12" (files under MOTCUA_PKI_DIR), "pkcs11" (a token or HSM) or
# "csc" (a remote signing service, CSC API v1); keys, certificates and credentials are named
# "unit:<unit code>" and "person:<login>".
MOTCUA_SIGNER = env_str("MOTCUA_SIGNER", "pkcs12")
# Make demo certificates for units and leaders that have none, and trust the demo root; on only
# in development by default (with DEBUG=false a missing certificate stops signing).
MOTCUA_DEMO_PKI = env_bool("MOTCUA_DEMO_PKI", DEBUG)
# The password of the PKCS#12 files (or MOTCUA_PKCS12_PASSWORD_FILE). The demo's is public, so it
# is the default only with the demo PKI; otherwise signing with PKCS#12 needs one set.
MOTCUA_PKCS12_PASSWORD = env_secret("MOTCUA_PKCS12_PASSWORD") or (
    "motcua-demo" if MOTCUA_DEMO_PKI else ""
)
MOTCUA_PKCS11_MODULE = env_str("MOTCUA_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
MOTCUA_PKCS11_TOKEN = env_str("MOTCUA_PKCS11_TOKEN", "")
MOTCUA_PKCS11_PIN = env_secret("MOTCUA_PKCS11_PIN") or ""
# Hash here and sign the digest on the token (CKM_ECDSA / CKM_RSA_PKCS): what SoftHSM2 and most
# HSMs support; turn off for tokens that only offer the combined mechanisms.
MOTCUA_PKCS11_RAW = env_bool("MOTCUA_PKCS11_RAW", True)
MOTCUA_CSC_URL = env_str("MOTCUA_CSC_URL", "")
MOTCUA_CSC_TOKEN = env_secret("MOTCUA_CSC_TOKEN") or ""
MOTCUA_CSC_PIN = env_secret("MOTCUA_CSC_PIN") or ""
# A timestamp authority (RFC 3161) gives PAdES B-T; with MOTCUA_SIGN_LTV the revocation data is
# embedded too (B-LT), fetched from the OCSP/CRL addresses in the certificates.
MOTCUA_TSA_URL = env_str("MOTCUA_TSA_URL", "")
MOTCUA_SIGN_LTV = env_bool("MOTCUA_SIGN_LTV", False)
# Font of the visible signature stamp (must cover Vietnamese); no stamp drawn if missing.
MOTCUA_STAMP_FONT = env_str(
    "MOTCUA_STAMP_FONT", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
)
# Population registry: "embedded" (tables in our database, the demo) or "http" (the national
# exchange gateway: JSON over mutual TLS, requests and answers signed with a shared key).
MOTCUA_REGISTRY = env_str("MOTCUA_REGISTRY", "embedded")
MOTCUA_REGISTRY_URL = env_str("MOTCUA_REGISTRY_URL", "")
MOTCUA_REGISTRY_KEY = env_secret("MOTCUA_REGISTRY_KEY") or ""
MOTCUA_REGISTRY_CLIENT_CERT = env_str("MOTCUA_REGISTRY_CLIENT_CERT", "")
MOTCUA_REGISTRY_CA = env_str("MOTCUA_REGISTRY_CA", "")
MOTCUA_REGISTRY_TIMEOUT = env_int("MOTCUA_REGISTRY_TIMEOUT", 5)
MOTCUA_REGISTRY_RETRIES = env_int("MOTCUA_REGISTRY_RETRIES", 2)
MOTCUA_REGISTRY_BREAKER_FAILURES = env_int("MOTCUA_REGISTRY_BREAKER_FAILURES", 5)
MOTCUA_REGISTRY_BREAKER_SECONDS = env_int("MOTCUA_REGISTRY_BREAKER_SECONDS", 60)
# How many reverse proxies of ours stand in front of the application (0: none).
MOTCUA_TRUSTED_PROXIES = env_int("MOTCUA_TRUSTED_PROXIES", 0)
# Signed anchors of the dossier event chains (`dossiers anchor-chains`), kept outside the
# database; point it at storage the application's database account cannot rewrite.
MOTCUA_ANCHOR_DIR = Path(env_str("MOTCUA_ANCHOR_DIR", str(VAR_DIR / "anchors")))

# Admission control (core/admission.py, docs/deploy.md): requests in flight per server process
# and traffic class; one over its class's limit is answered 503 with Retry-After at once.
MOTCUA_ADMISSION = env_bool("MOTCUA_ADMISSION", True)
MOTCUA_ADMISSION_LIMITS = {
    name: env_int(f"MOTCUA_ADMIT_{name.upper()}", limit)
    for name, limit in admission.DEFAULT_LIMITS.items()
}
MOTCUA_ADMISSION_RETRY_AFTER = env_int("MOTCUA_ADMISSION_RETRY_AFTER", 2)
# How long a request may wait for its class to free up before the 503 (0: not at all).
MOTCUA_ADMISSION_WAIT_MS = env_int("MOTCUA_ADMISSION_WAIT_MS", 0)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    # Load balancers and systemd probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Browsers remember for a year to use HTTPS only; 0 turns it off (a site not yet on HTTPS).
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
# Content-Security-Policy: our own scripts, styles and images only; no inline script or style,
# no plugins, no framing. QR codes (TOTP enrolment) are SVG data URIs. The single sign-on
# provider is reached by a link, not a form, so forms post only to us.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Pages of these prefixes are never stored by browsers or proxies (personal data, officers'
# work); pages seen by a logged-in person are not either (core.middleware.PrivatePagesMiddleware).
MOTCUA_PRIVATE_PREFIXES = ("/can-bo/", "/quan-tri/")
# The console notification channel writes the text of messages to the log only in development
# (demo login codes); the address is always masked.
MOTCUA_CONSOLE_SHOW_TEXT = env_bool("MOTCUA_CONSOLE_SHOW_TEXT", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Notification channels (notifications; docs/notifications.md) ----------------------------------
# SMS through an HTTP brandname gateway (notifications/channels/sms.py); off when no URL.
MOTCUA_SMS_URL = env_str("MOTCUA_SMS_URL", "")
MOTCUA_SMS_API_KEY = env_secret("MOTCUA_SMS_API_KEY") or ""
MOTCUA_SMS_BRANDNAME = env_str("MOTCUA_SMS_BRANDNAME", "MOTCUA")
# How the send request is encoded: "json" or "form" (application/x-www-form-urlencoded).
MOTCUA_SMS_FORMAT = env_str("MOTCUA_SMS_FORMAT", "json")
# The key the gateway signs its delivery receipts with (HMAC-SHA256).
MOTCUA_SMS_CALLBACK_SECRET = env_secret("MOTCUA_SMS_CALLBACK_SECRET") or ""
MOTCUA_SMS_TIMEOUT_SECONDS = env_int("MOTCUA_SMS_TIMEOUT_SECONDS", 10)
# Zalo ZNS (notifications/channels/zalo.py): the OpenAPI base URL, the OA's access token, and
# the app id and OA secret key that sign its webhooks; off when no URL.
MOTCUA_ZNS_URL = env_str("MOTCUA_ZNS_URL", "")
MOTCUA_ZNS_ACCESS_TOKEN = env_secret("MOTCUA_ZNS_ACCESS_TOKEN") or ""
MOTCUA_ZNS_APP_ID = env_str("MOTCUA_ZNS_APP_ID", "")
MOTCUA_ZNS_SECRET = env_secret("MOTCUA_ZNS_SECRET") or ""
MOTCUA_ZNS_TIMEOUT_SECONDS = env_int("MOTCUA_ZNS_TIMEOUT_SECONDS", 10)
# E-mail (notifications/channels/email.py) through Django's mailers: SMTP by default, any other
# backend (django-anymail's for a provider's API) with MOTCUA_EMAIL_BACKEND; off when SMTP has
# no host.
MOTCUA_EMAIL_BACKEND = env_str(
    "MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": MOTCUA_EMAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", ""),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_secret("EMAIL_HOST_PASSWORD") or "",
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        }
        if MOTCUA_EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "MotCua <khong-tra-loi@motcua.local>")
# Messages to one address in an hour beyond which the non-essential ones are dropped and the
# essential ones wait (notifications.dispatch).
MOTCUA_NOTIFICATION_HOURLY_LIMIT = env_int("MOTCUA_NOTIFICATION_HOURLY_LIMIT", 10)
# A message that failed for a temporary reason is sent again until this many hours after it
# was made; one whose receipt has not come after MOTCUA_RECEIPT_WAIT_HOURS is given up.
MOTCUA_NOTIFICATION_RETRY_CUTOFF_HOURS = env_int("MOTCUA_NOTIFICATION_RETRY_CUTOFF_HOURS", 24)
MOTCUA_RECEIPT_WAIT_HOURS = env_int("MOTCUA_RECEIPT_WAIT_HOURS", 72)
# Message bodies are purged after this many days; the status record stays.
MOTCUA_NOTIFICATION_RETENTION_DAYS = env_int("MOTCUA_NOTIFICATION_RETENTION_DAYS", 90)
# A signed receipt older than this (by its own timestamp) is refused as a replay.
MOTCUA_RECEIPT_MAX_AGE_SECONDS = env_int("MOTCUA_RECEIPT_MAX_AGE_SECONDS", 300)

# Login (accounts; docs/login.md) ----------------------------------------------------------------
# Applicants: password, then a one-time code through the outbox to their phone or e-mail.
MOTCUA_LOGIN_CODE_SECONDS = env_int("MOTCUA_LOGIN_CODE_SECONDS", 300)
# The console channel writes messages, codes included, to the log: allowed for login codes in
# development only.
MOTCUA_LOGIN_CODE_CONSOLE = env_bool("MOTCUA_LOGIN_CODE_CONSOLE", DEBUG)
# Lockout: this many wrong passwords or codes per account (or per client address) lock it for
# MOTCUA_LOGIN_LOCK_SECONDS.
MOTCUA_LOGIN_MAX_FAILURES = env_int("MOTCUA_LOGIN_MAX_FAILURES", 5)
MOTCUA_LOGIN_IP_MAX_FAILURES = env_int("MOTCUA_LOGIN_IP_MAX_FAILURES", 20)
MOTCUA_LOGIN_LOCK_SECONDS = env_int("MOTCUA_LOGIN_LOCK_SECONDS", 15 * 60)
# Officers and superusers: TOTP second factor, idle timeout, session cookie ends with the browser.
MOTCUA_OFFICER_TOTP = env_bool("MOTCUA_OFFICER_TOTP", True)
MOTCUA_OFFICER_IDLE_SECONDS = env_int("MOTCUA_OFFICER_IDLE_SECONDS", 30 * 60)
MOTCUA_OFFICER_EXPIRE_AT_BROWSER_CLOSE = env_bool("MOTCUA_OFFICER_EXPIRE_AT_BROWSER_CLOSE", True)
# Single sign-on over OpenID Connect (the national identity provider); off when no issuer.
MOTCUA_OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER", "")
MOTCUA_OIDC_CLIENT_ID = env_str("MOTCUA_OIDC_CLIENT_ID", "")
MOTCUA_OIDC_CLIENT_SECRET = env_secret("MOTCUA_OIDC_CLIENT_SECRET") or ""
MOTCUA_OIDC_SCOPES = env_str("MOTCUA_OIDC_SCOPES", "openid profile")
MOTCUA_OIDC_ID_CLAIM = env_str("MOTCUA_OIDC_ID_CLAIM", "sub")
MOTCUA_OIDC_NAME_CLAIM = env_str("MOTCUA_OIDC_NAME_CLAIM", "name")
MOTCUA_OIDC_TIMEOUT = env_int("MOTCUA_OIDC_TIMEOUT", 5)
MOTCUA_OIDC_CACHE_SECONDS = env_int("MOTCUA_OIDC_CACHE_SECONDS", 3600)
if MOTCUA_OIDC_ISSUER and not (MOTCUA_OIDC_CLIENT_ID and MOTCUA_OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "MOTCUA_OIDC_ISSUER needs MOTCUA_OIDC_CLIENT_ID and MOTCUA_OIDC_CLIENT_SECRET."
    )
# Under the test runner only, the test client's force_login() signs in through
# accounts.backends.TestClientBackend, whose sessions count as having passed the officer's
# second factor (see that module); a served process never has it.
import sys  # noqa: E402 - kept inside this block

_UNDER_TEST_RUNNER = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
AUTHENTICATION_BACKENDS = [
    *(["accounts.backends.TestClientBackend"] if _UNDER_TEST_RUNNER else []),
    "django.contrib.auth.backends.ModelBackend",
]
