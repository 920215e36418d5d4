from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from domains.models import Domain
from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin, ScopedInline
from organizations.models import UnitKind

from . import guides, services
from .admin_import import ReviewFilter, import_urls
from .models import (
    BasisDocument,
    CatalogEdition,
    Channel,
    ContentElement,
    DisclosureItem,
    EditionStatus,
    GuideMaterial,
    GuideStep,
    ItemBasis,
    ItemChannel,
    ItemStatus,
    RuleStatus,
    ServiceGuide,
)
from .selectors import edition_diff
from .timelimits import Kind, Period, TimeLimitRule, Trigger
from .timelimits import Unit as LimitUnit

AREA = "catalog"


class ElementInline(ScopedInline):
    model = ContentElement
    access_area = AREA
    fields = ("order", "text")


class BasisInline(ScopedInline):
    model = ItemBasis
    access_area = AREA
    fields = ("order", "document", "article")
    autocomplete_fields = ("document",)


class ChannelInline(ScopedInline):
    model = ItemChannel
    access_area = AREA
    fields = ("channel", "required")


class TierFilter(admin.SimpleListFilter):
    title = _("公开层级")
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return [("district", _("区级")), ("street", _("街道级")), ("community", _("社区级"))]

    def queryset(self, request, queryset):
        if self.value() in {"district", "street", "community"}:
            return queryset.filter(**{f"tier_{self.value()}": True})
        return queryset


class ModeFilter(admin.SimpleListFilter):
    title = _("公开方式")
    parameter_name = "mode"

    def lookups(self, request, model_admin):
        return [("proactive", _("主动")), ("on_request", _("依申请"))]

    def queryset(self, request, queryset):
        if self.value() in {"proactive", "on_request"}:
            return queryset.filter(**{f"mode_{self.value()}": True})
        return queryset


class AudienceFilter(admin.SimpleListFilter):
    title = _("公开对象")
    parameter_name = "audience"

    def lookups(self, request, model_admin):
        return [("public", _("全社会")), ("specific", _("特定群体"))]

    def queryset(self, request, queryset):
        if self.value() in {"public", "specific"}:
            return queryset.filter(**{f"audience_{self.value()}": True})
        return queryset


class RuleFilter(admin.SimpleListFilter):
    """The time-limit rule's state. 待人工设置 lists only what the office must really set: active leaf items
    off the negative list whose wording was not understood (a group heading or a 不予公开 item needs no rule)."""

    title = _("时限规则")
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        return [
            ("manual", _("待人工设置")),
            (RuleStatus.PARSED.value, RuleStatus.PARSED.label),
            (RuleStatus.CONFIRMED.value, RuleStatus.CONFIRMED.label),
            ("none_needed", _("无需时限（分组或负面清单）")),
        ]

    def queryset(self, request, queryset):
        leaf = Q(rght=F("lft") + 1)
        if self.value() == "manual":
            return queryset.filter(
                leaf, time_limit_status=RuleStatus.UNPARSED, is_negative=False, status=ItemStatus.ACTIVE
            )
        if self.value() in {RuleStatus.PARSED, RuleStatus.CONFIRMED}:
            return queryset.filter(time_limit_status=self.value())
        if self.value() == "none_needed":
            return queryset.filter(~leaf | Q(is_negative=True))
        return queryset


