"""Celery tasks of the catalog: they take ids, call one function, and are safe to run again."""

from celery import shared_task


@shared_task(name="catalog.tasks.run_import_job", acks_late=True)
def run_import_job(job_id: int) -> str:
    """Import a large catalog upload (:class:`catalog.models.CatalogImportJob`); returns the job's status.
    Not retried on its own: a failed job says why, and the office uploads again."""
    from .importer.jobs import run_job

    return run_job(job_id)


@shared_task(name="catalog.tasks.preview_import_upload", acks_late=True)
def preview_import_upload(pending: dict) -> str:
    """Read, validate and compare an uploaded catalog workbook with the catalog, for the admin's preview
    (:mod:`catalog.importer.preview`); the web request never parses a workbook. Returns ready or failed."""
    from .importer.preview import run_preview

    return run_preview(pending)
