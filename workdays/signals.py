from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarYear, NonWorkingDay, WorkingWeekendDay
from .services import clear_cache


@receiver([post_save, post_delete], sender=CalendarYear)
@receiver([post_save, post_delete], sender=NonWorkingDay)
@receiver([post_save, post_delete], sender=WorkingWeekendDay)
def calendar_changed(**kwargs) -> None:
    clear_cache()
