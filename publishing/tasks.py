"""Celery tasks: they take ids, call one service, and are safe to retry."""

from datetime import date

from celery import shared_task

from core.outbox import DELIVERY_RETRY


@shared_task(
    name="publishing.tasks.generate_obligations",
    autoretry_for=(Exception,),
    max_retries=3,
    retry_backoff=True,
)
def generate_obligations(edition_id: int) -> dict:
    from catalog.models import CatalogEdition

    from . import services

    edition = CatalogEdition.objects.get(pk=edition_id)
    if edition != CatalogEdition.objects.current():
        # A late or retried task for an edition that is no longer in force must not undo the newer one.
        return {"skipped": f"edition {edition.number} is not the current edition"}
    return services.generate_obligations(edition=edition).__dict__


@shared_task(name="publishing.tasks.regenerate_current")
def regenerate_current() -> dict | None:
    """Regenerate for the edition in force (after the unit tree changed)."""
    from catalog.models import CatalogEdition

    from . import services

    edition = CatalogEdition.objects.current()
    if edition is None:
        return None
    return services.generate_obligations(edition=edition).__dict__


@shared_task(name="publishing.tasks.publish_due")
def publish_due() -> int:
    from . import services

    return services.publish_due()


@shared_task(
    name="publishing.tasks.send_reminders", autoretry_for=(Exception,), max_retries=3, retry_backoff=True
)
def send_reminders(as_of: str | None = None) -> int:
    from . import reminders

    return reminders.send_reminders(as_of=date.fromisoformat(as_of) if as_of else None)


@shared_task(
    name="publishing.tasks.push_publication", autoretry_for=(Exception,), max_retries=5, retry_backoff=True
)
def push_publication(publication_id: int) -> dict:
    """Send a newly published publication to its subscribers; each (publication, subscription) once."""
    from . import subscriptions

    return subscriptions.push_publication(publication_id)


@shared_task(
    name="publishing.tasks.check_columns", autoretry_for=(Exception,), max_retries=3, retry_backoff=True
)
def check_columns(as_of: str | None = None) -> int:
    """The nightly column check (栏目监测): one ``ColumnCheck`` snapshot per unit; returns how many."""
    from . import monitoring

    return monitoring.record_checks(as_of=date.fromisoformat(as_of) if as_of else None)


@shared_task(name="publishing.tasks.email_notice_digests")
def email_notice_digests() -> int:
    """The daily digest: one mail per person with what waits for them."""
    from . import notices

    return notices.email_digests()


@shared_task(name="publishing.tasks.refresh_deadlines")
def refresh_deadlines() -> int:
    """Nightly: the stored deadline summary of every active obligation (a new period begins by the calendar)."""
    from . import services

    return services.refresh_deadlines()


@shared_task(name="publishing.tasks.due_notices")
def due_notices() -> int:
    """After the morning reminders: one bell notice per person with duties due soon or overdue."""
    from . import notices

    return notices.due_notices()


@shared_task(name="publishing.tasks.text_notices")
def text_notices(user_ids: list[int] | None = None) -> int:
    """SMS digests of the notices (after a notice, for its recipients; every five minutes, for everyone),
    then the sweep of SMS whose delivery task was lost."""
    from . import notices, sms

    queued = notices.text_notices(user_ids)
    if user_ids is None:
        sms.deliver_pending()
    return queued


@shared_task(name="publishing.tasks.deliver_sms", **DELIVERY_RETRY)
def deliver_sms(pk: int) -> bool:
    from . import sms

    return sms.deliver(pk)
