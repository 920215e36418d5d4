"""Admin for obligations and publications, scoped by the permission module; every change goes through services."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import construct_instance
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import DisclosureItem
from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin, ScopedInline

from . import display, selectors, services
from .channels import social_post
from .models import (
    Attachment,
    ColumnCheck,
    Obligation,
    ObligationStatus,
    Publication,
    PublicationEvent,
    PublicationStatus,
    Push,
    Subscription,
)

AREA = "publishing"


def _report(modeladmin, request, done: int, errors: list[str], what: str):
    if done:
        modeladmin.message_user(
            request, _("已%(what)s %(n)s 条。") % {"what": what, "n": done}, messages.SUCCESS
        )
    for error in errors:
        modeladmin.message_user(request, error, messages.ERROR)


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class _Refused(Exception):
    """A service refused the save; the change form is shown again with these messages as form errors."""

    def __init__(self, messages_: list[str]):
        super().__init__("；".join(messages_))
        self.messages = messages_


def _messages_of(exc) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc) or _("无权执行此操作。")]


class ServiceFormMixin:
    """Admin saves go through a service; when it refuses (ValidationError, PermissionDenied), the form is
    shown again with the reason as a form error instead of a 403 page.

    The service runs atomically (its savepoint is rolled back) and nothing else is written before it, so
    the form can simply be processed a second time, this time invalid.
    """

    def _changeform_view(self, request, object_id, form_url, extra_context):
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except _Refused as exc:
            request._service_errors = exc.messages
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        errors = getattr(request, "_service_errors", None)
        if not errors:
            return form

        def clean(self):
            data = form.clean(self)
            for message in errors:
                self.add_error(None, message)
            return data

        return type(form.__name__, (form,), {"clean": clean})

    def run_service(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except (ValidationError, PermissionDenied) as exc:
            raise _Refused(_messages_of(exc)) from exc


class AddObligationForm(forms.ModelForm):
    """The office adds an obligation by hand (or reopens a closed one) — through services.add_obligation."""

    class Meta:
        model = Obligation
        fields = ("unit", "item", "reason")
        help_texts = {"reason": gettext_lazy("必填：为什么该单位须公开此事项（如 区政府常务会议决定）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["item"].queryset = DisclosureItem.objects.filter(status="active").select_related("domain")

    def _post_clean(self):
        # Only copy the values onto the instance: the service validates, and reopens a closed obligation
        # for the same unit and item (which the model's unique constraint would refuse here).
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


@admin.register(Obligation)
class ObligationAdmin(ServiceFormMixin, ScopedAdmin):
    writes_through = "publishing.services.add_obligation"
    access_area = AREA
    unit_path = "unit"
    list_display = ("unit", "item", "status", "source", "to_confirm", "basis", "started_on")
    list_filter = ("unit__tier", "status", "source", "to_confirm", "item__domain")
    search_fields = ("unit__name", "item__name", "item__code", "basis")
    list_select_related = ("unit", "item", "edition")
    readonly_fields = (
        "unit",
        "item",
        "edition",
        "source",
        "status",
        "basis",
        "to_confirm",
        "rule_words",
        "started_on",
        "next_due",
        "reason",
        "closed_at",
        "waiver",
        "waived_at",
        "created_at",
        "updated_at",
    )
    actions = ["waive"]

    def has_add_permission(self, request, *args):
        # Generated from the catalog; the district office may add one by hand (services.add_obligation).
        return perms.is_office(request.user) and perms.can(request.user, perms.ADD, AREA)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AddObligationForm
            kwargs["fields"] = ("unit", "item", "reason")
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    @admin.display(description=gettext_lazy("时限规则"))
    def rule_words(self, obj):
        from .deadlines import rule_of

        rule = rule_of(obj.rule)
        return rule.describe() if rule is not None else _("时限未设置")

    @admin.display(description=gettext_lazy("豁免人"))
    def waiver(self, obj):
        return display.person(obj.waived_by) if obj.waived_by_id else "—"

    def get_fields(self, request, obj=None):
        return ("unit", "item", "reason") if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # every field is read-only after creation; waive through the action
        data = form.cleaned_data
        created = self.run_service(
            services.add_obligation,
            user=request.user,
            unit=data["unit"],
            item=data["item"],
            reason=data["reason"],
        )
        obj.pk = created.pk
        obj.__dict__.update(Obligation.objects.get(pk=created.pk).__dict__)

    def save_related(self, request, form, formsets, change):
        pass

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not perms.is_office(request.user):
            actions.pop("waive", None)
        return actions

    @admin.action(description=gettext_lazy("豁免所选公开义务（公开办）"))
    def waive(self, request, queryset):
        done, errors = 0, []
        for obligation in queryset.filter(status=ObligationStatus.ACTIVE).select_related("unit", "item"):
            try:
                services.waive_obligation(
                    user=request.user, obligation=obligation, reason=_("公开办在管理后台豁免")
                )
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                errors.append(f"{obligation}：{_error_text(exc)}")
        _report(self, request, done, errors, _("豁免"))


class AttachmentInline(ScopedInline):
    """The attachments, shown read-only: new files are uploaded through the form's 上传附件 field, which calls
    ``services.add_attachment`` (draft only, type by content, recorded as an event)."""

    model = Attachment
    access_area = AREA
    extra = 0
    max_num = 0
    fields = ("original_name", "size_words", "type_words", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("大小"))
    def size_words(self, obj):
        return display.size_words(obj.size)

    @admin.display(description=_("文件类型"))
    def type_words(self, obj):
        return display.type_words(obj.content_type)


class EventInline(admin.TabularInline):
    model = PublicationEvent
    extra = 0
    fields = ("at", "action", "actor_name", "comment")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("操作人"))
    def actor_name(self, obj):
        return display.person(obj.actor)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by ``services.add_attachment``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class PublicationForm(forms.ModelForm):
    obligation_choices = forms.ModelMultipleChoiceField(
        label=_("对应公开义务"),
        queryset=Obligation.objects.none(),
        required=False,
        help_text=_(
            "一次上传，多方复用：一条信息可同时履行多个单位同一事项的公开义务，发布单位须自身承担该事项；"
            "一份文件同时回应多个事项的，勾选“合并公开”后逐一关联。"
        ),
    )
    new_attachments = MultipleFileField(
        label=_("上传附件"),
        required=False,
        help_text=_("仅草稿可以上传；接受 PDF、Word、Excel、PNG、JPG，单个不超过 20 MB。"),
    )

    class Meta:
        model = Publication
        fields = (
            "unit",
            "title",
            "doc_number",
            "formed_on",
            "validity",
            "interprets",
            "notice_from",
            "notice_until",
            "objection_channel",
            "combined",
            "body",
        )


class MisattributedFilter(admin.SimpleListFilter):
    """Records whose linked duties the publishing unit does not owe (after a re-plan moved an item to other
    units), or that link several items without 合并公开: data errors to correct (selectors.misattributed_*)."""

    title = gettext_lazy("对应义务与本单位不符")
    parameter_name = "misattributed"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("是（本单位不承担该事项，或未标记合并公开却关联多个事项）"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=selectors.misattributed_publications().values("pk"))
        return queryset


@admin.register(Publication)
class PublicationAdmin(ServiceFormMixin, ScopedAdmin):
    writes_through = "publishing.services.create_publication"  # and update_publication
    access_area = AREA
    unit_path = "unit"

    def get_queryset(self, request):
        # drafts only to those who work on them (Publication.objects.visible_to), never to read-only roles
        visible = Publication.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)

    form = PublicationForm
    change_form_template = "admin/publishing/publication/change_form.html"
    list_display = ("title", "unit", "index_number", "formed_on", "status", "validity", "published_at")
    list_filter = ("status", "validity", "unit__tier", "combined", MisattributedFilter)
    search_fields = ("title", "index_number", "doc_number")
    list_select_related = ("unit",)
    readonly_fields = (
        "index_number",
        "status",
        "publish_at",
        "published_at",
        "superseded_by",
        "drafter",
        "fulfils",
    )
    inlines = [AttachmentInline, EventInline]
    actions = ["submit_selected", "approve_selected", "publish_selected"]

    # -- the form ---------------------------------------------------------------------------------------
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Declared fields are shared by every form class the admin builds: copy before tailoring it to this
        # request, or one request's choices, initial values and disabled state leak into the next.
        field = form.base_fields["obligation_choices"] = copy.deepcopy(form.base_fields["obligation_choices"])
        field.queryset = (
            Obligation.objects.active()
            .filter(perms.unit_filter(request.user, perms.ADD, AREA, "unit__"))
            .select_related("unit", "item")
        )
        if obj is not None:
            field.initial = list(obj.fulfilments.values_list("obligation_id", flat=True))
            field.disabled = obj.status != PublicationStatus.DRAFT  # linked obligations change in drafts only
        if "interprets" in form.base_fields:
            form.base_fields["interprets"].queryset = Publication.objects.visible_to(request.user)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "obligation_choices" in initial:
            initial["obligation_choices"] = [v for v in str(initial["obligation_choices"]).split(",") if v]
        return initial

    def get_fields(self, request, obj=None):
        """Names, not usernames (起草人); the linked duties in words where they cannot be changed here (a
        reviewer's read-only view, a record past its draft)."""
        fields = [
            f for f in super().get_fields(request, obj) if f not in ("created_by", "drafter", "fulfils")
        ]
        if obj is None:
            return [f for f in fields if f not in ("drafter",)]
        if not self.has_change_permission(request, obj):
            fields = [f for f in fields if f not in ("obligation_choices", "new_attachments")]
        if "obligation_choices" not in fields or obj.status != PublicationStatus.DRAFT:
            fields = [f for f in fields if f != "obligation_choices"] + ["fulfils"]
        return [*fields, "drafter"]

    @admin.display(description=gettext_lazy("起草人"))
    def drafter(self, obj):
        return display.person(obj.created_by)

    @admin.display(description=gettext_lazy("对应公开义务"))
    def fulfils(self, obj):
        names = [
            f"{f.obligation.unit.display_name} · {f.obligation.item.name}"
            for f in obj.fulfilments.select_related("obligation__unit", "obligation__item")
        ]
        return "；".join(names) or _("无")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("unit")
            if obj.status != PublicationStatus.DRAFT:
                fields += [
                    "title",
                    "doc_number",
                    "formed_on",
                    "interprets",
                    "notice_from",
                    "notice_until",
                    "objection_channel",
                    "combined",
                    "body",
                ]
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        obligations = list(data.get("obligation_choices") or [])
        with transaction.atomic():  # the record and its attachments: all or nothing
            if not change:
                created = self.run_service(
                    services.create_publication,
                    user=request.user,
                    unit=data["unit"],
                    title=data["title"],
                    body=data.get("body", ""),
                    formed_on=data["formed_on"],
                    doc_number=data.get("doc_number", ""),
                    validity=data.get("validity"),
                    interprets=data.get("interprets"),
                    obligations=obligations,
                    notice_from=data.get("notice_from"),
                    notice_until=data.get("notice_until"),
                    objection_channel=data.get("objection_channel", ""),
                    combined=data.get("combined", False),
                )
                obj.pk = created.pk
                obj.__dict__.update(Publication.objects.get(pk=created.pk).__dict__)
            else:
                changes = {name: data[name] for name in form.changed_data if name in services.EDITABLE}
                editing_obligations = "obligation_choices" in form.changed_data
                if changes or editing_obligations:
                    self.run_service(
                        services.update_publication,
                        user=request.user,
                        publication=obj,
                        obligations=obligations if editing_obligations else None,
                        **changes,
                    )
            for upload in data.get("new_attachments") or ():
                self.run_service(services.add_attachment, user=request.user, publication=obj, upload=upload)

    def save_related(self, request, form, formsets, change):
        """Nothing to save here: the obligations were linked and the attachments added by the services; the
        inlines are read-only (the change message still reads their empty lists)."""
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    # -- workflow buttons ---------------------------------------------------------------------------------
    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="publishing_publication_workflow",
            ),
        ]
        return urls + super().get_urls()

    def workflow_steps(self, request, obj) -> list[tuple[str, str]]:
        """The buttons: the steps the workflow (``services.TRANSITIONS``) allows this user now."""
        if obj is None:
            return []
        return [
            (step, services.TRANSITIONS[step].label) for step in services.available_steps(request.user, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_steps"] = [
            (label, reverse("admin:publishing_publication_workflow", args=[obj.pk, step]))
            for step, label in self.workflow_steps(request, obj)
        ]
        if obj is not None and obj.status == PublicationStatus.PUBLISHED:
            context["social_post"] = social_post(obj, request.build_absolute_uri("/"))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _run_step(self, request, obj, step):
        comment = request.POST.get("comment", "").strip()
        if step == "submit":
            services.submit(user=request.user, publication=obj, comment=comment)
        elif step == "approve":
            services.approve(user=request.user, publication=obj, comment=comment)
        elif step == "reject":
            services.reject(user=request.user, publication=obj, comment=comment)
        elif step == "publish":
            at = None
            if request.POST.get("publish_at"):
                at = timezone.make_aware(timezone.datetime.fromisoformat(request.POST["publish_at"]))
            services.publish(user=request.user, publication=obj, at=at)
        elif step == "withdraw":
            services.withdraw(user=request.user, publication=obj, reason=comment)
        elif step == "supersede":
            index_number = request.POST.get("replacement", "").strip()
            new = self.get_queryset(request).filter(index_number=index_number).first()
            if new is None:
                raise ValidationError(_("找不到索引号为「%(n)s」的信息。") % {"n": index_number})
            services.supersede(user=request.user, old=obj, new=new, comment=comment)

    def workflow_view(self, request, object_id, step):
        obj = get_object_or_404(self.get_queryset(request).select_related("unit"), pk=object_id)
        if step not in services.TRANSITIONS:
            raise PermissionDenied
        label = services.TRANSITIONS[step].label
        if request.method == "POST":
            try:
                self._run_step(request, obj, step)
            except (PermissionDenied, ValidationError, ValueError) as exc:
                self.message_user(request, _error_text(exc), messages.ERROR)
            else:
                self.message_user(
                    request, _("已%(label)s：%(obj)s") % {"label": label, "obj": obj}, messages.SUCCESS
                )
                return redirect(reverse("admin:publishing_publication_change", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "step": step,
            "label": label,
            "title": f"{label}：{obj}",
        }
        return TemplateResponse(request, "admin/publishing/publication/workflow.html", context)

    # -- bulk actions -------------------------------------------------------------------------------------
    def _bulk(self, request, queryset, fn, what):
        done, errors = 0, []
        for publication in queryset.select_related("unit"):
            try:
                fn(user=request.user, publication=publication)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                errors.append(f"{publication}：{_error_text(exc)}")
        _report(self, request, done, errors, what)

    @admin.action(description=gettext_lazy("提交审核"))
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.submit, _("提交"))

    @admin.action(description=gettext_lazy("审核通过"))
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, services.approve, _("审核通过"))

    @admin.action(description=gettext_lazy("立即发布"))
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.publish, _("发布"))


