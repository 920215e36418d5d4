"""The 舆情 clock check, every 10 minutes from config/beat.py: warnings and escalations, each exactly once."""

from celery import shared_task


@shared_task(
    name="opinion.tasks.check_clocks",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def check_clocks() -> int:
    from .services import check_clocks as check

    return check()
