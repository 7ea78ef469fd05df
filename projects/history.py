"""The edit history (issue 13) on the application's clock: an edit made on a moved day — the demo's
backdated acts, a test's frozen today — is dated that day, as the journal beside it is."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from workdays import clock


@receiver(pre_create_historical_record)
def date_on_the_application_clock(sender, history_instance, **kwargs) -> None:
    if clock.today() != timezone.localdate():
        history_instance.history_date = clock.now()
