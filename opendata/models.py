"""Per-unit API tokens: a unit's own systems write its publications through the API as a service account.

The token is never stored: only its SHA-256 hash and a short prefix (to tell tokens apart in the admin).
A token authenticates as its ``user`` (a service account holding a membership in ``unit``), so every
permission question is answered by :mod:`organizations.permissions` exactly as for that user in the admin.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.auth import hash_key  # noqa: F401  (re-exported: the services hash new keys with it)
from organizations.models import Unit

#: Tokens look like ``gkt_<40 url-safe characters>``; the prefix shown is the first 12 characters.
TOKEN_PREFIX = "gkt_"
PREFIX_LENGTH = 12


def new_key() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(30)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An API token of one unit (接口令牌), bound to a service account; stored hashed, shown once."""

    name = models.CharField(_("用途"), max_length=100, help_text=_("如“区教育局办公系统对接”。"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务账号"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_("令牌以此账号的身份和权限操作；该账号须在本单位有公开专员等角色。"),
    )
    prefix = models.CharField(_("令牌前缀"), max_length=PREFIX_LENGTH, editable=False, db_index=True)
    key_hash = models.CharField(_("令牌摘要（SHA-256）"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
