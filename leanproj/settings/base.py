"""Settings shared by every environment. Everything that differs between machines comes from the
environment (django-environ); `.env.example` lists every variable."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is optional; the process environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-only-for-the-local-demo")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "axes",
    "simple_history",
    "org",
    "workdays",
    "projects",
    "maps",
    "surveys",
    "notifications",
    "documents",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "leanproj.security.AbsoluteSessionTimeoutMiddleware",
    "leanproj.security.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The signed-in person is recorded as the author of every edit (issue 13, «История изменений»).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login throttling; keep it last (django-axes documentation).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leanproj.urls"
WSGI_APPLICATION = "leanproj.wsgi.application"

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
                "org.context_processors.roles",
                "notifications.context_processors.unread",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo's web process and an in-process task share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failures per user name and address lock the login for 15 minutes, not forever.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)

# Sessions: closed after an hour without activity and ten hours after login at the latest.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=36000)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Uploads: process-map photos, evidence, before/after photos; each app checks content and size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Tomsk")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files are served only by views that check access to their project (leanproj/files.py),
# never from MEDIA_URL: empty — Django streams them; "x-accel-redirect" — nginx does, from its
# internal location FILES_ACCEL_PREFIX aliasing MEDIA_ROOT; "x-sendfile" — Apache/lighttpd does.
FILES_SENDFILE = env("DJANGO_FILES_SENDFILE", default="").strip().lower()
FILES_ACCEL_PREFIX = env("DJANGO_FILES_ACCEL_PREFIX", default="/protected-media/")
if FILES_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_FILES_SENDFILE: empty, x-accel-redirect or x-sendfile")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail: the reminders of DESIGN §5. Default prints mails to the console (the demo has no SMTP).
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="leanproj <noreply@leanproj.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute address put into e-mails so that a link opens the exact page.
# Empty: links use the address the request came in on (leanproj.site.site_url; issue 21).
SITE_URL = env("SITE_URL", default="").rstrip("/")

# Celery. With REDIS_URL the worker and beat talk through Redis; without it every task runs
# in-process, so the demo needs no service at all.
REDIS_URL = env("REDIS_URL", default="")
# The limits of the public questionnaire (surveys/throttle.py) must hold across every worker process:
# they count in Redis when there is one, otherwise in a table of the database (created by the
# migration surveys 0003, so `migrate` is all a new installation needs).
THROTTLE_CACHE_TABLE = "leanproj_throttle_cache"
THROTTLE_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": THROTTLE_CACHE_TABLE,
    # culling would forget counts: expired rows are removed first, live ones only past this many
    "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
}
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "leanproj"}
    ),
    "throttle": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "throttle",
        }
        if REDIS_URL
        else THROTTLE_DATABASE_CACHE
    ),
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
REMINDER_SCAN_HOUR = env.int("REMINDER_SCAN_HOUR", default=7)
REMINDER_SCAN_MINUTE = env.int("REMINDER_SCAN_MINUTE", default=30)
# Working days before a due date on which a reminder goes out (3, 2 and 1: the «осталось 2 рабочих
# дня» of a card submitted 8 working days ago), and how often an overdue one is repeated.
REMINDER_COMING_DAYS = env.list("REMINDER_COMING_DAYS", cast=int, default=[3, 2, 1])
REMINDER_OVERDUE_REPEAT_DAYS = env.int("REMINDER_OVERDUE_REPEAT_DAYS", default=5)
CELERY_BEAT_SCHEDULE: dict = {
    # DESIGN §5: one scan a day for every deadline, then delivery; the outbox is swept every five
    # minutes, which is how e-mails postponed by an SMTP error are retried with back-off.
    "reminders-scan": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": crontab(hour=REMINDER_SCAN_HOUR, minute=REMINDER_SCAN_MINUTE),
    },
    "reminders-deliver": {"task": "notifications.tasks.deliver_mail", "schedule": crontab(minute="*/5")},
}

# The public questionnaire (surveys/throttle.py, surveys/guard.py; issue 18, hole 6): answers per
# SURVEY_THROTTLE_WINDOW seconds through one link from one client address, from one address through
# every link, and through one link from everywhere; the age a form may have when it is sent.
SURVEY_THROTTLE_LIMIT = env.int("SURVEY_THROTTLE_LIMIT", default=20)
SURVEY_THROTTLE_ADDRESS_LIMIT = env.int("SURVEY_THROTTLE_ADDRESS_LIMIT", default=40)
SURVEY_THROTTLE_LINK_LIMIT = env.int("SURVEY_THROTTLE_LINK_LIMIT", default=300)
SURVEY_THROTTLE_WINDOW = env.int("SURVEY_THROTTLE_WINDOW", default=600)
SURVEY_FORM_MIN_SECONDS = env.int("SURVEY_FORM_MIN_SECONDS", default=2)
SURVEY_FORM_MAX_AGE = env.int("SURVEY_FORM_MAX_AGE", default=6 * 3600)
# Reverse proxies in front of gunicorn that append X-Forwarded-For (0: trust REMOTE_ADDR only).
SURVEY_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)

# The length of a working day in hours, used to show map durations in working days (DOMAIN).
WORKING_DAY_HOURS = env.int("WORKING_DAY_HOURS", default=8)

# A test-only clock that moves «today» (issue 11). Never enabled in production.
TEST_CLOCK_ENABLED = env.bool("LEANPROJ_TEST_CLOCK", default=False)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        # «Deleted 0 failed login attempts» on every successful login; lock-outs are WARNING.
        "axes.handlers": {"level": "WARNING"},
    },
}
