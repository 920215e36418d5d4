"""Celery tasks: they take plain values, call one function, and are safe to retry."""

from datetime import date

from celery import shared_task


@shared_task(name="foi.tasks.send_reminders", autoretry_for=(Exception,), max_retries=3, retry_backoff=True)
def send_reminders(as_of: str | None = None) -> int:
    from . import reminders

    return reminders.send_reminders(as_of=date.fromisoformat(as_of) if as_of else None)


@shared_task(name="foi.tasks.deliver_letter", autoretry_for=(Exception,), max_retries=5, retry_backoff=True)
def deliver_letter(request_id: int) -> bool:
    from . import services

    return services.deliver_letter(request_id=request_id)


@shared_task(
    name="foi.tasks.anonymise_expired", autoretry_for=(Exception,), max_retries=3, retry_backoff=True
)
def anonymise_expired() -> int:
    from . import retention

    return retention.anonymise_expired()
