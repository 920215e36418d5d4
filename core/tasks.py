"""Core's Celery tasks and the task base class every task of the portal uses (config/celery.py).

:class:`ResilientTask` keeps work that cannot reach the broker: when Redis is down, ``.delay()`` records a
:class:`~core.models.PendingTask` row instead of raising, and :func:`dispatch_pending` (Celery beat, every
minute) sends it once the broker is back. So publishing succeeds while Redis is down and its follow-up work
runs later.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.utils import timezone

from .outbox import DELIVERY_RETRY

log = logging.getLogger(__name__)


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, ConnectionError, TimeoutError, OSError]
    try:
        import redis.exceptions

        errors.append(redis.exceptions.RedisError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class ResilientTask(Task):
    def apply_async(self, args=None, kwargs=None, *rest, **options):
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, *rest, **options)
        try:
            return super().apply_async(args, kwargs, *rest, **options)
        except _broker_errors() as exc:
            from .models import PendingTask

            PendingTask.objects.create(
                name=self.name, args=list(args or ()), kwargs=dict(kwargs or {}), last_error=str(exc)[:500]
            )
            log.warning("broker unavailable: %s kept for later (%s)", self.name, exc)
            return None


@shared_task(name="core.tasks.dispatch_pending")
def dispatch_pending(limit: int = 500) -> int:
    """Send the tasks kept while the broker was down; each row is sent once (marked in the same step)."""
    from celery import current_app
    from django.db import transaction

    from .models import PendingTask

    sent = 0
    with transaction.atomic():
        rows = list(
            PendingTask.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True)
            .order_by("id")[:limit]
        )
        for row in rows:  # sent, then marked: a crash in between re-sends (tasks are retry-safe), never loses
            try:
                current_app.send_task(row.name, args=row.args, kwargs=row.kwargs)
            except _broker_errors() as exc:
                PendingTask.objects.filter(pk=row.pk).update(last_error=str(exc)[:500])
                break
            PendingTask.objects.filter(pk=row.pk).update(dispatched_at=timezone.now())
            sent += 1
    return sent


@shared_task(name="core.tasks.deliver_mail", **DELIVERY_RETRY)
def deliver_mail(pk: int) -> bool:
    from .mail import deliver

    return deliver(pk)


@shared_task(name="core.tasks.deliver_pending_mail")
def deliver_pending_mail() -> int:
    """The sweep: mail whose task was lost (broker down, worker killed) or ran out of retries."""
    from .mail import deliver_pending

    return deliver_pending()


@shared_task(name="core.tasks.forget_old_submissions")
def forget_old_submissions() -> int:
    """Nightly: drop the public forms' old run-once claims (core.once)."""
    from .once import forget_before

    return forget_before()
