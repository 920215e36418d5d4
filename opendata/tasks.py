"""Celery tasks of the open data: they take no arguments, call one function, and are safe to retry."""

from celery import shared_task


@shared_task(
    name="opendata.tasks.dump_open_data", autoretry_for=(OSError,), max_retries=3, retry_backoff=True
)
def dump_open_data() -> dict:
    """The nightly dump (beat: ``opendata-nightly-dump``); rewrites MEDIA_ROOT/opendata/latest.zip atomically."""
    from .dump import write_dump

    result = write_dump()
    return {"path": str(result.path), "size": result.size, "counts": result.counts}
