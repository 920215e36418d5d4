"""The catalog upload in the admin: upload an xlsx → map the columns and preview → confirm; the review list.

The preview page opens on the **mapping** (issue 22): every column of every sheet with its header words,
three sample values and the role the importer guessed (:mod:`catalog.importer.mapping`), a saved layout
applied when the header is one the office confirmed before. The office changes any role, says which tier
each tier column means and which field and tier the sheet is, and presses 应用: the mapping is kept with the
upload (``pending["mapping"]``) and the preview is read again with it (:meth:`ImportViews.mapping`, a plain
form POST). The confirm may keep the mapping as a named layout (:class:`~catalog.models.ImportLayout`).
Every assumption of the import (a default applied, words kept, a column mapped by guess) is flagged on its
row, listed on the job's result page, exportable as xlsx (:meth:`ImportViews.job_review_export`) and kept
as :class:`~catalog.models.ImportReview` rows until the office confirms or corrects each
(:class:`ImportReviewAdmin`).

The preview compares every item row with the catalog (:func:`catalog.importer.compare.compare_plan`): each
row is 新增, 有变更 (with its changed cells, 列名：旧值 → 新值) or 无变更; it counts them in all, by field and
by changed column, filters them by status or to the leaf items whose rule will have to be set by hand
(待人工设置), and shows them :data:`PREVIEW_ROWS` a page.

A workbook is never read in the web request (issue 28): the upload view stores the file (checked by
:mod:`catalog.excel.safety` through :mod:`catalog.excel`'s limits) and sends a Celery task that reads,
validates and compares it (:mod:`catalog.importer.preview`); until the task has kept its plan the preview
page is the progress page (``static/js/import-progress.js`` polls :meth:`ImportViews.preview_status`).
The confirm step always becomes a :class:`~catalog.models.CatalogImportJob` imported by a Celery task
(:mod:`catalog.importer.jobs`), which reads and validates the file again and writes it in one transaction
through :func:`catalog.importer.import_catalog` — the same code path as ``manage.py import_catalog``: the
office watches the job's progress page and lands on its result page. With Celery eager (the embedded
default) both tasks run inside the request, which then goes straight to the preview or the result.

Wire it into ``DisclosureItemAdmin``::

    from .admin_import import import_urls

    class DisclosureItemAdmin(...):
        change_list_template = "admin/catalog/import_changelist.html"   # adds the 从 Excel 导入 button

        def get_urls(self):
            return import_urls(self) + super().get_urls()   # before the admin's catch-all object URLs

The upload between preview and confirm is kept in :data:`UPLOAD_DIR` (``settings.CATALOG_IMPORT_DIR``,
default a directory under the system temp dir — never under MEDIA_ROOT, which may be served), keyed by a
random token held in the user's session together with the file's SHA-256; it is deleted on confirm or
cancel, and uploads older than :data:`UPLOAD_MAX_AGE` are swept away at the next upload.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from domains.models import Domain
from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin

from . import excel
from .importer import ImportPlan
from .importer import preview as previews
from .importer import services as import_services
from .importer.jobs import create_job, read_progress
from .importer.mapping import ROLES, is_role, role_label, role_of_words
from .models import (
    CatalogImportJob,
    ImportJobStatus,
    ImportLayout,
    ImportReview,
    ImportStorage,
    ReviewStatus,
)
from .services import AREA

logger = logging.getLogger(__name__)

SESSION_KEY = "catalog_import"
#: Item rows on one page of the preview table.
PREVIEW_ROWS = 100
#: Errors (and warnings) listed one by one on the preview; the rest are counted.
LISTED_PROBLEMS = 200
#: Jobs listed on the upload page.
RECENT_JOBS = 10
UPLOAD_MAX_AGE = timedelta(hours=24)
#: The preview's filters: (value of ?status=, label).
FILTERS = [
    ("", gettext_lazy("全部")),
    ("new", gettext_lazy("新增")),
    ("changed", gettext_lazy("有变更")),
    ("unchanged", gettext_lazy("无变更")),
    ("manual", gettext_lazy("待人工设置")),
    ("review", gettext_lazy("待核对")),
]
#: Review entries listed on a job's result page (the rest: the review list in the admin, and the export).
LISTED_REVIEWS = 500
#: The tiers the mapping page offers for a sheet's rows that name none.
SHEET_TIERS = [
    ("", gettext_lazy("按层级列（没有层级时待指定）")),
    ("district", gettext_lazy("区级（县级）")),
    ("street", gettext_lazy("街道级（乡镇）")),
    ("community", gettext_lazy("社区级（村）")),
]


def upload_storage() -> FileSystemStorage:
    """Uploads waiting between preview and confirm (the job files live in its ``jobs/`` folder)."""
    return ImportStorage()


def person(user) -> str:
    """A person's name as the office knows it (never the login name)."""
    return (user.get_full_name() or "").strip() or _("（未填写姓名）")


