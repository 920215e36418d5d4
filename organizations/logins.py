"""Accounts under sign-in attack: the office's page and its one write, :func:`unlock_login` (audited).

The protection itself is in core/logins.py (django-axes locks an account from one address; a growing delay
per account). Here the district office sees the accounts with many failed sign-ins in the last hour and
clears an account's failures, which ends both its locks and its delay.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import logins

from . import permissions as perms


def may_unlock(user) -> bool:
    return perms.is_superuser(user) or perms.is_office(user)


@transaction.atomic
def unlock_login(*, actor, username: str) -> int:
    """Clear every failed sign-in recorded for ``username`` (from every address): its locks and its delay
    end. Only the district office (or a superuser); recorded in the admin's log on the account. Returns the
    number of failure records cleared."""
    from axes.utils import reset

    if not may_unlock(actor):
        raise PermissionDenied(_("只有区政务公开办可以解除登录限制。"))
    username = (username or "").strip()[:150]
    if not username:
        raise PermissionDenied(_("请指定账号。"))
    cleared = reset(username=username) or 0
    account = get_user_model().objects.filter(username=username).first()
    if account is not None:
        LogEntry.objects.log_action(
            user_id=actor.pk,
            content_type_id=ContentType.objects.get_for_model(account).pk,
            object_id=str(account.pk),
            object_repr=str(account)[:200],
            action_flag=CHANGE,
            change_message=_("解除登录限制（清除 %(n)d 条失败记录）") % {"n": cleared},
        )
    return cleared


@login_required
def login_alerts(request):
    """The accounts under attack (≥ LOGIN_ALERT_FAILURES failures in the last hour) and an unlock button."""
    if not may_unlock(request.user):
        raise PermissionDenied(_("只有区政务公开办可以查看登录异常。"))
    if request.method == "POST":
        username = request.POST.get("username", "")
        cleared = unlock_login(actor=request.user, username=username)
        messages.success(
            request,
            _("已解除账号 %(u)s 的登录限制（清除 %(n)d 条失败记录）。") % {"u": username, "n": cleared},
        )
        return redirect("login_alerts")
    return render(
        request,
        "organizations/logins.html",
        {"accounts": logins.accounts_under_attack(), "threshold": logins.alert_failures()},
    )
