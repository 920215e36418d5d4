"""Drop the deadline engine's calendar snapshot whenever the calendar changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import engine
from .models import CalendarDay, CalendarYear


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def calendar_changed(sender, using=None, **kwargs):
    engine.calendar_changed(using or "default")
