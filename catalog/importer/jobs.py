"""A large catalog upload imported as a job (:class:`catalog.models.CatalogImportJob`), by a Celery task.

:func:`create_job` (the service: permission checked, file stored privately, the task sent once the row is
committed) and :func:`run_job` (what the task calls): read and validate the workbook again, compare it with
the catalog, write it in one transaction through :func:`~catalog.importer.import_catalog`, and keep what it
did in the job's ``summary``. All or nothing: a failure marks the job failed, in Chinese, and nothing is
written.

Live progress goes to the cache (:func:`progress_key`, one key per job), outside the import transaction, so
the progress page sees it while the write is still uncommitted; the job row holds the final state.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from organizations import permissions as perms

from ..models import CatalogImportJob, ImportJobStatus
from ..services import AREA
from .compare import compare_plan
from .plan import parse_workbook
from .results import ImportPlan, ImportResult
from .services import import_and_review, save_layouts
from .write import existing_ids

logger = logging.getLogger(__name__)

#: Seconds the live progress of a job stays in the cache.
PROGRESS_TIMEOUT = 24 * 3600
#: A running job without live progress for this long has most likely lost its worker.
STALE_AFTER = timedelta(hours=1)
#: Items listed by name in a job's result (per kind); the rest are counted.
LISTED = 200
#: Items needing a rule by hand listed by name (the rest: the changelist's 待人工设置 filter).
LISTED_MANUAL = 2000
#: Errors of a refused file quoted in the job's failure message.
QUOTED_ERRORS = 5

#: The stages of a job and the share of the progress bar each one fills (start, end), in percent.
STAGES = {
    "read": (0, 5, gettext_noop("读取文件")),
    "parse": (5, 45, gettext_noop("读取并校验事项")),
    "compare": (45, 50, gettext_noop("与现有目录比对")),
    "write": (50, 98, gettext_noop("写入数据库")),
    "summary": (98, 100, gettext_noop("整理结果")),
}


def progress_key(job_id: int) -> str:
    return f"catalog:import-job:{job_id}:progress"


class Progress:
    """Writes a job's progress to the cache as ``{stage, label, percent, done, total}``."""

    def __init__(self, job_id: int | None = None, *, key: str = "", stages: dict | None = None, timeout=None):
        self.key, self.percent = key or progress_key(job_id), -1
        self.stages = stages or STAGES
        self.timeout = timeout or PROGRESS_TIMEOUT

    def stage(self, name: str):
        """A ``progress(done, total)`` callable filling the share of one stage."""
        start, end, label = self.stages[name]
        self.report(name, start, 0, 0)

        def report(done: int, total: int) -> None:
            share = (done / total) if total else 1
            self.report(name, start + int((end - start) * min(1, share)), done, total)

        return report

    def report(self, name: str, percent: int, done: int, total: int) -> None:
        if percent == self.percent and done and done != total:
            return
        self.percent = percent
        value = {
            "stage": name,
            "label": _(self.stages[name][2]),
            "percent": percent,
            "done": done,
            "total": total,
        }
        cache.set(self.key, value, self.timeout)


def read_progress(job: CatalogImportJob) -> dict:
    """What the progress page shows: the job's state, and while it runs the live stage from the cache."""
    if job.status == ImportJobStatus.DONE:
        return {
            "status": job.status,
            "percent": 100,
            "label": _("已完成"),
            "done": job.total,
            "total": job.total,
        }
    if job.status == ImportJobStatus.FAILED:
        return {"status": job.status, "percent": 100, "label": _("失败"), "done": 0, "total": job.total}
    live = cache.get(progress_key(job.pk)) or {}
    if not live and job.status == ImportJobStatus.RUNNING and job.started_at:
        if timezone.now() - job.started_at > STALE_AFTER:
            label = _("长时间没有进展：导入可能已中断（未写入任何数据），将在后台任务重启后重新执行。")
            return {"status": job.status, "percent": 0, "label": label, "done": 0, "total": job.total}
    return {
        "status": job.status,
        "percent": int(live.get("percent", 0)),
        "label": live.get("label") or str(job.get_status_display()),
        "done": int(live.get("done", 0)),
        "total": int(live.get("total", 0)),
    }


# -- the service -----------------------------------------------------------------------------------------------
def create_job(*, user, data: bytes, name: str, options: dict, rows: int = 0) -> CatalogImportJob:
    """Record an import job for an uploaded workbook and send its task once the row is committed.
    Needs the catalog ADD permission (as the import itself)."""
    from .. import tasks

    perms.require(user, perms.ADD, AREA)
    with transaction.atomic():
        job = CatalogImportJob(
            source_name=name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            options={k: options.get(k) for k in ("field", "tier", "allow_missing", "mapping", "save_layout")},
            total=rows,
            created_by=user,
        )
        job.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
        job.save()
        Progress(job.pk).report("read", 0, 0, rows)
        transaction.on_commit(lambda: tasks.run_import_job.delay(job.pk))
    return job


