"""Admin for requests, appeals and annual reports, scoped by the permission module; every write is a service.

* 登记申请 (offline intake: letter, counter, fax, e-mail) with the art. 31 receipt-date rule beside the date;
* 办理 page per request: the due date explained day by day, the steps, and one form for each next step
  (confirm, 补正, 征求意见, 延期, 转办, 保密审查, 答复, 收费, 复议/诉讼, 依申请转主动), the reply letter;
* 台账导入 (ledger upload with a preview, all or nothing);
* annual reports: sections 一、五、六 and table 二 figures, the computed tables, 发布.
Opening a request's page is recorded in its access log.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin
from organizations.models import Unit

from . import clock, exports, ledger, letters, report, services
from .categories import (
    RECEIPT_RULE,
    AppealKind,
    AppealOutcome,
    ApplicantType,
    Channel,
    Delivery,
    Form,
    IdType,
    parse_outcome,
    reason_choices,
)
from .models import AnnualReport, Appeal, DisclosureRequest, LetterCounter, LetterSeries

AREA = "foi"


def _errors(exc) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc) or "无权执行此操作。"]


class IntakeForm(forms.Form):
    unit = forms.ModelChoiceField(label="办理单位", queryset=Unit.objects.none())
    channel = forms.ChoiceField(
        label="申请方式",
        choices=Channel.choices,
        help_text="；".join(f"{Channel(k).label}：{v}" for k, v in RECEIPT_RULE.items()),
    )
    received_on = forms.DateField(label="收到申请日期", widget=forms.DateInput(attrs={"type": "date"}))
    receipt_note = forms.CharField(label="收到日期依据（如 邮件签收单号）", max_length=200, required=False)
    reference = forms.CharField(label="受理编号（留空自动编号）", max_length=50, required=False)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    name = forms.CharField(label="姓名或名称", max_length=100)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    description = forms.CharField(label="所需政府信息", widget=forms.Textarea, max_length=5000)
    purpose = forms.CharField(label="用途", max_length=300, required=False)
    form = forms.ChoiceField(label="获取形式", choices=Form.choices)
    delivery = forms.ChoiceField(label="获取方式", choices=Delivery.choices)


ACTIONS = [
    ("confirm", "确认收到（网上申请）"),
    ("correction", "发出补正通知"),
    ("corrected", "登记收到补正"),
    ("abandon", "逾期未补正，视为放弃"),
    ("consult", "征求第三方意见"),
    ("consulted", "登记第三方意见"),
    ("extend", "延长答复期限"),
    ("assign", "交承办人办理"),
    ("transfer", "转办至其他单位"),
    ("secrecy_ok", "保密审查通过"),
    ("secrecy_no", "保密审查不通过"),
    ("reply", "答复"),
    ("delivered", "登记答复书已邮寄/已领取"),
    ("fee", "发出收费通知"),
    ("fee_paid", "登记已缴费"),
    ("fee_unpaid", "逾期未缴费，终止处理"),
    ("appeal", "登记行政复议/行政诉讼"),
    ("appeal_decided", "登记复议/诉讼结果"),
    ("release", "依申请公开转主动公开"),
]


class HandleForm(forms.Form):
    action = forms.ChoiceField(label="办理环节", choices=ACTIONS)
    on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label="期限（补正/缴费）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label="内容（补正事项、答复内容、理由、审查意见、标题、邮寄单号）",
        required=False,
        widget=forms.Textarea,
    )
    outcome = forms.ChoiceField(label="处理结果", required=False, choices=[("", "—")] + reason_choices())
    days = forms.IntegerField(label="延长工作日（1–20）", required=False, min_value=1, max_value=20)
    approver = forms.CharField(label="批准人", required=False, max_length=50)
    third_party = forms.CharField(label="第三方", required=False, max_length=100)
    assignee = forms.ModelChoiceField(
        label="承办人", required=False, queryset=get_user_model().objects.none()
    )
    to_unit = forms.ModelChoiceField(
        label="转至单位", required=False, queryset=Unit.objects.filter(is_active=True)
    )
    appeal_kind = forms.ChoiceField(
        label="复议/诉讼类型", required=False, choices=[("", "—")] + AppealKind.choices
    )
    appeal = forms.ModelChoiceField(label="复议/诉讼", required=False, queryset=Appeal.objects.none())
    appeal_outcome = forms.ChoiceField(
        label="结果",
        required=False,
        choices=[("", "—")] + [c for c in AppealOutcome.choices if c[0] != "pending"],
    )


def _need(d: dict, *names):
    missing = [HandleForm.base_fields[n].label for n in names if d.get(n) in (None, "")]
    if missing:
        raise ValidationError(_("请填写：{value}").format(value="、".join(str(m) for m in missing)))


def _clock_steps(user, r: DisclosureRequest, d: dict) -> dict:
    """The steps that move the clock: (required fields, the service call)."""
    on, text = d.get("on"), d.get("text") or ""
    return {
        "confirm": (("on",), lambda: services.confirm_receipt(user=user, request=r, on=on)),
        "correction": (
            ("on", "deadline", "text"),
            lambda: services.request_correction(
                user=user, request=r, on=on, text=text, deadline=d["deadline"]
            ),
        ),
        "corrected": (("on",), lambda: services.receive_correction(user=user, request=r, on=on)),
        "abandon": (("on",), lambda: services.abandon(user=user, request=r, on=on)),
        "consult": (
            ("on", "third_party"),
            lambda: services.start_consultation(
                user=user, request=r, third_party=d["third_party"], sent_on=on
            ),
        ),
        "consulted": (
            ("on",),
            lambda: services.end_consultation(
                user=user,
                consultation=r.consultations.filter(replied_on__isnull=True).first()
                or _none("没有进行中的征求意见。"),
                replied_on=on,
                opinion=text,
            ),
        ),
        "extend": (
            ("on", "days", "approver", "text"),
            lambda: services.extend(
                user=user, request=r, on=on, days=d["days"], approver=d["approver"], reason=text
            ),
        ),
        "transfer": (
            ("to_unit", "text"),
            lambda: services.transfer(user=user, request=r, to_unit=d["to_unit"], reason=text),
        ),
    }


def _handling_steps(user, r: DisclosureRequest, d: dict) -> dict:
    """The steps that decide, answer and follow up."""
    on, text = d.get("on"), d.get("text") or ""
    return {
        "assign": (("assignee",), lambda: services.assign(user=user, request=r, assignee=d["assignee"])),
        "secrecy_ok": ((), lambda: services.review_secrecy(user=user, request=r, approved=True, note=text)),
        "secrecy_no": (
            ("text",),
            lambda: services.review_secrecy(user=user, request=r, approved=False, note=text),
        ),
        "reply": (
            ("on", "outcome", "text"),
            lambda: services.reply(
                user=user,
                request=r,
                on=on,
                result=parse_outcome(d["outcome"])[0],
                reason=parse_outcome(d["outcome"])[1],
                text=text,
            ),
        ),
        "delivered": (
            ("on",),
            lambda: services.record_delivery(user=user, request=r, on=on, note=text),
        ),
        "fee": (
            ("on", "deadline"),
            lambda: services.notify_fee(user=user, request=r, on=on, deadline=d["deadline"]),
        ),
        "fee_paid": (("on",), lambda: services.record_fee_paid(user=user, request=r, on=on)),
        "fee_unpaid": (("on",), lambda: services.close_unpaid(user=user, request=r, on=on)),
        "appeal": (
            ("on", "appeal_kind"),
            lambda: services.record_appeal(
                user=user, request=r, kind=d["appeal_kind"], filed_on=on, note=text
            ),
        ),
        "appeal_decided": (
            ("on", "appeal", "appeal_outcome"),
            lambda: services.decide_appeal(
                user=user, appeal=d["appeal"], outcome=d["appeal_outcome"], decided_on=on
            ),
        ),
        "release": (
            ("text",),
            lambda: services.release_to_public(user=user, request=r, title=text.splitlines()[0], body=text),
        ),
    }


def _do(user, r: DisclosureRequest, d: dict):
    steps = {**_clock_steps(user, r, d), **_handling_steps(user, r, d)}
    needed, call = steps[d["action"]]
    _need(d, *needed)
    try:
        return call()
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def _none(message):
    raise ValidationError(message)


class LedgerForm(forms.Form):
    unit = forms.ModelChoiceField(label="办理单位", queryset=Unit.objects.none())
    file = forms.FileField(label="台账文件（.xlsx）")
    confirm = forms.BooleanField(label="确认导入（不勾选则只预览，不写入）", required=False)


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ScopedAdmin):
    writes_through = None  # read-only here: intake and every step go through foi.services on their pages
    access_area = AREA
    unit_path = "unit"
    list_display = (
        "reference",
        "unit",
        "applicant_type",
        "channel",
        "status",
        "received_on",
        "due_date",
        "remaining_display",
        "outcome_display",
        "replied_on",
        "handle_link",
    )
    list_filter = ("status", "channel", "applicant_type", "result", "imported")
    search_fields = ("reference", "tracking_code")
    date_hierarchy = "received_on"
    list_select_related = ("unit",)
    exclude = ("secret_hash",)

    @admin.display(description="处理结果")
    def outcome_display(self, obj):
        return obj.outcome

    @admin.display(description="剩余时间")
    def remaining_display(self, obj):
        """Working days left, or "逾期 N 个工作日" (foi.clock.remaining: never negative, never calendar days);
        a request whose clock stands still (补正, the fee, a consultation) is left to its handling page."""
        from django.utils import timezone

        from .models import Status

        if obj.status != Status.RECEIVED or obj.due_date is None:
            return "—"
        return clock.remaining(obj.due_date, timezone.localdate()).label

    @admin.display(description="办理")
    def handle_link(self, obj):
        return format_html('<a href="{}">办理</a>', reverse("foi:handling", args=[obj.pk]))

    free_text_fields = ("description", "purpose")

    def get_readonly_fields(self, request, obj=None):
        return self.hide_personal(
            request, obj, [f.name for f in self.model._meta.fields if f.name != "secret_hash"]
        )

    def has_change_permission(self, request, obj=None):
        return False  # every change is a step on the 办理 page

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:foi_disclosurerequest_intake")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():  # /admin/foi/disclosurerequest/abc/: the admin's "not found"
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("admin:foi_disclosurerequest_handle", pk=object_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("intake/", wrap(self.intake_view), name="foi_disclosurerequest_intake"),
            path("ledger/", wrap(self.ledger_view), name="foi_disclosurerequest_ledger"),
            path("<int:pk>/handle/", wrap(self.handle_view), name="foi_disclosurerequest_handle"),
            path("<int:pk>/letter.<str:fmt>", wrap(self.letter_view), name="foi_disclosurerequest_letter"),
        ] + super().get_urls()

    def _render(self, request, template, context):
        return TemplateResponse(
            request, template, {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        )

    def intake_view(self, request):
        if not perms.can(request.user, perms.ADD, AREA):
            raise PermissionDenied
        form = IntakeForm(request.POST or None)
        form.fields["unit"].queryset = perms.units_for(request.user, perms.ADD, AREA).filter(is_active=True)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            applicant = services.Applicant(
                d["applicant_type"],
                d["name"],
                d["contact_person"],
                d["id_type"],
                d["id_number"],
                d["phone"],
                d["email"],
                d["address"],
            )
            try:
                created, secret = services.register(
                    user=request.user,
                    unit=d["unit"],
                    channel=d["channel"],
                    received_on=d["received_on"],
                    applicant=applicant,
                    description=d["description"],
                    purpose=d["purpose"],
                    form=d["form"],
                    delivery=d["delivery"],
                    receipt_note=d["receipt_note"],
                    reference=d["reference"],
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"已登记，受理编号 {created.reference}；请告知申请人查询码 "
                    f"{created.tracking_code} 和查询密码 {secret}（只显示这一次）。",
                )
                return redirect("admin:foi_disclosurerequest_handle", pk=created.pk)
        return self._render(
            request, "admin/foi/form.html", {"form": form, "title": "登记政府信息公开申请（线下）"}
        )

    def handle_view(self, request, pk):
        r = get_object_or_404(self.get_queryset(request).select_related("unit"), pk=pk)
        services.log_access(
            user=request.user,
            request=r,
            where="管理后台" if self.sees_personal_data(request, r) else "管理后台（已脱敏）",
        )
        form = HandleForm(request.POST or None)
        form.fields["appeal"].queryset = r.appeals.all()
        form.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(memberships__unit=r.unit, memberships__role="officer", is_active=True)
            .distinct()
        )
        if request.method == "POST" and form.is_valid():
            try:
                _do(request.user, r, form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, "已办理。")
                return redirect("admin:foi_disclosurerequest_handle", pk=r.pk)
        r.refresh_from_db()
        found = services.compute_clock(r)
        whole = self.sees_personal_data(request, r)
        return self._render(
            request,
            "admin/foi/handle.html",
            {
                "r": r,
                "personal_whole": whole,
                "applicant": perms.personal_view(request.user, r, r.unit),
                "description": r.description if whole else perms.redact_text(r.description),
                "form": form,
                "title": f"办理申请 {r.reference}",
                "explain": clock.explain(found) if found else [],
                "events": r.events.select_related("actor"),
                "appeals": r.appeals.all(),
                "consultations": r.consultations.all(),
                "access": r.access_log.select_related("user")[:20],
            },
        )

    def letter_view(self, request, pk, fmt):
        r = get_object_or_404(self.get_queryset(request).select_related("unit"), pk=pk)
        if not r.result or fmt not in ("pdf", "docx"):
            raise PermissionDenied(_("申请尚未答复。"))
        if not self.sees_personal_data(request, r):  # the letter names the applicant and the address
            raise PermissionDenied(_("答复书含申请人个人信息，仅办理单位和区政务公开办可以查看。"))
        services.log_access(user=request.user, request=r, where=f"下载答复书（{fmt}）")
        body = letters.letter_pdf(r) if fmt == "pdf" else letters.letter_docx(r)
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = exports.content_disposition(
            letters.letter_filename(r, fmt), letters.letter_fallback_filename(r, fmt)
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def ledger_view(self, request):
        if not perms.can(request.user, perms.ADD, AREA):
            raise PermissionDenied
        form = LedgerForm(request.POST or None, request.FILES or None)
        form.fields["unit"].queryset = perms.units_for(request.user, perms.CHANGE, AREA).filter(
            is_active=True
        )
        result, errors = None, []
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                result = ledger.import_ledger(
                    user=request.user,
                    unit=d["unit"],
                    fileobj=io.BytesIO(d["file"].read()),
                    dry_run=not d["confirm"],
                )
            except ledger.LedgerError as exc:
                errors = exc.errors
            except PermissionDenied as exc:
                errors = [str(exc)]
            else:
                if d["confirm"]:
                    messages.success(request, f"imported {result.created + result.updated} requests")
                    return redirect("admin:foi_disclosurerequest_changelist")
        return self._render(
            request,
            "admin/foi/ledger.html",
            {
                "form": form,
                "title": "导入依申请公开登记台账",
                "result": result,
                "errors": errors,
                "headers": ledger.HEADERS,
            },
        )


@admin.register(Appeal)
class AppealAdmin(ScopedAdmin):
    writes_through = None  # read-only: recorded on the request's 办理 page (services.record_appeal)
    access_area = AREA
    unit_path = "request__unit"
    list_display = ("request", "kind", "filed_on", "outcome", "decided_on")
    list_filter = ("kind", "outcome")
    readonly_fields = ("request", "kind", "filed_on", "outcome", "decided_on", "note")

    def has_add_permission(self, request, *args):
        return False  # recorded on the request's 办理 page

    def has_change_permission(self, request, obj=None):
        return False


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "unit",
            "district",
            "year",
            "template",
            "overview",
            "licences",
            "penalties",
            "enforcement",
            "fees_wan_yuan",
            "problems",
            "other_matters",
        ]

    #: set by :meth:`AnnualReportAdmin.get_form` (who is saving)
    user = None

    def clean(self):
        """The service's refusals (no right to this unit's or the district's report, a year out of range, a
        published report) are form errors on the page, not a 403."""
        data = super().clean()
        unit = data.get("unit") or getattr(self.instance, "unit", None)
        year = data.get("year") or self.instance.year
        if unit is not None and year:
            district = data.get("district", self.instance.district)
            try:
                services.check_report_editable(user=self.user, unit=unit, year=year, district=district)
            except (ValidationError, PermissionDenied) as exc:
                raise ValidationError(_errors(exc)) from exc
        return data


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedAdmin):
    writes_through = "foi.services.save_report"
    access_area = AREA
    unit_path = "unit"
    form = AnnualReportForm
    list_display = ("__str__", "year", "district", "published_at")
    list_filter = ("year", "district")
    readonly_fields = ("tables", "published_at")
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.published_at:
            return [*AnnualReportForm.Meta.fields, "tables", "published_at"]
        return ["tables", "published_at"] if obj else ["published_at"]

    @admin.display(description="表二、表三、表四（由数据生成）")
    def tables(self, obj):
        if obj is None or not obj.pk:
            return ""
        data = report.build(unit=obj.unit, year=obj.year, district=obj.district)
        from django.template.loader import render_to_string

        return mark_safe(render_to_string("foi/_annual_body.html", exports.context(data)))  # noqa: S308 - escaped

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        fields = {
            k: form.cleaned_data[k]
            for k in (
                "overview",
                "problems",
                "other_matters",
                "licences",
                "penalties",
                "enforcement",
                "fees_wan_yuan",
                "template",
            )
        }
        try:
            saved = services.save_report(
                user=request.user, unit=obj.unit, year=obj.year, district=obj.district, **fields
            )
        except (ValidationError, PermissionDenied) as exc:
            raise PermissionDenied("；".join(_errors(exc))) from exc
        obj.pk = saved.pk

    @admin.action(description="发布所选年度报告（表三须平衡）")
    def publish(self, request, queryset):
        for obj in queryset:
            try:
                services.publish_report(
                    user=request.user, unit=obj.unit, year=obj.year, district=obj.district
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{obj}：{'；'.join(_errors(exc))}", messages.ERROR)
            else:
                self.message_user(request, f"{obj} 已发布。", messages.SUCCESS)


class LetterSeriesForm(forms.ModelForm):
    """The 文号 pattern with the service's checks shown on the form (placeholders, another unit's pattern)."""

    class Meta:
        model = LetterSeries
        fields = ["unit", "pattern"]

    def clean_pattern(self):
        pattern = letters.validate_pattern(self.cleaned_data.get("pattern", ""))
        unit = self.cleaned_data.get("unit") or getattr(self.instance, "unit", None)
        if LetterSeries.objects.filter(pattern=pattern).exclude(unit=unit).exists():
            raise ValidationError(_("文号格式“{value}”已由其他单位使用。").format(value=pattern))
        return pattern


@admin.register(LetterSeries)
class LetterSeriesAdmin(ScopedAdmin):
    """答复书文号: the district office sets each unit's pattern; numbers run per unit and year without gaps
    (foi.services gives them when a letter is issued). History: the admin's 历史 page (django-simple-history)."""

    writes_through = "foi.services.set_letter_pattern"
    access_area = AREA
    unit_path = "unit"
    form = LetterSeriesForm
    list_display = ("unit", "pattern", "example", "numbers_this_year", "updated_at")
    search_fields = ("unit__name", "pattern")
    list_select_related = ("unit",)

    @admin.display(description="示例（今年的下一个文号）")
    def example(self, obj):
        year = timezone.localdate().year
        counter = LetterCounter.objects.filter(unit=obj.unit, year=year).first()
        return letters.format_number(obj.pattern, year, (counter.last if counter else 0) + 1)

    @admin.display(description="今年已编号")
    def numbers_this_year(self, obj):
        counter = LetterCounter.objects.filter(unit=obj.unit, year=timezone.localdate().year).first()
        return counter.last if counter else 0

    def get_readonly_fields(self, request, obj=None):
        return ("unit",) if obj is not None else ()

    def has_add_permission(self, request, *args):
        return perms.is_office(request.user)

    def has_change_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # a unit's series is changed, never removed (its letters keep their numbers)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        unit = Unit.objects.filter(pk=initial.get("unit")).first() if initial.get("unit") else None
        if unit is not None:
            taken = LetterSeries.objects.values_list("pattern", flat=True)
            initial["pattern"] = letters.default_pattern(unit, taken)
        return initial

    def save_model(self, request, obj, form, change):
        try:
            saved = services.set_letter_pattern(
                user=request.user, unit=form.cleaned_data.get("unit") or obj.unit, pattern=obj.pattern
            )
        except (ValidationError, PermissionDenied) as exc:
            raise PermissionDenied("；".join(_errors(exc))) from exc
        obj.pk = saved.pk
