"""The test suite: the database comes from DATABASE_URL (SQLite by default, PostgreSQL in CI)."""

import atexit
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEST_CLOCK_ENABLED = True
ALLOWED_HOSTS = ["*"]
# Each test process gets its own directory for uploads, removed at exit: parallel runs and checkouts
# never share files (no fixed /tmp path).
if env("DJANGO_MEDIA_ROOT", default=""):
    MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT")
else:
    MEDIA_ROOT = tempfile.mkdtemp(prefix="leanproj-test-media-")
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# The throttle counts in the database as in the demo (or in Redis when REDIS_URL is set: the tests
# marked redis); inside a test's transaction, so every test starts with nothing counted.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "throttle": THROTTLE_DATABASE_CACHE,  # noqa: F405
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