class ItemForm(forms.ModelForm):
    """The item form, with the machine time-limit rule set by hand when the parser could not."""

    rule_kind = forms.ChoiceField(
        label=_("时限规则：类型"),
        required=False,
        choices=[("", "—— 按公开时限原文自动识别 ——")]
        + [(k.value, k.value) for k in Kind if k != Kind.UNPARSED],
    )
    rule_trigger = forms.ChoiceField(
        label=_("起算事件"), required=False, choices=[("", "——")] + [(t.value, t.value) for t in Trigger]
    )
    rule_amount = forms.IntegerField(label=_("期限数量"), required=False, min_value=0, max_value=3650)
    rule_unit = forms.ChoiceField(
        label=_("期限单位"), required=False, choices=[("", "——")] + [(u.value, u.value) for u in LimitUnit]
    )
    rule_period = forms.ChoiceField(
        label=_("周期"), required=False, choices=[("", "——")] + [(p.value, p.value) for p in Period]
    )
    rule_event = forms.CharField(
        label=_("起算事件名称"),
        required=False,
        max_length=50,
        help_text=_("起算事件为“其他事件”时填写，如：会议结束"),
    )

    subject_kinds = forms.MultipleChoiceField(
        label=_("主体单位类型"),
        required=False,
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("公开主体对应的单位类型：勾选的各类单位在三级清单中承担此事项。"),
    )

    KIND_LABELS = {
        "deadline": "限期公开",
        "continuous": "实时/长期公开",
        "as_progress": "按进展及时公开",
        "periodic": "定期公开",
    }
    TRIGGER_LABELS = {
        "formed": "信息形成或变更之日",
        "decision": "作出行政决定之日",
        "period_end": "周期结束",
        "received": "收到申请之日",
        "event": "其他事件",
    }
    UNIT_LABELS = {"workdays": "工作日", "days": "自然日", "months": "月", "hours": "小时"}
    PERIOD_LABELS = {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年"}

    class Meta:
        model = DisclosureItem
        fields = (
            "domain",
            "parent",
            "name",
            "code",
            "order",
            "content",
            "basis_text",
            "time_limit_text",
            "subject_text",
            "subject_kinds",
            "subject_unit",
            "responsible_office",
            "audience_public",
            "audience_specific",
            "mode_proactive",
            "mode_on_request",
            "tier_district",
            "tier_street",
            "tier_community",
            "five_public",
            "form",
            "duration",
            "is_negative",
            "negative_ground",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, labels in (
            ("rule_kind", self.KIND_LABELS),
            ("rule_trigger", self.TRIGGER_LABELS),
            ("rule_unit", self.UNIT_LABELS),
            ("rule_period", self.PERIOD_LABELS),
        ):
            self.fields[name].choices = [(v, labels.get(v, lbl)) for v, lbl in self.fields[name].choices]

    def clean(self):
        data = super().clean()
        kind = data.get("rule_kind")
        if kind:
            try:
                rule = TimeLimitRule(
                    kind=Kind(kind),
                    trigger=Trigger(data["rule_trigger"]) if data.get("rule_trigger") else None,
                    amount=data.get("rule_amount"),
                    unit=LimitUnit(data["rule_unit"]) if data.get("rule_unit") else None,
                    period=Period(data["rule_period"]) if data.get("rule_period") else None,
                    event=data.get("rule_event", ""),
                )
            except (TypeError, ValueError) as exc:
                raise ValidationError(_("时限规则不完整：%(e)s") % {"e": exc}) from exc
            if kind == "deadline" and not (rule.trigger and rule.amount and rule.unit):
                raise ValidationError(_("限期公开须填写起算事件、期限数量和单位。"))
            if kind == "periodic" and not rule.period:
                raise ValidationError(_("定期公开须选择周期。"))
            data["manual_rule"] = rule
        return data


def item_data_of(obj: DisclosureItem, form) -> services.ItemData:
    """What the item form says, as the services take it (the subject kinds are read from the subject text
    unless the office set them)."""
    derive = not obj.subject_kinds or (
        "subject_text" in form.changed_data and not form.cleaned_data.get("subject_kinds")
    )
    return services.ItemData(
        name=obj.name,
        code=obj.code,
        content=obj.content,
        basis_text=obj.basis_text,
        time_limit_text=obj.time_limit_text,
        subject_text=obj.subject_text,
        audience_public=obj.audience_public,
        audience_specific=obj.audience_specific,
        mode_proactive=obj.mode_proactive,
        mode_on_request=obj.mode_on_request,
        tier_district=obj.tier_district,
        tier_street=obj.tier_street,
        tier_community=obj.tier_community,
        five_public=obj.five_public,
        form=obj.form,
        duration=obj.duration,
        responsible_office=obj.responsible_office,
        is_negative=obj.is_negative,
        negative_ground=obj.negative_ground,
        order=obj.order,
        subject_kinds=None if derive else list(obj.subject_kinds),
        subject_unit_id=obj.subject_unit_id,
        group=obj.pk is not None and obj.children.exists(),
    )


def _note_changes(formset) -> None:
    """What the admin's change message reads (``formset.save()`` would set it; the service writes instead)."""
    deleted = [f for f in formset.initial_forms if f in formset.deleted_forms]
    formset.deleted_objects = [f.instance for f in deleted]
    formset.changed_objects = [
        (f.instance, f.changed_data) for f in formset.initial_forms if f.has_changed() and f not in deleted
    ]
    formset.new_objects = [
        f.instance for f in formset.extra_forms if f.has_changed() and f not in formset.deleted_forms
    ]


def _kept_rows(formset) -> list[dict]:
    """The cleaned rows of an inline formset that stay (filled, not marked for deletion), in their order."""
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return sorted(rows, key=lambda row: row.get("order") or 0)


def inline_parts(formsets) -> tuple[list[str], list[services.BasisRef], list[tuple]]:
    """What the item's inlines say, as :class:`catalog.services.ItemData` takes it (the admin shows the three
    inlines to whoever may change the item; without them nothing could be saved as the form says)."""
    by_model = {formset.model: formset for formset in formsets}
    if not {ContentElement, ItemBasis, ItemChannel} <= set(by_model):
        raise PermissionDenied
    for formset in by_model.values():
        _note_changes(formset)
    elements = [row["text"] for row in _kept_rows(by_model[ContentElement]) if row.get("text")]
    bases = [
        services.BasisRef(
            name=row["document"].name, article=row.get("article") or "", document_id=row["document"].pk
        )
        for row in _kept_rows(by_model[ItemBasis])
        if row.get("document")
    ]
    channels = []
    for row in _kept_rows(by_model[ItemChannel]):
        if row.get("channel"):
            stored = row.get("id")  # an existing row keeps the catalog's own words for the channel
            channels.append((row["channel"], bool(row.get("required")), stored.words if stored else ""))
    return elements, bases, channels


@admin.register(DisclosureItem)
class DisclosureItemAdmin(ScopedAdmin, DraggableMPTTAdmin):
    writes_through = "catalog.services.save_item"
    access_area = AREA
    form = ItemForm
    change_list_template = "admin/catalog/import_changelist.html"  # adds 「从 Excel 导入」
    list_display = (
        "tree_actions",
        "indented_title",
        "code",
        "domain",
        "tier_labels",
        "mode_label",
        "time_limit_text",
        "rule_label",
        "rule_reason",
        "status",
    )
    list_display_links = ("indented_title",)
    list_filter = (
        "domain",
        TierFilter,
        ModeFilter,
        AudienceFilter,
        "five_public",
        "status",
        RuleFilter,
        ReviewFilter,
        "is_negative",
    )
    search_fields = ("name", "code", "content", "elements__text", "subject_text", "basis_text")
    list_select_related = ("domain",)
    inlines = [ElementInline, BasisInline, ChannelInline]
    autocomplete_fields = ("subject_unit",)
    actions = ["retire_selected", "move_to_field", "set_channel_required", "set_channel_optional"]
    action_form = None  # set below
    readonly_fields = ("rule_status_display",)
    fieldsets = (
        (None, {"fields": ("domain", "parent", "name", "code", "order")}),
        (_("公开内容与依据"), {"fields": ("content", "basis_text")}),
        (
            _("公开时限"),
            {
                "fields": (
                    "time_limit_text",
                    "rule_status_display",
                    "rule_kind",
                    "rule_trigger",
                    "rule_amount",
                    "rule_unit",
                    "rule_period",
                    "rule_event",
                )
            },
        ),
        (_("公开主体"), {"fields": ("subject_text", "subject_kinds", "subject_unit", "responsible_office")}),
        (
            _("公开对象、方式与层级"),
            {
                "fields": (
                    ("audience_public", "audience_specific"),
                    ("mode_proactive", "mode_on_request"),
                    ("tier_district", "tier_street", "tier_community"),
                    "five_public",
                    "form",
                    "duration",
                )
            },
        ),
        (_("负面清单"), {"fields": ("is_negative", "negative_ground")}),
    )

    @admin.display(description=_("层级"))
    def tier_labels(self, obj):
        return "、".join(
            label
            for label, on in (
                ("区", obj.tier_district),
                ("街道", obj.tier_street),
                ("社区", obj.tier_community),
            )
            if on
        )

    @admin.display(description=_("方式"))
    def mode_label(self, obj):
        return "、".join(
            label for label, on in (("主动", obj.mode_proactive), ("依申请", obj.mode_on_request)) if on
        )

    @admin.display(description=_("时限规则"))
    def rule_label(self, obj):
        if obj.time_limit_status == RuleStatus.UNPARSED and obj.time_limit_text:
            return format_html('<strong style="color:#a40e26">{}</strong>', _("待人工设置"))
        described = TimeLimitRule.from_dict(obj.time_limit_rule).describe() if obj.time_limit_rule else ""
        return format_html("{}<br><small>{}</small>", described, obj.get_time_limit_status_display())

    @admin.display(description=_("识别说明"))
    def rule_reason(self, obj):
        return obj.time_limit_note

    @admin.display(description=_("当前规则"))
    def rule_status_display(self, obj):
        if not obj.pk:
            return "—"
        if obj.time_limit_rule:
            described = TimeLimitRule.from_dict(obj.time_limit_rule).describe()
        else:
            described = _("（无）")
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr><tr><td>{}</td><td>{}（{}）</td><td>{}</td></tr></table>",
            _("公开时限原文"),
            _("时限规则"),
            _("识别说明"),
            obj.time_limit_text,
            described,
            obj.get_time_limit_status_display(),
            obj.time_limit_note,
        )

    def save_model(self, request, obj, form, change):
        """Nothing yet: the item and its inlines are written together in :meth:`save_related`."""

    def save_related(self, request, form, formsets, change):
        """The item with its elements, bases and channels through the one write path of an item
        (:func:`catalog.services.save_item`): one permission-checked transaction, the inline formsets read but
        never saved by the admin itself."""
        obj = form.instance
        data = item_data_of(obj, form)
        data.elements, data.bases, data.channels = inline_parts(formsets)
        services.save_item(
            user=request.user,
            domain=obj.domain,
            parent=obj.parent,
            data=data,
            item=obj,
            rule=form.cleaned_data.get("manual_rule"),
            related=True,
        )
        self._say_when_public(request)

    def _say_when_public(self, request) -> None:
        """Saving changes the working copy: say that the public sees it with the next approved edition."""
        draft = CatalogEdition.objects.filter(status=EditionStatus.DRAFT).order_by("-pk").first()
        if draft is None:
            text = _(
                "已保存到目录工作副本。公众页面和三级清单在下一版目录经联席会议审核批准后更新；请新建目录版本并提交审核。"
            )
            link = reverse("admin:catalog_catalogedition_add")
        else:
            text = _(
                "已保存到目录工作副本。公众页面和三级清单在草稿版本「{title}」经联席会议审核批准后更新。"
            ).format(title=draft.title)
            link = reverse("admin:catalog_catalogedition_change", args=[draft.pk])
        messages.info(request, format_html('{} <a href="{}">{}</a>', text, link, _("查看目录版本")))

    # -- bulk actions ------------------------------------------------------------------------------
    @admin.action(description=_("停用所选事项（含下级，保留历史）"), permissions=["change"])
    def retire_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip() or "目录动态调整"
        count = services.retire_items(user=request.user, items=list(queryset), reason=reason)
        self.message_user(request, _("已停用 %(n)d 个事项。") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("移至所选领域"), permissions=["change"])
    def move_to_field(self, request, queryset):
        domain = Domain.objects.filter(pk=request.POST.get("target_domain") or 0).first()
        if domain is None:
            self.message_user(request, _("请先在操作栏选择目标领域。"), messages.ERROR)
            return
        try:
            count = services.move_items(user=request.user, items=list(queryset), domain=domain)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request, _("已将 %(n)d 个事项移至「%(d)s」。") % {"n": count, "d": domain}, messages.SUCCESS
        )

    def _set_channel(self, request, queryset, required):
        channel = request.POST.get("target_channel")
        if channel not in Channel.values:
            self.message_user(request, _("请先在操作栏选择渠道。"), messages.ERROR)
            return
        count = services.set_channel(
            user=request.user, items=list(queryset), channel=channel, required=required
        )
        self.message_user(request, _("已为 %(n)d 个事项设置渠道。") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("设置渠道为必选 ■"), permissions=["change"])
    def set_channel_required(self, request, queryset):
        self._set_channel(request, queryset, True)

    @admin.action(description=_("设置渠道为可选 □"), permissions=["change"])
    def set_channel_optional(self, request, queryset):
        self._set_channel(request, queryset, False)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("domain")

    def get_urls(self):
        return import_urls(self) + super().get_urls()


