"""Celery tasks: they take ids, call one service, and are safe to retry."""

from celery import shared_task

from . import services
from .models import Round, RoundStatus


@shared_task(
    name="assessment.tasks.compute_round", autoretry_for=(Exception,), max_retries=3, retry_backoff=True
)
def compute_round(round_id: int) -> dict:
    round_ = Round.objects.get(pk=round_id)
    if round_.status != RoundStatus.OPEN:
        return {"skipped": f"round {round_id} is {round_.status}"}
    scored = services.compute_round(round=round_)
    return {"round": round_id, "units": len(scored)}


@shared_task(name="assessment.tasks.compute_open_rounds")
def compute_open_rounds() -> list[int]:
    """Nightly: recompute the computed indicators of every open round (one task per round)."""
    ids = list(Round.objects.filter(status=RoundStatus.OPEN).values_list("pk", flat=True))
    for pk in ids:
        compute_round.delay(pk)
    return ids