def run_job(job_id: int) -> str:
    """Run one job (the task's body): safe to call again — a finished job is left alone, and a job a worker
    died in the middle of wrote nothing (one transaction), so it simply runs again."""
    claimed = CatalogImportJob.objects.filter(
        pk=job_id, status__in=[ImportJobStatus.QUEUED, ImportJobStatus.RUNNING]
    ).update(status=ImportJobStatus.RUNNING, started_at=timezone.now())
    job = CatalogImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job.status
    started = time.perf_counter()
    progress = Progress(job.pk)
    try:
        plan, result = _import(job, progress)
    except _Refused as refused:
        return _fail(job, refused.message)
    except ValidationError as exc:
        return _fail(job, _("导入失败，未写入任何数据：") + "；".join(exc.messages))
    except PermissionDenied:
        return _fail(job, _("导入人没有导入目录的权限，未写入任何数据。"))
    except Exception:
        logger.exception("catalog import job %s failed", job_id)
        return _fail(job, _("写入时出错，已全部回滚，未写入任何数据。"))
    progress.stage("summary")(0, 1)
    summary = summarize(plan, result)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    CatalogImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE,
        total=plan.count,
        done=plan.count,
        summary=summary,
        finished_at=timezone.now(),
    )
    cache.delete(progress_key(job.pk))
    return ImportJobStatus.DONE


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _import(job: CatalogImportJob, progress: Progress) -> tuple[ImportPlan, ImportResult]:
    progress.stage("read")(0, 1)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise _Refused(_("找不到上传的文件，未写入任何数据。")) from exc
    if hashlib.sha256(data).hexdigest() != job.sha256:
        raise _Refused(_("上传的文件已被改动，未写入任何数据。请重新上传。"))
    options = job.options or {}
    plan = parse_workbook(
        ContentFile(data, name=job.source_name),
        field_code=options.get("field") or None,
        tier=options.get("tier") or None,
        allow_missing=options.get("allow_missing") or (),
        progress=progress.stage("parse"),
        mapping=options.get("mapping") or None,
    )
    if plan.errors:
        quoted = "；".join(str(e) for e in plan.errors[:QUOTED_ERRORS])
        raise _Refused(
            _("文件中有 %(n)d 处错误，未写入任何数据：%(errors)s") % {"n": len(plan.errors), "errors": quoted}
        )
    CatalogImportJob.objects.filter(pk=job.pk).update(total=plan.count)
    progress.stage("compare")(0, 1)
    plan.groups_to_create = compare_plan(plan)
    plan.compared = True
    with transaction.atomic():  # the items, their review list and the layout kept: all or nothing
        result = import_and_review(user=job.created_by, plan=plan, job=job, progress=progress.stage("write"))
        if options.get("save_layout"):
            save_layouts(user=job.created_by, title=options["save_layout"], plan=plan)
    return plan, result


def _fail(job: CatalogImportJob, message: str) -> str:
    CatalogImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.FAILED, error=message, finished_at=timezone.now()
    )
    cache.delete(progress_key(job.pk))
    return ImportJobStatus.FAILED


# -- what a job did ---------------------------------------------------------------------------------------------
def summarize(plan: ImportPlan, result: ImportResult) -> dict:
    """The job's result as JSON: counts, counts by field and by changed column, the items created, changed
    and unchanged (the first :data:`LISTED` of each, with their ids), and every leaf item needing a rule."""
    ids = existing_ids({row.domain.pk for row in plan.rows})
    lists: dict[str, list] = {"new": [], "changed": [], "unchanged": [], "manual": []}
    for row in plan.rows:
        entry = {"id": ids.get((row.domain.pk, row.path)), "label": row.label, "domain": row.domain.name}
        if row.status == "changed":
            entry["changes"] = [str(change) for change in row.changes]
        if len(lists[row.status]) < LISTED:
            lists[row.status].append(entry)
        if row.needs_rule and len(lists["manual"]) < LISTED_MANUAL:
            lists["manual"].append({**entry, "wording": row.data.time_limit_text})
    per_domain = [
        {key: value for key, value in entry.items() if key != "domain"} | {"name": entry["domain"].name}
        for entry in plan.per_domain()
    ]
    return {
        "rows": plan.count,
        "counts": plan.status_counts(),
        "created": result.created,
        "groups_created": result.groups_created,
        "warnings": len(plan.warnings),
        "assumptions": len(plan.all_assumptions()),
        "to_review": len(plan.to_review),
        "per_domain": per_domain,
        "by_column": plan.by_column(),
        "items": lists,
    }
