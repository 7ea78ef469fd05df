"""Settings of the benchmarks (`bash bench/run.sh`, BENCHMARKS.md): production, as gunicorn runs it
(DEBUG off, the manifest static storage, Redis cache, `DJANGO_CONN_MAX_AGE=60` as `.env.example`
recommends), over plain http on loopback, plus two bench-only additions that the product does
not have: a Django admin of projects as the baseline of every page (`bench.urls`) and a response
header that tells the load generator that an act was refused (`bench.middleware`).

The database comes from DATABASE_URL (a throwaway `leanproj_bench_*` database made by
bench/run.py); Redis database 6 unless REDIS_URL says otherwise."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-never-used-in-production-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")  # plain http on loopback
os.environ.setdefault("DJANGO_SECURE_COOKIES", "False")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from leanproj.settings.production import *  # noqa: E402, F403
from leanproj.settings.production import MIDDLEWARE  # noqa: E402

DEBUG = False
ROOT_URLCONF = "bench.urls"
# Outermost, so that it sees the messages an act queued (bench/middleware.py).
MIDDLEWARE = ["bench.middleware.RefusalHeaderMiddleware", *MIDDLEWARE]
# Mails the reminder scan writes go nowhere: the delivery is not what is measured.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
