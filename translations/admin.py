"""Translations in the admin: the office and the townships' officers enter texts (through
translations.services.save_translation); a reviewer approves them with the action (review_translation)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations import permissions as perms

from . import services
from .models import AREA, Translation


@admin.register(Translation)
class TranslationAdmin(SimpleHistoryAdmin):
    writes_through = "translations.services.save_translation"
    list_display = (
        "content_type",
        "object_id",
        "language",
        "status",
        "translator",
        "reviewer",
        "reviewed_on",
    )
    list_filter = ("language", "status", "content_type")
    search_fields = ("title", "body", "translator", "reviewer")
    readonly_fields = ("status", "reviewer", "reviewed_on", "updated_at")
    fields = (
        "content_type",
        "object_id",
        "language",
        "source_text",
        "title",
        "body",
        "translator",
        "translated_on",
        "note",
        *readonly_fields,
    )
    actions = ("approve",)

    def has_module_permission(self, request):
        return perms.can(request.user, perms.VIEW, AREA)

    def has_view_permission(self, request, obj=None):
        return perms.can(request.user, perms.VIEW, AREA)

    def has_add_permission(self, request):
        return perms.can(request.user, perms.CHANGE, AREA)

    def has_change_permission(self, request, obj=None):
        return perms.can(request.user, perms.CHANGE, AREA)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # the record a translation belongs to does not change
            return ("content_type", "object_id", "language", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        record = obj.content_type.get_object_for_this_type(pk=obj.object_id)
        saved = services.save_translation(
            user=request.user,
            record=record,
            language=obj.language,
            body=obj.body,
            source_text=obj.source_text,
            title=obj.title,
            translator=obj.translator,
            translated_on=obj.translated_on,
            note=obj.note,
            reason=str(_("后台录入")),
        )
        obj.pk = saved.pk

    @admin.action(description=_("审校通过（审校人为当前账号）"))
    def approve(self, request, queryset):
        reviewer = request.user.get_full_name() or request.user.get_username()
        for translation in queryset:
            try:
                services.review_translation(user=request.user, translation=translation, reviewer=reviewer)
            except ValidationError as exc:
                self.message_user(request, f"{translation}: {'；'.join(exc.messages)}", messages.ERROR)
