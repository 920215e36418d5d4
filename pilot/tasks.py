"""The pilot ledger's reminders, every morning from config/beat.py: tasks and milestones due within a week or
overdue — each person once per task (or milestone) and step."""

from celery import shared_task


@shared_task(
    name="pilot.tasks.send_reminders",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def send_reminders() -> int:
    from .services import send_reminders as send

    return send()