class ItemActionForm(admin.helpers.ActionForm):
    target_domain = forms.ModelChoiceField(queryset=Domain.objects.all(), required=False, label=_("目标领域"))
    target_channel = forms.ChoiceField(
        choices=[("", "—— 渠道 ——")] + list(Channel.choices), required=False, label=_("渠道")
    )
    reason = forms.CharField(required=False, label=_("停用理由"), max_length=200)


DisclosureItemAdmin.action_form = ItemActionForm


@admin.register(BasisDocument)
class BasisDocumentAdmin(ScopedAdmin):
    writes_through = None  # plain data entry (ScopedAdmin: permission-checked, history)
    access_area = AREA
    list_display = ("name", "issuer", "doc_number")
    search_fields = ("name", "issuer", "doc_number")


class MaterialInline(ScopedInline):
    model = GuideMaterial
    access_area = AREA
    fields = ("order", "name", "copies", "note")


class StepInline(ScopedInline):
    model = GuideStep
    access_area = AREA
    fields = ("order", "name", "actor", "time_limit_text", "description")


@admin.register(ServiceGuide)
class ServiceGuideAdmin(ScopedAdmin):
    writes_through = "catalog.services.save_guide"  # catalog.guides.save_guide, re-exported
    access_area = AREA
    list_display = ("title", "item", "total_time_limit", "is_active")
    list_filter = ("is_active", "item__domain")
    search_fields = ("title", "item__name")
    autocomplete_fields = ("item",)
    inlines = [MaterialInline, StepInline]

    def save_model(self, request, obj, form, change):
        """Nothing yet: the guide and its inlines are written together in :meth:`save_related`."""

    def save_related(self, request, form, formsets, change):
        """The guide with its materials and steps through :func:`catalog.guides.save_guide` (permission
        checked, one transaction, each step's rule read from its wording)."""
        by_model = {formset.model: formset for formset in formsets}
        if not {GuideMaterial, GuideStep} <= set(by_model):
            raise PermissionDenied
        for formset in by_model.values():
            _note_changes(formset)
        d = form.cleaned_data
        data = guides.GuideData(
            code=d["code"],
            total_time_limit=d.get("total_time_limit") or "",
            **{name: d.get(name) or "" for name in guides.GUIDE_FIELDS},
            materials=[
                guides.MaterialData(name=r["name"], copies=r.get("copies") or "", note=r.get("note") or "")
                for r in _kept_rows(by_model[GuideMaterial])
                if r.get("name")
            ],
            steps=[
                guides.StepData(
                    name=r["name"],
                    actor=r.get("actor") or "",
                    description=r.get("description") or "",
                    time_limit_text=r.get("time_limit_text") or "",
                )
                for r in _kept_rows(by_model[GuideStep])
                if r.get("name")
            ],
        )
        guides.save_guide(
            user=request.user, item=d["item"], data=data, guide=form.instance, active=d.get("is_active", True)
        )


