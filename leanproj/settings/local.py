"""The demo on one machine: SQLite, tasks in-process, mails on the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
TEST_CLOCK_ENABLED = env.bool("LEANPROJ_TEST_CLOCK", default=False)

# Serve static files straight from the apps and static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
