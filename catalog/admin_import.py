"""The catalog upload in the admin: upload an xlsx → preview (items per field, the first rows, every error)
→ confirm. The confirm step re-reads and re-validates the stored upload, then writes it in one transaction
through :func:`catalog.importer.import_catalog` — the same code path as ``manage.py import_catalog``.

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
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from domains.models import Domain
from organizations import permissions as perms

from . import excel
from .importer import ImportPlan, import_catalog, parse_workbook
from .services import AREA

logger = logging.getLogger(__name__)

SESSION_KEY = "catalog_import"
#: Item rows shown in the preview table.
PREVIEW_ROWS = 50
UPLOAD_MAX_AGE = timedelta(hours=24)


def upload_storage() -> FileSystemStorage:
    location = (
        getattr(settings, "CATALOG_IMPORT_DIR", None) or Path(tempfile.gettempdir()) / "catalog-imports"
    )
    return FileSystemStorage(location=str(location))


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
            ("", "目录中有公开层级列"),
            ("district", "区级（县级）"),
            ("street", "街道级（乡镇）"),
            ("community", "社区级（村）"),
        ],
        help_text="不少乡镇、开发区的目录没有“公开层级”列：请在这里选择这些事项属于哪一级。",
    )
    allow_missing = forms.MultipleChoiceField(
        label="允许缺少的列",
        required=False,
        choices=[(k, k) for k in ("公开依据", "公开渠道和载体", "公开内容", "公开时限", "公开主体")],
        widget=forms.CheckboxSelectMultiple,
        help_text="目录确实没有这些列时勾选；每个事项都会记下这一缺项。",
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
        path("import/confirm/", wrap(views.confirm), name=f"{prefix}_confirm"),
        path("import/cancel/", wrap(views.cancel), name=f"{prefix}_cancel"),
    ]


class ImportViews:
    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.opts = model_admin.model._meta
        self.site = model_admin.admin_site

    # -- helpers ----------------------------------------------------------------------------------
    def url(self, name: str) -> str:
        return reverse(f"{self.site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}")

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
            "limits": {"mb": excel.MAX_FILE_BYTES // 1024 // 1024, "rows": excel.MAX_ROWS},
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

    @staticmethod
    def parse(pending: dict, data: bytes) -> ImportPlan:
        return parse_workbook(
            ContentFile(data, name=pending["name"]),
            field_code=pending.get("field") or None,
            tier=pending.get("tier") or None,
            allow_missing=pending.get("allow_missing") or (),
        )

    def preview_context(self, pending: dict, plan: ImportPlan) -> dict:
        return {
            "title": "导入目录：预览",
            "pending": pending,
            "plan": plan,
            "per_domain": plan.per_domain(),
            "preview_rows": plan.rows[:PREVIEW_ROWS],
            "more_rows": max(0, plan.count - PREVIEW_ROWS),
            "confirm_url": self.url("import_confirm"),
            "cancel_url": self.url("import_cancel"),
        }

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
            request.session[SESSION_KEY] = {
                "token": token,
                "path": stored,
                "name": Path(upload.name).name,
                "field": field.code if field else "",
                "tier": form.cleaned_data["tier"],
                "allow_missing": list(form.cleaned_data["allow_missing"]),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            return redirect(self.url("import_preview"))
        return self.render(
            request, "admin/catalog/import_upload.html", {"title": "从 Excel 导入目录", "form": form}
        )

    def preview(self, request):
        self.check(request)
        found = self.stored(request)
        if found is None:
            messages.warning(request, "没有待导入的文件（可能已过期），请重新上传。")
            return redirect(self.url("import"))
        pending, data = found
        plan = self.parse(pending, data)
        return self.render(request, "admin/catalog/import_preview.html", self.preview_context(pending, plan))

    def confirm(self, request):
        self.check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        found = self.stored(request)
        if found is None or request.POST.get("token") != found[0].get("token"):
            messages.error(request, "待导入的文件已失效（已导入、已取消或已过期），请重新上传。")
            return redirect(self.url("import"))
        pending, data = found
        plan = self.parse(pending, data)  # validate again: nothing is written from a stale preview
        if plan.errors:
            messages.error(request, f"文件中有 {len(plan.errors)} 处错误，未写入任何数据。")
            return self.render(
                request, "admin/catalog/import_preview.html", self.preview_context(pending, plan)
            )
        try:
            result = import_catalog(user=request.user, plan=plan)
        except ValidationError as exc:
            messages.error(request, "导入失败，未写入任何数据：" + "；".join(exc.messages))
            return self.render(
                request, "admin/catalog/import_preview.html", self.preview_context(pending, plan)
            )
        except PermissionDenied:
            raise
        except Exception:
            logger.exception("catalog import failed")
            messages.error(request, "写入时出错，已全部回滚，未写入任何数据。")
            return self.render(
                request, "admin/catalog/import_preview.html", self.preview_context(pending, plan)
            )
        self.forget(request)
        messages.success(
            request, f"已导入 {result.count} 个事项（新增 {result.created}，更新 {result.updated}）。"
        )
        if result.unparsed:
            messages.warning(
                request,
                f"其中 {len(result.unparsed)} 个事项的公开时限未能自动识别，已标记为“待人工设置”，"
                "请在列表中按“时限规则状态”筛选后设置。",
            )
        return redirect(self.url("changelist"))

    def cancel(self, request):
        self.check(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.forget(request)
        messages.info(request, "已取消导入，上传的文件已删除。")
        return redirect(self.url("changelist"))