class EditionForm(forms.ModelForm):
    """A new edition is refused on the form (with the service's message) while another one is pending."""

    class Meta:
        model = CatalogEdition
        fields = ("title", "summary")

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            services.ensure_can_draft()
        return data


@admin.register(CatalogEdition)
class CatalogEditionAdmin(ScopedAdmin):
    """Editions: draft → submitted → approved (immutable) or returned, with the diff on the page."""

    writes_through = "catalog.services.draft_edition"

    access_area = AREA
    list_display = ("number", "title", "status", "created_by", "submitted_at", "reviewed_by", "reviewed_at")
    list_filter = ("status",)
    form = EditionForm
    fields = ("title", "summary")
    change_form_template = "admin/catalog/catalogedition/change_form.html"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in (EditionStatus.APPROVED, EditionStatus.SUBMITTED):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        edition = services.draft_edition(user=request.user, title=obj.title, summary=obj.summary)
        obj.pk = edition.pk
        obj.number = edition.number

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{info[0]}_{info[1]}_workflow",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        edition = get_object_or_404(CatalogEdition, pk=object_id)
        diff = edition_diff(edition)
        extra_context = {
            **(extra_context or {}),
            "edition": edition,
            "diff": diff,
            "events": edition.events.select_related("actor"),
            "may_submit": edition.status in (EditionStatus.DRAFT, EditionStatus.RETURNED)
            and perms.can(request.user, perms.CHANGE, AREA),
            "may_review": edition.status == EditionStatus.SUBMITTED
            and perms.can(request.user, perms.REVIEW, AREA),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, pk, step):
        edition = get_object_or_404(CatalogEdition, pk=pk)
        if request.method != "POST":
            return redirect(reverse("admin:catalog_catalogedition_change", args=[pk]))
        comment = request.POST.get("comment", "")
        actions = {
            "submit": lambda: services.submit_edition(user=request.user, edition=edition),
            "approve": lambda: services.approve_edition(user=request.user, edition=edition, comment=comment),
            "return": lambda: services.return_edition(user=request.user, edition=edition, comment=comment),
        }
        if step not in actions:
            raise PermissionDenied
        try:
            actions[step]()
        except (ValidationError, PermissionDenied) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text, messages.ERROR)
        else:
            done = {
                "submit": _("已提交联席会议审核。"),
                "approve": _("已批准，新版目录生效。"),
                "return": _("已退回修改。"),
            }[step]
            self.message_user(request, done, messages.SUCCESS)
        return redirect(reverse("admin:catalog_catalogedition_change", args=[pk]))


from .tiers import admin as tiers_admin  # noqa: E402, F401 - registers the tier templates' admins
