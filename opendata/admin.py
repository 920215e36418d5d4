"""Admin for API tokens: the district office issues (the key is shown once) and revokes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from organizations import permissions as perms

from . import services
from .models import ApiToken


class IssueTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("name", "unit", "user")

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("user"):
            try:
                services.validate_issue(unit=data["unit"], account=data["user"], name=data.get("name") or "")
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    writes_through = "opendata.services.issue_token"
    form = IssueTokenForm
    list_display = ("name", "unit", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "unit__name", "user__username")
    list_select_related = ("unit", "user")
    actions = ["revoke_selected"]

    # Office only, whatever the model permissions say.
    def has_module_permission(self, request):
        return perms.is_office(request.user)

    def has_view_permission(self, request, obj=None):
        return perms.is_office(request.user)

    def has_add_permission(self, request):
        return perms.is_office(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a token is issued and revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "name",
            "unit",
            "user",
            "prefix",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
            "revoked_by",
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "unit", "user")
        return self.get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        data = form.cleaned_data
        token, key = services.issue_token(
            user=request.user, unit=data["unit"], account=data["user"], name=data["name"]
        )
        obj.pk = token.pk
        obj.__dict__.update(ApiToken.objects.get(pk=token.pk).__dict__)
        request._issued_key = key

    def response_add(self, request, obj, post_url_continue=None):
        """Show the key once, on a page of its own (never in a message cookie or the session)."""
        key = getattr(request, "_issued_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "token": obj,
            "key": key,
            "title": "接口令牌已签发",
        }
        response = TemplateResponse(request, "admin/opendata/apitoken/issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="撤销所选令牌")
    def revoke_selected(self, request, queryset):
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(user=request.user, token=token)
            done += 1
        self.message_user(request, f"已撤销 {done} 个令牌。", messages.SUCCESS)
