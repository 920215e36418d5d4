"""The preview of an admin upload, read and compared by a Celery task — never in the web request.

The upload view stores the file (:class:`catalog.models.ImportStorage`) and sends
:func:`catalog.tasks.preview_import_upload` with the pending upload (its token, path, SHA-256, name and
options, as kept in the user's session); the task (:func:`run_preview`) reads and validates the workbook,
compares it with the catalog and keeps the :class:`~catalog.importer.results.ImportPlan` in the cache
(:func:`plan_key`), where the preview pages read it. While it runs, its progress is in the cache
(:func:`progress_key`), polled by the same progress page as an import job; a failure is kept there too, in
Chinese (:func:`failure_key`). Nothing is written to the catalog.

A preview whose task was lost (a worker gone, the cache emptied) has neither plan, failure nor progress:
:func:`state` sends the task again. Running it twice is harmless.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import ImportStorage
from .compare import compare_plan
from .jobs import Progress
from .results import ImportPlan

logger = logging.getLogger(__name__)

#: How long a read and compared upload is kept for the preview's pages and filters.
PLAN_SECONDS = 30 * 60
#: Progress not renewed for this long: the task is taken as lost and sent again.
PROGRESS_SECONDS = 10 * 60
#: The stages of a preview and the share of the progress bar each one fills.
STAGES = {
    "queued": (0, 0, gettext_noop("排队等待读取")),
    "read": (0, 5, gettext_noop("读取文件")),
    "parse": (5, 90, gettext_noop("读取并校验事项")),
    "compare": (90, 100, gettext_noop("与现有目录比对")),
}
#: What the task needs of the pending upload (all JSON).
KEYS = ("token", "path", "name", "field", "tier", "allow_missing", "sha256", "mapping")


def mapping_key(pending: dict) -> str:
    """A short key of the office's corrections: each mapping has its own preview."""
    text = json.dumps(pending.get("mapping") or {}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _base(pending: dict) -> str:
    return f"catalog:import-preview:{pending.get('token')}:{pending.get('sha256')}:{mapping_key(pending)}"


def plan_key(pending: dict) -> str:
    return _base(pending)


def progress_key(pending: dict) -> str:
    return _base(pending) + ":progress"


def failure_key(pending: dict) -> str:
    return _base(pending) + ":failed"


def progress(pending: dict) -> Progress:
    return Progress(key=progress_key(pending), stages=STAGES, timeout=PROGRESS_SECONDS)


def start(pending: dict) -> None:
    """Send the preview task of a stored upload (the web request's part: no reading of the workbook)."""
    from .. import tasks

    cache.delete(failure_key(pending))
    progress(pending).stage("queued")(0, 0)
    tasks.preview_import_upload.delay({key: pending.get(key) for key in KEYS})


def forget(pending: dict) -> None:
    cache.delete_many([plan_key(pending), progress_key(pending), failure_key(pending)])


def state(pending: dict) -> tuple[str, object]:
    """``("ready", plan)``, ``("failed", message)`` or ``("running", progress dict)``; a lost task is sent
    again."""
    plan = cache.get(plan_key(pending))
    if isinstance(plan, ImportPlan):
        return "ready", plan
    failure = cache.get(failure_key(pending))
    if failure:
        return "failed", failure
    live = cache.get(progress_key(pending))
    if not live:
        start(pending)
        plan = cache.get(plan_key(pending))  # with Celery eager the task has run already
        if isinstance(plan, ImportPlan):
            return "ready", plan
        failure = cache.get(failure_key(pending))
        if failure:
            return "failed", failure
        live = cache.get(progress_key(pending)) or {}
    return "running", {
        "percent": int(live.get("percent", 0)),
        "label": live.get("label") or _("排队等待读取"),
        "done": int(live.get("done", 0)),
        "total": int(live.get("total", 0)),
    }


def run_preview(pending: dict) -> str:
    """The task's body: read, validate and compare the stored upload; keep the plan (or why it failed)."""
    from catalog import importer  # looked up at each call (the tests watch who calls the parser)

    if isinstance(cache.get(plan_key(pending)), ImportPlan):  # delivered twice
        cache.delete(progress_key(pending))
        return "ready"
    report = progress(pending)
    try:
        report.stage("read")(0, 1)
        try:
            with ImportStorage().open(pending["path"], "rb") as handle:
                data = handle.read()
        except (OSError, KeyError, TypeError):
            return _fail(pending, _("找不到上传的文件（可能已过期），请重新上传。"))
        if hashlib.sha256(data).hexdigest() != pending.get("sha256"):
            return _fail(pending, _("上传的文件已被改动，请重新上传。"))
        plan = importer.parse_workbook(
            ContentFile(data, name=pending.get("name") or "upload.xlsx"),
            field_code=pending.get("field") or None,
            tier=pending.get("tier") or None,
            allow_missing=pending.get("allow_missing") or (),
            progress=report.stage("parse"),
            mapping=pending.get("mapping") or None,
        )
        report.stage("compare")(0, 1)
        plan.groups_to_create = compare_plan(plan)
        plan.compared = True
    except Exception:
        logger.exception("catalog import preview %s failed", pending.get("token"))
        return _fail(pending, _("读取文件时出错，未写入任何数据。请检查文件后重新上传。"))
    cache.set(plan_key(pending), plan, PLAN_SECONDS)
    cache.delete(progress_key(pending))
    return "ready"


def _fail(pending: dict, message: str) -> str:
    cache.set(failure_key(pending), message, PLAN_SECONDS)
    cache.delete(progress_key(pending))
    return "failed"
