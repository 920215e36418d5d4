"""征求意见's daily run from config/beat.py: the drafting unit's officers are told when a period ends
(征求意见截止), each person once per consultation."""

from celery import shared_task


@shared_task(
    name="consultation.tasks.send_closing_notices",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def send_closing_notices() -> int:
    from .services import send_closing_notices as send

    return send()
