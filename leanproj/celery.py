"""The Celery application: the statutory-deadline reminders run here (DESIGN §5)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leanproj.settings.local")

app = Celery("leanproj")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