class UploadForm(forms.Form):
    file = forms.FileField(label="目录文件（.xlsx）")
    field = forms.ModelChoiceField(
        queryset=Domain.objects.order_by("order", "id"),
        to_field_name="code",
        required=False,
        label="指定领域（可选）",
        empty_label="按工作表名称、标题行或“领域”列识别",
    )
    tier = forms.ChoiceField(
        label="公开层级（目录没有层级列时）",
        required=False,
        choices=[
            ("", "按目录的层级列（未勾选的待指定）"),
            ("district", "区级（县级）"),
            ("street", "街道级（乡镇）"),
            ("community", "社区级（村）"),
        ],
        help_text="目录没有“公开层级”列、或某些事项的层级未勾选时，按这里选择的层级导入（未勾选的列为待核对）；也可在下一页按工作表选择。",
    )
    allow_missing = forms.MultipleChoiceField(
        label="允许缺少的列",
        required=False,
        choices=[(k, k) for k in ("公开依据", "公开渠道和载体", "公开内容", "公开时限", "公开主体")],
        widget=forms.CheckboxSelectMultiple,
        help_text="不勾选也能导入：缺少的列在每个事项上记下并列为待核对；勾选表示确认目录本来就没有这一列，只记下缺项。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > excel.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("文件过大，上限为 %(v1)s MB。") % {"v1": excel.MAX_FILE_BYTES // 1024 // 1024}
            )
        return upload


def import_urls(model_admin) -> list:
    """The upload, preview, confirm and cancel views, to put before ``super().get_urls()``."""
    opts = model_admin.model._meta
    prefix = f"{opts.app_label}_{opts.model_name}_import"
    views = ImportViews(model_admin)
    wrap = model_admin.admin_site.admin_view
    return [
        path("import/", wrap(views.upload), name=prefix),
        path("import/preview/", wrap(views.preview), name=f"{prefix}_preview"),
        path("import/preview/status/", wrap(views.preview_status), name=f"{prefix}_preview_status"),
        path("import/mapping/", wrap(views.mapping), name=f"{prefix}_mapping"),
        path("import/confirm/", wrap(views.confirm), name=f"{prefix}_confirm"),
        path("import/cancel/", wrap(views.cancel), name=f"{prefix}_cancel"),
        path("import/jobs/<int:job_id>/", wrap(views.job), name=f"{prefix}_job"),
        path("import/jobs/<int:job_id>/status/", wrap(views.job_status), name=f"{prefix}_job_status"),
        path("import/jobs/<int:job_id>/result/", wrap(views.job_result), name=f"{prefix}_job_result"),
        path(
            "import/jobs/<int:job_id>/review.xlsx", wrap(views.job_review_export), name=f"{prefix}_job_review"
        ),
    ]


