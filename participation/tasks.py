"""Celery tasks: they take plain values, call one function, and are safe to retry."""

from celery import shared_task


@shared_task(
    name="participation.tasks.remove_expired_contacts",
    autoretry_for=(Exception,),
    max_retries=3,
    retry_backoff=True,
)
def remove_expired_contacts() -> int:
    from . import retention

    return retention.remove_expired_contacts()
