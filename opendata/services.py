"""Writes on API tokens: only the district office issues and revokes them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms
from organizations.models import Membership, Unit

from .models import PREFIX_LENGTH, ApiToken, hash_key, new_key


def _require_office(user) -> None:
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以签发或撤销接口令牌。"))


@transaction.atomic
def issue_token(*, user, unit: Unit, account, name: str) -> tuple[ApiToken, str]:
    """Issue a token for ``unit`` acting as ``account``; returns the token and its key (shown once)."""
    _require_office(user)
    validate_issue(unit=unit, account=account, name=name)
    key = new_key()
    token = ApiToken.objects.create(
        name=name.strip(),
        unit=unit,
        user=account,
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        created_by=user,
    )
    return token, key


def validate_issue(*, unit: Unit, account, name: str) -> None:
    """Raise ValidationError unless a token may be issued for ``unit`` as ``account``."""
    if not name.strip():
        raise ValidationError(_("请填写令牌用途。"))
    if not unit.is_active:
        raise ValidationError(_("单位已停用，不能签发令牌。"))
    if not account.is_active:
        raise ValidationError(_("服务账号已停用。"))
    if perms.is_superuser(account):
        raise ValidationError(_("不能为超级用户签发接口令牌，请为单位建立专用服务账号。"))
    if not Membership.objects.filter(user=account, unit=unit).exists():
        raise ValidationError(
            _("服务账号「%(account)s」在「%(unit)s」没有角色，请先在“人员角色”中添加（如公开专员）。")
            % {"account": account, "unit": unit}
        )


@transaction.atomic
def revoke_token(*, user, token: ApiToken) -> ApiToken:
    """Revoke a token at once; it is kept (revoked) for the record."""
    _require_office(user)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = user
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
