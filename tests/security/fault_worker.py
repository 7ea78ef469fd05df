"""A real Celery worker for the fault tests (scripts/fault_tests.sh), started as a subprocess and
killed with SIGKILL by them. The same code as production; only the waits are shortened so a test
does not last ten minutes: the mail lease (10 min → FAULT_LEASE_SECONDS), the SMTP back-off
(5 min → FAULT_BACKOFF_SECONDS) and Redis' visibility timeout (1 h → FAULT_VISIBILITY_SECONDS).
Mail goes over SMTP to FAULT_SMTP_PORT on 127.0.0.1 (the test's aiosmtpd catcher)."""

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leanproj.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(os.environ["FAULT_SMTP_PORT"])
settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
settings.EMAIL_TIMEOUT = 5

from notifications import services  # noqa: E402

services.LEASE = dt.timedelta(seconds=float(os.environ.get("FAULT_LEASE_SECONDS", "4")))
if os.environ.get("FAULT_BACKOFF_SECONDS"):
    _pause = dt.timedelta(seconds=float(os.environ["FAULT_BACKOFF_SECONDS"]))
    services.backoff = lambda attempts: _pause

from leanproj.celery import app  # noqa: E402

app.conf.broker_transport_options = {
    "visibility_timeout": float(os.environ.get("FAULT_VISIBILITY_SECONDS", "4")),
    "unacked_restore_interval": 1,
}

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=fault{os.getpid()}@%h",
        ]
    )
