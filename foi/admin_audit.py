"""The audit trail of reads of applicants' personal data (查阅记录), for the office and the auditor: read-only,
append-only (``AccessLog`` refuses changes and deletes), kept with the requests (never purged: at least the six
months 网络安全法 art. 21 asks), exportable as CSV."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.csvexport import csv_response
from organizations.admin_scope import ScopedAdmin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(ScopedAdmin):
    writes_through = None  # read-only (append-only log)
    access_area = "foi"
    unit_path = "request__unit"
    list_display = ("at", "user", "where", "request_reference", "unit_name")
    list_filter = ("where", ("at", admin.DateFieldListFilter))
    date_hierarchy = "at"
    search_fields = ("request__reference", "user__username", "where")
    list_select_related = ("user", "request__unit")
    actions = ["export_csv"]
    #: plain data (an audit trail nobody edits): no service to save through, nothing to save
    writes_through = None

    @admin.display(description=_("受理编号"))
    def request_reference(self, obj):
        return obj.request.reference

    @admin.display(description=_("受理单位"))
    def unit_name(self, obj):
        return obj.request.unit.name

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("导出所选查阅记录（CSV）"))
    def export_csv(self, request, queryset):
        rows = (
            [timezone.localtime(r.at).isoformat(timespec="seconds"), r.user or "", r.where, r.request.reference,
             r.request.unit.name]
            for r in queryset.select_related("user", "request__unit").order_by("at", "id").iterator(chunk_size=2000)
        )  # fmt: skip
        stamp = timezone.localtime().strftime("%Y%m%d")
        return csv_response(f"查阅记录-{stamp}.csv", ["时间", "查看人", "途径", "受理编号", "受理单位"], rows)
