"""Settings for the mentorship project, read from the environment.

With nothing set the app runs on the local PostgreSQL (database `mentorship`, which `make run` creates) and a
filesystem Celery broker, so a newcomer needs no Redis. README.md lists every variable.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF

from mentorship import config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = config.Env()
# The database with nothing set: the local PostgreSQL's `mentorship` (`make run` creates it when missing).
LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mentorship"
try:
    DEBUG = env.bool("DEBUG", default=False)
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        if not DEBUG:
            raise config.ConfigError("SECRET_KEY must be set when DEBUG is off")
        SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105 -- DEBUG only
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=["127.0.0.1", "localhost"] if DEBUG else [])
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])
    DATABASES = {"default": env.database_config("DATABASE_URL", LOCAL_DATABASE_URL)}
    # One Redis serves four uses, kept apart (README, "Redis"): the broker's queues under kombu's own names; results,
    # cache and sessions (in the cache) under their own key prefixes, each key with a TTL.
    REDIS_URL = env.redis_url("REDIS_URL")
    _result_backend_url = env.redis_url("CELERY_RESULT_BACKEND_URL", REDIS_URL)
    _cache = env.cache_config("CACHE_URL", REDIS_URL or "locmemcache://")
    _email = env.email_config("EMAIL_URL", "consolemail://")
    TIME_ZONE = env.time_zone("TIME_ZONE", "America/Los_Angeles")
    DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mentorship Program <mentorship@localhost>")
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
    # The installation's name: the header of emails no association sends (sign-up, password reset).
    SITE_NAME = env.str("SITE_NAME", default="Mentorship Program")
    RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=5 * 1024 * 1024)
    # A resume is checked in a child process with these limits (wall-clock milliseconds, address space).
    RESUME_CHECK_MS = env.int("RESUME_CHECK_MS", default=1500)
    RESUME_CHECK_MEMORY_MB = env.int("RESUME_CHECK_MEMORY_MB", default=384)
    # A valid resume sent with a form that had other errors is kept this long, privately, for the next submit.
    RESUME_KEEP_HOURS = env.int("RESUME_KEEP_HOURS", default=6)
    SECURE = env.bool("SECURE", default=not DEBUG)
    HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000)
    PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
except config.ConfigError as error:
    config.fail(str(error))

VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)

INSTALLED_APPS = [
    "mentorship.admin_site.SealedAdminConfig",  # django.contrib.admin, every admin sealed against private text
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "accounts",
    "associations",
    "chapters",
    "applications",
    "matching",
    "pairings",
    "agreements",
    "notifications",
    "dashboard",
    "home",  # a signed-in person's home: their to-dos and pairings (selectors), the navigation's count
    "coaching",  # speed coaching sessions: sign-ups, registrations, the scheduler and the seating plan
    "events",  # an association's events and webinars: RSVPs, the waitlist, attendance, calendar files
    "resources",  # an association's coaching library: guidelines, articles, templates, recordings
    "benchdata",  # `make bench-web`'s data set and background writer (management commands only)
    "mentorship",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"

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
                "dashboard.access.dashboard_link",
                "home.context_processors.todo_count",
            ],
        },
    },
]

# One test database per checkout, so two clones (a CI run beside a working tree) never share one.
_checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: S324 -- a name, not security
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_checkout}"}
# Persistent connections (60 s), also what keeps mentorship.prepared's statements planned between requests. The
# health check, a `SELECT 1` before a request's first query (0.02 ms of CPU, measured), reconnects after a restart.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every cache key carries a TTL (TIMEOUT is never None) and the prefix "cache:", sessions included (cached_db):
# on a Redis shared with the broker, `volatile-lru` may evict them but never a queue (README, "Redis").
# Django's Redis backend, keeping one client per connection pool (mentorship/redis_cache.py).
if _cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    _cache["BACKEND"] = "mentorship.redis_cache.RedisCache"
CACHES = {"default": {**_cache, "KEY_PREFIX": "cache", "TIMEOUT": 300}}

# Accounts: email is the login, verified before first use.
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, reading the signed-in user through one prepared query (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so the chair can see them.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentorship] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # allauth's emails in the layout of every email (mentorship.mail)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Private files (resumes, agreements, PRIVATE_MEDIA_ROOT) live outside any public URL; views serve them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "mentorship.static_storage.StaticFilesStorage"  # WhiteNoise's, each URL worked out once
    },
}

globals().update(_email)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, ... from EMAIL_URL
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/.
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Default schedule; beat copies it into the database, where the chair sees and changes it in the admin.
CELERY_BEAT_SCHEDULE = {
    "daily-jobs": {"task": "notifications.tasks.run_daily_jobs", "schedule": crontab(hour=8, minute=0)},
    "gallery-sweep": {"task": "matching.tasks.gallery_sweep_task", "schedule": crontab(minute=15)},
    "requeue-stuck-notices": {"task": "notifications.tasks.requeue_stuck_notices", "schedule": crontab(minute=45)},
    "complete-pairings": {"task": "pairings.tasks.complete_pairings", "schedule": crontab(hour=2, minute=0)},
    "discard-stale-kept-resumes": {
        "task": "applications.tasks.discard_stale_kept_resumes",
        "schedule": crontab(minute=20),
    },
    "archive-pending-agreements": {
        "task": "agreements.tasks.archive_pending_agreements",
        "schedule": crontab(minute=30),
    },
    "send-overdue-partner-news": {"task": "agreements.tasks.send_overdue_partner_news", "schedule": crontab(minute=35)},
}
# Redis re-delivers a task not acknowledged within this window: no countdown or retry delay may exceed it.
CELERY_VISIBILITY_TIMEOUT = 3600
# A task's result (read by worker_ping and the tests only) expires after a day: its key always has a TTL.
CELERY_RESULT_EXPIRES = 24 * 3600
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
    CELERY_RESULT_BACKEND = _result_backend_url
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": "results:"}
else:
    _queue = VAR_DIR / "celery" / "queue"
    _queue.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "results").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(VAR_DIR / "celery" / "control"),  # kombu's default is ./control in the working folder
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery' / 'results'}"

# Security. SECURE defaults to on whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = HSTS_SECONDS if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis) and written through to the database: one query less per request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Django 6 makes https the scheme a URL typed without one gets (an association's website); opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True
