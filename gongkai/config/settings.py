"""Gongkai settings, read from the environment.

DATABASE_URL  default: SQLite file var/gongkai.sqlite3 (WAL, busy timeout)
SECRET_KEY    default: generated once into var/secret_key
DEBUG         default: off
HUEY_REDIS_URL  when set, Huey uses Redis instead of SQLite
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
TESTING = _env_bool("GONGKAI_TESTING")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs' Swagger UI from local static files (no CDN, CSP-safe)
    "gongkai.core",
    "gongkai.api",
    "gongkai.disclosures",
    "gongkai.decisions",
    "gongkai.search",
    "gongkai.web",
    "gongkai.workspace",
    "gongkai.info_requests",
    "gongkai.annual_reports",
    "gongkai.compliance",
    "gongkai.letters",
    "gongkai.opinion",
    "gongkai.implementation",
    "gongkai.results",
    "gongkai.interpretations",
    "gongkai.service_guides",
    "gongkai.catalogs",
    "gongkai.publishing",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.security.SecurityHeadersMiddleware",
    "gongkai.core.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gongkai.web.middleware.RejectNulMiddleware",
    "gongkai.core.ratelimit.RateLimitMiddleware",  # every public POST, per address and form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.workspace.otp.OTPRequiredMiddleware",  # signers and admins: the code step before any page
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.core.security.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.config.urls"
WSGI_APPLICATION = "gongkai.config.wsgi.application"

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
                "gongkai.web.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open between requests as on PostgreSQL: a new SQLite connection re-reads the schema and
    # starts with a cold page cache, about 3 ms of CPU per search at 100,000 items (bench/load).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "web:home"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "workspace/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING or DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
GONGKAI_ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))

# --- security --- (README "Staff security")
# Passwords: Argon2id; PBKDF2 still reads older hashes and upgrades them at the next login.
# (The test settings use MD5 for speed: see the end of this file.)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Sessions end when the browser closes, after GONGKAI_SESSION_IDLE_MINUTES without a request
# (gongkai.core.security.IdleTimeoutMiddleware), and at the latest after SESSION_MAX_HOURS.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Both are longer in the test settings (tests move the clock by days); the tests of the timeout set them.
GONGKAI_SESSION_IDLE_SECONDS = 0 if TESTING else int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = (14 * 24 if TESTING else int(os.environ.get("SESSION_MAX_HOURS", "12"))) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# HTTPS=1 when the site is served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto):
# secure cookies, redirect http to https, HSTS.
HTTPS = _env_bool("HTTPS")
SESSION_COOKIE_SECURE = HTTPS or _env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = HTTPS or _env_bool("SECURE_COOKIES")
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and _env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and _env_bool("HSTS_PRELOAD")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
GONGKAI_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), browsing-topics=()"
)
# Requests with a larger body are refused before they are read (each upload form has a smaller per-file limit).
GONGKAI_REQUEST_MAX_BYTES = int(os.environ.get("GONGKAI_REQUEST_MAX_BYTES", str(100 * 1024 * 1024)))
# Reverse proxies whose X-Forwarded-For names the client (rate limits, login lockout).
GONGKAI_TRUSTED_PROXIES = [a for a in os.environ.get("TRUSTED_PROXIES", "").split(",") if a]
AXES_CLIENT_IP_CALLABLE = "gongkai.core.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
# Rate limits of public POSTs (gongkai/core/ratelimit.py); GONGKAI_RATELIMIT_SCALE multiplies every limit.
GONGKAI_RATELIMIT_ENABLED = _env_bool("GONGKAI_RATELIMIT", not TESTING)
GONGKAI_RATELIMIT_SCALE = float(os.environ.get("GONGKAI_RATELIMIT_SCALE", "1"))
# Per form, e.g. GONGKAI_RATELIMITS="letters:new=20/600,decisions:comment=30/600" (requests/seconds).
GONGKAI_RATELIMITS: dict[str, tuple[int, int]] = {
    name.strip(): (int(rate.split("/")[0]), int(rate.split("/")[1]))
    for name, _, rate in (entry.partition("=") for entry in os.environ.get("GONGKAI_RATELIMITS", "").split(",") if "=" in entry)
}
# The decisions app's own per-address rule (stored comments an hour, decisions/conf.py: 20) is taken
# from the environment only when set: bench/submit raises it (with GONGKAI_RATELIMIT_SCALE) because
# all its clients share one address. Never raise either in production.
if os.environ.get("GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR"):
    GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR = int(os.environ["GONGKAI_DECISIONS_COMMENTS_PER_IP_HOUR"])
# Idempotency keys of public submissions (gongkai/core/idempotency.py) are honoured this long.
GONGKAI_IDEMPOTENCY_TTL_HOURS = int(os.environ.get("GONGKAI_IDEMPOTENCY_TTL_HOURS", "48"))
# Two-factor login (gongkai/workspace/otp.py): codes name the site; admins never see the keys.
OTP_TOTP_ISSUER = "政务公开工作台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# --- cache & storage ---
# Several app servers must share what they cache (pages, rate-limit counters): with REDIS_URL (or
# CACHE_URL) set, the cache is one Redis; without it each process keeps its own in memory, which is
# right for one server. Several URLs, comma-separated: the first takes writes, the others are replicas.
CACHE_URL = (os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "").strip()
if CACHE_URL:
    _cache_locations = [u.strip() for u in CACHE_URL.split(",") if u.strip()]
    if not all(u.startswith(("redis://", "rediss://", "unix://")) for u in _cache_locations):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("CACHE_URL / REDIS_URL must be redis://, rediss:// or unix:// URLs")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_locations if len(_cache_locations) > 1 else _cache_locations[0],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai"),
            "TIMEOUT": 300,
            # A stalled Redis must fail a request quickly, not hang every worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}}

# Uploaded files on S3-compatible object storage (AWS S3, MinIO, Ceph, OSS/COS S3 endpoints) when
# S3_BUCKET is set; otherwise in MEDIA_ROOT. Every upload and download goes through default_storage
# and Django views (drafts must stay private), so the bucket stays private: no ACL, no public URLs.
S3_BUCKET = os.environ.get("S3_BUCKET", "").strip()
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Unset keys fall back to boto3's own chain (AWS_* variables, instance role).
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "location": os.environ.get("S3_PREFIX", "").strip("/"),
            # Self-hosted endpoints (MinIO, Ceph) want path-style URLs: http://host:9000/bucket/key.
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE")
            or ("path" if os.environ.get("S3_ENDPOINT_URL") else None),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL")
if HUEY_REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gongkai",
        "url": HUEY_REDIS_URL,
        "immediate": TESTING,
        "utc": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": TESTING,
        "utc": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# The public address of the site, for links in e-mails, feeds and webhook payloads.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Site identity, shown in header and footer (DESIGN.md). Empty values are not shown.
GONGKAI_SITE = {
    "title": os.environ.get("SITE_TITLE", "潍坊市坊子区农业综合开发办公室"),
    "parent_title": os.environ.get("SITE_PARENT_TITLE", "潍坊市坊子区人民政府"),
    "parent_url": os.environ.get("SITE_PARENT_URL", ""),
    "host_org": os.environ.get("SITE_HOST_ORG", "潍坊市坊子区人民政府办公室"),
    "operator_org": os.environ.get("SITE_OPERATOR_ORG", "潍坊市坊子区农业综合开发办公室"),
    "address": os.environ.get("SITE_ADDRESS", "山东省潍坊市坊子区"),
    "phone": os.environ.get("SITE_PHONE", ""),
    "site_code": os.environ.get("SITE_CODE", ""),
    "icp": os.environ.get("SITE_ICP", ""),
    "police_record": os.environ.get("SITE_POLICE_RECORD", ""),
    "error_report_url": os.environ.get("SITE_ERROR_REPORT_URL", "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    AXES_ENABLED = False

# --- backups ---
# `manage.py backup` writes archives here; the nightly Huey task (Asia/Shanghai time) keeps the
# newest GONGKAI_BACKUP_KEEP. Off under tests; set BACKUP_NIGHTLY=0 to switch it off elsewhere.
GONGKAI_BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
GONGKAI_BACKUP_NIGHTLY = _env_bool("BACKUP_NIGHTLY", default=not TESTING)
GONGKAI_BACKUP_HOUR = int(os.environ.get("BACKUP_HOUR", "2"))
GONGKAI_BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))

# --- page cache --- (README "Full-page cache"; gongkai/pagecache)
# Public pages are kept as files under GONGKAI_PAGECACHE_DIR, which nginx serves directly
# (deploy/nginx/pagecache.conf) and the outermost middleware serves when there is no nginx. Which
# page shows which rows is indexed in the database, so every worker and app server invalidates the
# same files; with several app servers the folder must be shared storage. Off under tests (the
# page-cache tests switch it on) so other tests' query counts stay exact.
INSTALLED_APPS.append("gongkai.pagecache")
MIDDLEWARE.insert(0, "gongkai.pagecache.middleware.PageCacheMiddleware")
GONGKAI_PAGECACHE_ENABLED = _env_bool("PAGECACHE", default=not TESTING)
GONGKAI_PAGECACHE_DIR = Path(os.environ.get("PAGECACHE_DIR", VAR_DIR / "pagecache"))
# The longest a stored page lives (none outlives the day it was rendered: pages show "today").
GONGKAI_PAGECACHE_MAX_AGE = int(os.environ.get("PAGECACHE_MAX_AGE", "300"))
# Paths never stored: staff and API, and public pages reached by a private code or token.
GONGKAI_PAGECACHE_EXCLUDE = [
    r"^/(admin|staff|api)/",
    r"/staff/",
    r"^/yisq/",
    r"^/interaction/letters/(receipt|track|t)/",
    r"^/decisions/(track|meetings/registration)/",
    r"^/feeds/(subscribe|unsubscribe)/",
    r"^/media/interview/",
]