# =====================================================================================================
# Channels and monitoring
# =====================================================================================================


class OfficeOnlyAdmin(admin.ModelAdmin):
    """Visible to the district office alone (subscribers' personal data); read-only except deletion."""

    def has_module_permission(self, request):
        return perms.is_office(request.user)

    def has_view_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(OfficeOnlyAdmin):
    writes_through = None  # plain data entry by the office (a citizen's subscription)
    # lists show personal data masked (issue 28); the subscription's own page shows it whole to the office
    list_display = (
        "id",
        "email_masked",
        "phone_masked",
        "target",
        "confirmed",
        "created_at",
        "unsubscribed_at",
    )
    list_filter = ("confirmed", ("unsubscribed_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "phone")
    list_select_related = ("domain", "unit", "item")
    exclude = ("token", "unsubscribe_token")

    @admin.display(description=gettext_lazy("订阅对象"))
    def target(self, obj):
        return obj.target_label

    @admin.display(description=gettext_lazy("电子邮箱"))
    def email_masked(self, obj):
        return perms.masked("email", obj.email)

    @admin.display(description=gettext_lazy("手机号码"))
    def phone_masked(self, obj):
        return perms.masked("phone", obj.phone)

    def has_delete_permission(self, request, obj=None):
        return perms.is_office(request.user)  # erase personal data on request


@admin.register(Push)
class PushAdmin(OfficeOnlyAdmin):
    writes_through = None  # plain data entry by the office (the push log)
    list_display = ("publication", "subscription", "created_at", "emailed_at", "texted_at")
    list_select_related = ("publication", "subscription__domain", "subscription__unit", "subscription__item")
    date_hierarchy = "created_at"


@admin.register(ColumnCheck)
class ColumnCheckAdmin(ScopedAdmin):
    writes_through = None  # read-only: the nightly check writes these
    access_area = AREA
    unit_path = "unit"
    list_display = (
        "unit",
        "checked_on",
        "columns",
        "stale",
        "blank",
        "last_update",
        "stale_veto",
        "blank_veto",
    )
    list_filter = ("checked_on", "stale_veto", "blank_veto", "unit__tier")
    list_select_related = ("unit",)
    date_hierarchy = "checked_on"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