class ImportViews:
    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.opts = model_admin.model._meta
        self.site = model_admin.admin_site

    # -- helpers ----------------------------------------------------------------------------------
    def url(self, name: str, *args) -> str:
        return reverse(f"{self.site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def check(self, request) -> None:
        if not perms.can(request.user, perms.ADD, AREA):
            raise PermissionDenied(_("只有区政务公开办可以导入目录。"))

    def render(self, request, template: str, context: dict, status: int = 200):
        base = {
            **self.site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "changelist_url": self.url("changelist"),
            "upload_url": self.url("import"),
            "limits": {
                "mb": excel.MAX_FILE_BYTES // 1024 // 1024,
                "rows": excel.MAX_ROWS,
            },
        }
        return TemplateResponse(request, template, {**base, **context}, status=status)

    def stored(self, request) -> tuple[dict, bytes] | None:
        """The session's pending upload and its bytes, if it is still there and unchanged."""
        pending = request.session.get(SESSION_KEY)
        if not pending:
            return None
        storage = upload_storage()
        try:
            with storage.open(pending["path"], "rb") as handle:
                data = handle.read()
        except (OSError, KeyError):
            return None
        if hashlib.sha256(data).hexdigest() != pending.get("sha256"):
            return None
        return pending, data

    def forget(self, request) -> None:
        pending = request.session.pop(SESSION_KEY, None)
        if pending:
            previews.forget(pending)
        if pending and pending.get("path"):
            try:
                upload_storage().delete(pending["path"])
            except OSError:
                logger.warning("could not delete catalog upload %s", pending["path"])

    @staticmethod
    def sweep() -> None:
        storage = upload_storage()
        try:
            _dirs, files = storage.listdir("")
        except (OSError, NotImplementedError):
            return
        cutoff = timezone.now() - UPLOAD_MAX_AGE
        for name in files:
            try:
                if storage.get_modified_time(name) < cutoff:
                    storage.delete(name)
            except (OSError, NotImplementedError):
                continue

    def preview_context(self, request, pending: dict, plan: ImportPlan) -> dict:
        status = request.GET.get("status", "")
        status = status if status in dict(FILTERS) else ""
        rows = plan.filtered(status)
        page = Paginator(rows, PREVIEW_ROWS).get_page(request.GET.get("page"))
        counts = {**plan.status_counts(), "review": len(plan.to_review)}
        return {
            "title": _("导入目录：预览"),
            "pending": pending,
            "plan": plan,
            "counts": counts,
            "filters": [
                (value, label, len(plan.rows) if not value else counts[value]) for value, label in FILTERS
            ],
            "status": status,
            "errors": plan.errors[:LISTED_PROBLEMS],
            "more_errors": max(0, len(plan.errors) - LISTED_PROBLEMS),
            "warnings": plan.warnings[:LISTED_PROBLEMS],
            "more_warnings": max(0, len(plan.warnings) - LISTED_PROBLEMS),
            "per_domain": plan.per_domain(),
            "by_column": plan.by_column(),
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "confirm_url": self.url("import_confirm"),
            "cancel_url": self.url("import_cancel"),
            "preview_url": self.url("import_preview"),
            "mapping_url": self.url("import_mapping"),
            "sheets": self.mapping_context(plan),
            "fields": Domain.objects.order_by("order", "id").values_list("code", "name"),
            "sheet_tiers": SHEET_TIERS,
            "assumed": plan.assumptions[:LISTED_PROBLEMS],
            "assumption_count": len(plan.all_assumptions()),
            "review_rows": len(plan.to_review),
        }

    @staticmethod
    def mapping_context(plan: ImportPlan) -> list[dict]:
        """Each sheet's mapping for the form: its columns with the roles to choose from."""
        roles = [(key, str(label)) for key, label in ROLES.items()]
        sheets = []
        for index, sheet_map in enumerate(plan.mapping):
            extra = [(c.role, role_label(c.role)) for c in sheet_map.columns if c.role not in ROLES]
            sheets.append({"index": index, "map": sheet_map, "roles": roles + list(dict.fromkeys(extra))})
        return sheets

    # -- views ------------------------------------------------------------------------------------
    def upload(self, request):
        self.check(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = b"".join(upload.chunks())
            self.forget(request)
            self.sweep()
            token = uuid.uuid4().hex
            stored = upload_storage().save(f"{token}.xlsx", ContentFile(data))
            field = form.cleaned_data["field"]
            pending = {
                "token": token,
                "path": stored,
                "name": Path(upload.name).name,
                "field": field.code if field else "",
                "tier": form.cleaned_data["tier"],
                "allow_missing": list(form.cleaned_data["allow_missing"]),
                "sha256": hashlib.sha256(data).hexdigest(),
                "mapping": {},
                "save_layout": "",
            }
            request.session[SESSION_KEY] = pending
            previews.start(pending)  # the task reads the file; with Celery eager it has run already
            return redirect(self.url("import_preview"))
        jobs = CatalogImportJob.objects.select_related("created_by")[:RECENT_JOBS]
        return self.render(
            request,
            "admin/catalog/import_upload.html",
            {
                "title": "从 Excel 导入目录",
                "form": form,
                "jobs": [(job, person(job.created_by)) for job in jobs],
            },
        )

    def pending(self, request) -> dict | None:
        """The session's pending upload, if its file is still stored (not read: the task checks it)."""
        pending = request.session.get(SESSION_KEY)
        if not pending or not pending.get("path"):
            return None
        try:
            return pending if upload_storage().exists(pending["path"]) else None
        except OSError:
            return None

    def preview(self, request):
        """The preview once the task has read and compared the upload; until then its progress."""
        self.check(request)
        pending = self.pending(request)
        if pending is None:
            messages.warning(request, "没有待导入的文件（可能已过期），请重新上传。")
            return redirect(self.url("import"))
        state, value = previews.state(pending)
        if state == "failed":
            self.forget(request)
            messages.error(request, value)
            return redirect(self.url("import"))
        if state == "running":
            return self.render(
                request,
                "admin/catalog/import_progress.html",
                {
                    "title": _("导入目录：正在读取文件"),
                    "reading": pending,
                    "progress": value,
                    "status_url": self.url("import_preview_status"),
                    "result_url": self.url("import_preview"),
                },
            )
        plan = value
        if pending.get("rows") != plan.count:
            pending["rows"] = plan.count
            request.session[SESSION_KEY] = pending
        return self.render_preview(request, pending, plan)

    def preview_status(self, request):
        """The preview's progress as JSON (the shape of :meth:`job_status`), for the progress page."""
        self.check(request)
        pending = self.pending(request)
        if pending is None:
            data = {"status": "failed", "percent": 100, "label": _("没有待导入的文件"), "done": 0, "total": 0}
        else:
            state, value = previews.state(pending)
            if state == "running":
                data = {"status": state, **value}
            else:
                label = _("预览已就绪") if state == "ready" else _("失败")
                data = {"status": state, "percent": 100, "label": label, "done": 0, "total": 0}
        data["finished"] = data["status"] != "running"
        data["result_url"] = self.url("import_preview")
        response = JsonResponse(data)
        response["Cache-Control"] = "no-store"
        return response

    def mapping(self, request):
        """The office's corrections of the mapping (a plain form POST): kept with the upload, then the
        preview is read again with them. Nothing is written to the catalog."""
        self.check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pending = self.pending(request)
        if pending is None or request.POST.get("token") != pending.get("token"):
            messages.error(request, _("待导入的文件已失效（已导入、已取消或已过期），请重新上传。"))
            return redirect(self.url("import"))
        plan = cache.get(previews.plan_key(pending))
        if not isinstance(plan, ImportPlan):
            messages.info(request, _("文件尚未读取完毕，请在预览就绪后再调整映射。"))
            return redirect(self.url("import_preview"))
        codes = set(Domain.objects.values_list("code", flat=True))
        tiers = {value for value, _label in SHEET_TIERS}
        sheets = []
        for index, sheet_map in enumerate(plan.mapping):
            columns = []
            for column in sheet_map.columns:
                role = request.POST.get(f"role-{index}-{column.letter}", column.role)
                if not is_role(role):
                    messages.error(request, _("无法识别的列用途「%(r)s」") % {"r": role})
                    return redirect(self.url("import_preview"))
                columns.append({"column": column.letter, "role": role})
            field = request.POST.get(f"field-{index}", "")
            tier = request.POST.get(f"tier-{index}", "")
            sheets.append(
                {
                    "sheet": sheet_map.sheet,
                    "field": field if field in codes else "",
                    "tier": tier if tier in tiers else "",
                    "layout": sheet_map.layout,
                    "columns": columns,
                }
            )
        pending["mapping"] = {"sheets": sheets}
        pending["save_layout"] = (request.POST.get("layout_title") or "").strip()[:100]
        pending.pop("rows", None)
        request.session[SESSION_KEY] = pending
        previews.start(pending)  # with Celery eager the new preview is ready already
        messages.success(request, _("已按调整后的映射重新读取文件。"))
        return redirect(self.url("import_preview") + "#import-mapping")

    def confirm(self, request):
        """Always a job: the task reads and validates the stored upload again and writes it, all or nothing."""
        self.check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        found = self.stored(request)
        if found is None or request.POST.get("token") != found[0].get("token"):
            messages.error(request, "待导入的文件已失效（已导入、已取消或已过期），请重新上传。")
            return redirect(self.url("import"))
        pending, data = found
        plan = cache.get(previews.plan_key(pending))
        if not isinstance(plan, ImportPlan):  # not read yet (or long ago): the preview first
            messages.info(request, "文件尚未读取完毕，请在预览就绪后再确认导入。")
            return redirect(self.url("import_preview"))
        if plan.errors:
            messages.error(request, f"文件中有 {len(plan.errors)} 处错误，未写入任何数据。")
            return self.render_preview(request, pending, plan)
        return self.start_job(request, pending, data, plan.count)

    def render_preview(self, request, pending: dict, plan: ImportPlan):
        return self.render(
            request, "admin/catalog/import_preview.html", self.preview_context(request, pending, plan)
        )

    def start_job(self, request, pending: dict, data: bytes, rows: int):
        """The import job; the stored upload moves into the job."""
        job = create_job(user=request.user, data=data, name=pending["name"], options=pending, rows=rows)
        self.forget(request)
        job.refresh_from_db()  # with Celery eager the task has run already
        if job.finished:
            return redirect(self.url("import_job_result", job.pk))
        return redirect(self.url("import_job", job.pk))

    def get_job(self, request, job_id: int) -> CatalogImportJob:
        self.check(request)
        job = CatalogImportJob.objects.select_related("created_by").filter(pk=job_id).first()
        if job is None:
            raise Http404(_("没有这个导入任务。"))
        return job

    def job(self, request, job_id: int):
        """The progress page (a progress bar polling :meth:`job_status`); a finished job shows its result."""
        job = self.get_job(request, job_id)
        if job.finished:
            return redirect(self.url("import_job_result", job.pk))
        return self.render(
            request,
            "admin/catalog/import_progress.html",
            {
                "title": _("导入目录：正在导入"),
                "job": job,
                "who": person(job.created_by),
                "progress": read_progress(job),
                "status_url": self.url("import_job_status", job.pk),
                "result_url": self.url("import_job_result", job.pk),
            },
        )

    def job_status(self, request, job_id: int):
        job = self.get_job(request, job_id)
        data = read_progress(job)
        data["finished"] = job.finished
        data["result_url"] = self.url("import_job_result", job.pk)
        response = JsonResponse(data)
        response["Cache-Control"] = "no-store"
        return response

    def job_result(self, request, job_id: int):
        job = self.get_job(request, job_id)
        if not job.finished:
            return redirect(self.url("import_job", job.pk))
        summary = job.summary or {}
        items = summary.get("items", {})
        reviews = job.reviews.select_related("item").order_by("sheet", "row", "id")
        return self.render(
            request,
            "admin/catalog/import_result.html",
            {
                "title": _("导入目录：结果"),
                "job": job,
                "who": person(job.created_by),
                "summary": summary,
                "counts": summary.get("counts", {}),
                "items": items,
                "listed": {k: len(v) for k, v in items.items()},
                "failed": job.status == ImportJobStatus.FAILED,
                "reviews": reviews[:LISTED_REVIEWS],
                "review_count": reviews.count(),
                "open_count": reviews.filter(status=ReviewStatus.OPEN).count(),
                "review_export_url": self.url("import_job_review", job.pk),
                "review_list_url": self.review_list_url(job),
            },
        )

    def review_list_url(self, job: CatalogImportJob) -> str:
        """The review list of the job in the admin ("" on a site without it)."""
        try:
            url = reverse(f"{self.site.name}:catalog_importreview_changelist")
        except NoReverseMatch:
            return ""
        return f"{url}?job__id__exact={job.pk}"

    def job_review_export(self, request, job_id: int):
        """The job's review list as xlsx (every entry; formula-looking text escaped)."""
        job = self.get_job(request, job_id)
        reviews = job.reviews.select_related("item", "decided_by").order_by("sheet", "row", "id")
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-review.xlsx"'
        write_reviews(response, reviews, title=_("导入待核对项：%(n)s") % {"n": job.source_name})
        return response

    def cancel(self, request):
        self.check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.forget(request)
        messages.info(request, "已取消导入，上传的文件已删除。")
        return redirect(self.url("changelist"))


# -- the review list as xlsx -------------------------------------------------------------------------------------
REVIEW_COLUMNS = (
    (gettext_lazy("状态"), 8),
    (gettext_lazy("类型"), 22),
    (gettext_lazy("工作表"), 14),
    (gettext_lazy("行"), 6),
    (gettext_lazy("列"), 6),
    (gettext_lazy("表头"), 18),
    (gettext_lazy("事项"), 30),
    (gettext_lazy("说明"), 60),
    (gettext_lazy("文件"), 24),
    (gettext_lazy("核对人"), 10),
)


def write_reviews(out, reviews, *, title: str) -> int:
    """Write review entries to an xlsx (one row each); every text escaped against formula injection."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "待核对"
    sheet.append([excel.safe_text(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([str(label) for label, _width in REVIEW_COLUMNS])
    for c, (_label, width) in enumerate(REVIEW_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
        sheet.cell(row=2, column=c).font = Font(bold=True)
    n = 0
    for review in reviews:
        values = [
            review.get_status_display(),
            review.kind_label,
            review.sheet,
            review.row or "",
            review.column,
            review.column_label,
            review.item.name if review.item_id else "",
            review.message,
            review.source_name,
            person(review.decided_by) if review.decided_by_id else "",
        ]
        sheet.append([excel.safe_text(v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        n += 1
    book.save(out)
    return n


# -- the admins of the layouts and the review list -----------------------------------------------------------
class ReviewFilter(admin.SimpleListFilter):
    """Items with an open review entry of an import (待核对)."""

    title = gettext_lazy("导入待核对")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("open", gettext_lazy("待核对")), ("none", gettext_lazy("无待核对"))]

    def queryset(self, request, queryset):
        waiting = ImportReview.objects.filter(status=ReviewStatus.OPEN, item_id__isnull=False).values(
            "item_id"
        )
        if self.value() == "open":
            return queryset.filter(pk__in=waiting)
        if self.value() == "none":
            return queryset.exclude(pk__in=waiting)
        return queryset


class LayoutForm(forms.ModelForm):
    """A layout's name, whether it is proposed, and its column roles (JSON, as saved)."""

    class Meta:
        model = ImportLayout
        fields = ("title", "is_active", "mapping")

    def clean_mapping(self):
        mapping = self.cleaned_data["mapping"]
        if not isinstance(mapping, dict):
            raise forms.ValidationError(_("列映射应为 JSON 对象（含 columns）。"))
        for entry in mapping.get("columns") or ():
            if not isinstance(entry, dict) or role_of_words(str(entry.get("role", ""))) is None:
                raise forms.ValidationError(
                    _("无法识别的列用途「%(r)s」")
                    % {"r": entry.get("role") if isinstance(entry, dict) else entry}
                )
        return mapping


@admin.register(ImportLayout)
class ImportLayoutAdmin(ScopedAdmin):
    """The saved layouts: made by confirming an import's mapping; renamed, corrected or retired here."""

    writes_through = "catalog.importer.services.edit_layout"
    access_area = AREA
    form = LayoutForm
    list_display = (
        "title",
        "header_words",
        "is_active",
        "confirmed_by",
        "confirmed_at",
        "uses",
        "last_used_at",
    )
    list_filter = ("is_active",)
    search_fields = ("title",)
    readonly_fields = (
        "header_words",
        "roles",
        "signature",
        "confirmed_by",
        "confirmed_at",
        "uses",
        "last_used_at",
    )
    fields = (
        "title",
        "is_active",
        "header_words",
        "roles",
        "mapping",
        "signature",
        "confirmed_by",
        "confirmed_at",
        "uses",
        "last_used_at",
    )
    actions = ["retire_selected"]

    @admin.display(description=gettext_lazy("表头"))
    def header_words(self, obj):
        return " | ".join(h or "（空）" for h in (obj.headers or []))[:300]

    @admin.display(description=gettext_lazy("各列用途"))
    def roles(self, obj):
        columns = (obj.mapping or {}).get("columns") or []
        return "；".join(
            f"{c.get('column')}「{c.get('header') or '（空）'}」→ {role_label(str(c.get('role')))}"
            for c in columns
        )

    def has_add_permission(self, request, *args):
        return False  # a layout is made by confirming an import's mapping

    def save_model(self, request, obj, form, change):
        import_services.edit_layout(
            user=request.user,
            layout=obj,
            title=form.cleaned_data["title"],
            mapping=form.cleaned_data["mapping"],
            is_active=form.cleaned_data["is_active"],
        )

    @admin.action(description=gettext_lazy("停用所选版式"), permissions=["change"])
    def retire_selected(self, request, queryset):
        for layout in queryset:
            import_services.retire_layout(user=request.user, layout=layout)
        self.message_user(request, _("已停用 %(n)d 个版式。") % {"n": queryset.count()}, messages.SUCCESS)


class ReviewForm(forms.ModelForm):
    """The office's decision on one review entry."""

    decision = forms.ChoiceField(
        label=gettext_lazy("核对结果"),
        choices=[
            (ReviewStatus.CONFIRMED, ReviewStatus.CONFIRMED.label),
            (ReviewStatus.CORRECTED, ReviewStatus.CORRECTED.label),
        ],
    )

    class Meta:
        model = ImportReview
        fields = ()


@admin.register(ImportReview)
class ImportReviewAdmin(ScopedAdmin):
    """The review list of the imports (待核对): what each import assumed, until confirmed or corrected."""

    writes_through = "catalog.importer.services.decide_reviews"
    access_area = AREA
    form = ReviewForm
    list_display = (
        "status",
        "kind_label",
        "item_link",
        "where",
        "message",
        "source_name",
        "created_at",
        "decided_by",
    )
    list_filter = ("status", "kind", "job")
    search_fields = ("message", "item__name", "source_name")
    list_select_related = ("item", "decided_by")
    readonly_fields = (
        "status",
        "kind_label",
        "item_link",
        "where",
        "message",
        "source_name",
        "job",
        "created_by",
        "created_at",
        "decided_by",
        "decided_at",
    )
    actions = ["mark_confirmed", "mark_corrected"]

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == ReviewStatus.OPEN:
            fields.append("decision")
        return fields

    @admin.display(description=gettext_lazy("类型"))
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description=gettext_lazy("位置"))
    def where(self, obj):
        text = f"{obj.sheet} 第{obj.row}行" if obj.row else obj.sheet
        return f"{text} {obj.column}列（{obj.column_label}）" if obj.column else text

    @admin.display(description=gettext_lazy("事项"))
    def item_link(self, obj):
        if not obj.item_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:catalog_disclosureitem_change", args=[obj.item_id]),
            obj.item.name,
        )

    def has_add_permission(self, request, *args):
        return False  # made by an import

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != ReviewStatus.OPEN:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        import_services.decide_reviews(user=request.user, reviews=[obj], status=form.cleaned_data["decision"])

    def _decide(self, request, queryset, status):
        n = import_services.decide_reviews(user=request.user, reviews=list(queryset), status=status)
        self.message_user(request, _("已标记 %(n)d 项。") % {"n": n}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("标记为已确认（按导入时的推定）"), permissions=["change"])
    def mark_confirmed(self, request, queryset):
        self._decide(request, queryset, ReviewStatus.CONFIRMED)

    @admin.action(description=gettext_lazy("标记为已更正（已在事项中改正）"), permissions=["change"])
    def mark_corrected(self, request, queryset):
        self._decide(request, queryset, ReviewStatus.CORRECTED)
