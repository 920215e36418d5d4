"""Token authentication for the API: ``Authorization: Token <key>``, one token per unit.

A token authenticates as its service account (``ApiToken.user``); what it may then do is decided by
the permission module and the publishing services, exactly as for that account in the admin.
On top of that a token is confined to its own unit's subtree: the account comes back with the token's unit
as ``portal_token_unit``, and the permission module cuts every grant down to that subtree (a district-wide
role included), so every read and write of the request stays inside it. :func:`require_token_scope` says so
in words where a write names a unit outside it.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed


def hash_key(key: str) -> str:
    """How a token key is stored: its SHA-256, never the key itself."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_model():
    """The token model named by ``API_TOKEN_MODEL`` (``opendata.ApiToken``): core imports no feature app."""
    return apps.get_model(settings.API_TOKEN_MODEL)


#: ``last_used_at`` is written at most this often per token (one UPDATE, not one per request).
TOUCH_EVERY = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("令牌格式无效：请使用“Authorization: Token <令牌>”。"))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("令牌格式无效。")) from exc
        ApiToken = token_model()
        token = ApiToken.objects.select_related("user", "unit").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise AuthenticationFailed(_("令牌无效。"))
        if token.revoked_at is not None:
            raise AuthenticationFailed(_("令牌已撤销。"))
        if not token.user.is_active or not token.unit.is_active:
            raise AuthenticationFailed(_("令牌的服务账号或单位已停用。"))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        user = token.user
        # The permission module reads this (organizations.permissions.TOKEN_UNIT_ATTR): every read and write
        # of this request is confined to the token's unit subtree, whatever roles the account holds.
        user.portal_token_unit = token.unit
        return user, token

    def authenticate_header(self, request):
        return self.keyword


def token_of(request):
    """The API token the request authenticated with, or None (session or anonymous)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, token_model()) else None


def require_token_scope(request, unit) -> None:
    """Refuse a token acting outside its own unit's subtree (the account's permissions apply as well)."""
    token = token_of(request)
    if token is None or unit is None:
        return
    own = token.unit
    if not (unit.tree_id == own.tree_id and own.lft <= unit.lft and unit.rght <= own.rght):
        raise PermissionDenied(
            _("此令牌属于「{own}」，不能操作「{unit}」的数据。").format(own=own, unit=unit)
        )


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token (``Authorization: Token <key>``)."""

    target_class = "core.auth.ApiTokenAuthentication"
    name = "unitToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "单位接口令牌：`Authorization: Token <令牌>`（由区政务公开办在管理后台签发）。",
        }
