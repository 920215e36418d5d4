"""互动交流's reminders, every morning from config/beat.py: due tomorrow, overdue — each person once per message."""

from celery import shared_task


@shared_task(
    name="interaction.tasks.send_reminders",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def send_reminders() -> int:
    from .services import send_reminders as send

    return send()
