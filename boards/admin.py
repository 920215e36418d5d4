"""The 公开栏 in the admin, for the officers who post and the office: scoped per unit (a community officer sees and
posts on their own unit's boards only). Every save goes through boards.services: a board is set up, changed or
retired; a posting is registered (the sheet printed and hashed), photographed, taken down or re-posted; an
objection is recorded and handled; the office sets an item's 公示 period. Nothing is deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import permissions as perms
from organizations.admin_scope import ScopedAdmin, ScopedInline
from publishing.models import Publication

from . import selectors, services
from .models import AREA, Board, Objection, Posting, PostingEvent, PostingPeriod


def _refused(model_admin, request, exc: ValidationError):
    """A service refused the save (rolled back): say why and show the form again."""
    model_admin.message_user(request, "；".join(exc.messages), messages.ERROR)
    return HttpResponseRedirect(request.get_full_path())


class EventInline(ScopedInline):
    model = PostingEvent
    fk_name = "posting"
    access_area = AREA
    can_delete = False
    fields = ("at", "user", "action", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ObjectionInline(ScopedInline):
    model = Objection
    access_area = AREA
    can_delete = False
    fields = ("received_on", "channel", "content", "handling", "result", "handled_on")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# -- boards ------------------------------------------------------------------------------------------------------
@admin.register(Board)
class BoardAdmin(ScopedAdmin):
    writes_through = "boards.services.save_board"
    access_area = AREA
    unit_path = "unit"
    list_display = ("name", "unit", "kind", "location", "keeper", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "location", "unit__name")
    fields = (
        "unit",
        "name",
        "kind",
        "location",
        "latitude",
        "longitude",
        "keeper",
        "is_active",
        "retired_on",
    )
    readonly_fields = ("is_active", "retired_on")
    actions = ("retire",)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.save_board(
            user=request.user,
            unit=data["unit"],
            name=data["name"],
            location=data["location"],
            kind=data["kind"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            keeper=data.get("keeper"),
            board=Board.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk = saved.pk

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            return _refused(self, request, exc)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "keeper":  # the staff of the units this person looks after, no one else's names
            from django.contrib.auth import get_user_model

            units = perms.units_for(request.user, perms.CHANGE, AREA)
            kwargs["queryset"] = get_user_model().objects.filter(memberships__unit__in=units).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=gettext_lazy("停用所选公开栏（保留记录）"))
    def retire(self, request, queryset):
        for board in queryset:
            services.retire_board(user=request.user, board=board, reason=_("后台停用"))
        self.message_user(request, _("已停用。"), messages.SUCCESS)


# -- postings -------------------------------------------------------------------------------------------------
class PostingAddForm(forms.ModelForm):
    photo_confirmed = forms.BooleanField(
        label=gettext_lazy("照片中看不到身份证号、电话号码等个人信息"), required=False
    )
    period_days = forms.IntegerField(
        label=gettext_lazy("公示期（事项没有规则时填写）"), required=False, min_value=1, max_value=366
    )
    period_workdays = forms.BooleanField(label=gettext_lazy("按工作日计算"), required=False)

    class Meta:
        model = Posting
        fields = ("publication", "board", "posted_on", "photo_posted")


class PostingChangeForm(forms.ModelForm):
    end_photo = forms.ImageField(label=gettext_lazy("期满照片"), required=False)
    photo_confirmed = forms.BooleanField(
        label=gettext_lazy("照片中看不到身份证号、电话号码等个人信息"), required=False
    )
    take_down_on = forms.DateField(label=gettext_lazy("撤下日期"), required=False)
    repost_on = forms.DateField(
        label=gettext_lazy("重新张贴日期"),
        required=False,
        help_text=gettext_lazy(
            "异议成立改变了公示内容，或线上信息已变更：按现在的线上内容重新打印张贴，替代本次张贴。"
        ),
    )

    class Meta:
        model = Posting
        fields = ()


@admin.register(Posting)
class PostingAdmin(ScopedAdmin):
    writes_through = "boards.services.post"
    access_area = AREA
    unit_path = "board__unit"
    list_display = ("publication", "board", "posted_on", "period", "ends_on", "state_now", "taken_down_on")
    list_filter = ("workdays", "board__kind")
    search_fields = ("publication__title", "board__name")
    raw_id_fields = ("publication",)
    date_hierarchy = "posted_on"
    inlines = (ObjectionInline, EventInline)

    @admin.display(description=gettext_lazy("公示期"))
    def period(self, obj):
        return obj.period_label

    @admin.display(description=gettext_lazy("状态"))
    def state_now(self, obj):
        from django.utils import timezone

        return selectors.state(obj, timezone.localdate())

    @admin.display(description=gettext_lazy("张贴页"))
    def sheet_link(self, obj):
        if not obj.sheet:
            return "—"
        return format_html('<a href="{}">PDF</a> · SHA-256 {}', obj.sheet.url, obj.sheet_sha256)

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = PostingChangeForm if obj else PostingAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return (
                "publication",
                "board",
                "posted_on",
                "period_days",
                "period_workdays",
                "photo_posted",
                "photo_confirmed",
            )
        return (
            "publication", "board", "state_now", "posted_on", "period", "ends_on", "objection_channel", "sheet_link",
            "content_hash", "posted_by", "photo_posted", "photo_end", "taken_down_on", "supersedes",
            "end_photo", "photo_confirmed", "take_down_on", "repost_on",
        )  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "publication", "board", "state_now", "posted_on", "period", "ends_on", "objection_channel", "sheet_link",
            "content_hash", "posted_by", "photo_posted", "photo_end", "taken_down_on", "supersedes",
        )  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "board":
            kwargs["queryset"] = Board.objects.active().filter(
                perms.unit_filter(request.user, perms.CHANGE, AREA, "unit__")
            )
        if db_field.name == "publication":
            kwargs["queryset"] = Publication.objects.published()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.post(
                user=request.user,
                publication=data["publication"],
                board=data["board"],
                posted_on=data["posted_on"],
                days=data.get("period_days"),
                workdays=data.get("period_workdays"),
                photo=data.get("photo_posted") or None,
                photo_confirmed=data.get("photo_confirmed", False),
                base_url=request.build_absolute_uri("/"),
            )
            obj.pk = created.pk
            return
        posting = Posting.objects.get(pk=obj.pk)
        if data.get("end_photo"):
            services.add_photo(
                user=request.user, posting=posting, which=services.AFTER, photo=data["end_photo"],
                confirmed=data.get("photo_confirmed", False),
            )  # fmt: skip
        if data.get("take_down_on"):
            services.take_down(user=request.user, posting=posting, on=data["take_down_on"])
        if data.get("repost_on"):
            new = services.repost(
                user=request.user, posting=posting, posted_on=data["repost_on"],
                base_url=request.build_absolute_uri("/"),
            )  # fmt: skip
            self.message_user(
                request, _("已重新张贴：新的公示期至 %(d)s。") % {"d": new.ends_on}, messages.SUCCESS
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            return _refused(self, request, exc)


# -- objections ----------------------------------------------------------------------------------------------
@admin.register(Objection)
class ObjectionAdmin(ScopedAdmin):
    writes_through = "boards.services.record_objection"
    access_area = AREA
    unit_path = "posting__board__unit"
    list_display = ("posting", "received_on", "channel", "result", "handled_on")
    list_filter = ("channel", "result")
    raw_id_fields = ("posting",)
    free_text_fields = ("content",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("posting", "received_on", "channel", "content")
        return (
            "posting",
            "received_on",
            "channel",
            "content",
            "handling",
            "result",
            "handled_on",
            "entered_by",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        fixed = ("posting", "received_on", "channel", "content", "entered_by")
        return fixed if obj.result == "pending" else (*fixed, "handling", "result", "handled_on")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.record_objection(
                user=request.user, posting=data["posting"], received_on=data["received_on"],
                channel=data["channel"], content=data["content"],
            )  # fmt: skip
            obj.pk = created.pk
            return
        services.handle_objection(
            user=request.user, objection=Objection.objects.get(pk=obj.pk), handling=data.get("handling", ""),
            result=data.get("result", ""), handled_on=data.get("handled_on"),
        )  # fmt: skip

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            return _refused(self, request, exc)


# -- the period of an item ---------------------------------------------------------------------------------------
@admin.register(PostingPeriod)
class PostingPeriodAdmin(admin.ModelAdmin):
    writes_through = "boards.services.set_posting_period"
    list_display = ("item", "days", "workdays", "derived", "basis")
    list_filter = ("workdays", "derived")
    search_fields = ("item__name", "item__code")
    raw_id_fields = ("item",)
    fields = ("item", "days", "workdays", "basis")

    def has_module_permission(self, request):
        return perms.can(request.user, perms.VIEW, AREA)

    def has_view_permission(self, request, obj=None):
        return perms.can(request.user, perms.VIEW, AREA)

    def has_add_permission(self, request):
        return perms.has_global(request.user, perms.CHANGE, AREA)

    def has_change_permission(self, request, obj=None):
        return perms.has_global(request.user, perms.CHANGE, AREA)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.set_posting_period(
            user=request.user,
            item=data["item"],
            days=data["days"],
            workdays=data["workdays"],
            basis=data["basis"],
        )
        obj.pk = saved.pk
