"""Sign-in protection that a stranger cannot turn against the office.

* django-axes locks an account **from one address** (lockout parameters: username *and* address together):
  wrong passwords typed from anywhere else never lock the account at the right address.
* On top, a growing delay per account (:class:`AccountDelayBackend`): after ``LOGIN_DELAY_AFTER`` failures
  for an account within the cool-off window, from any addresses, each further attempt for it must wait
  ``2**k`` seconds after the last failure (k = failures past the threshold, at most ``LOGIN_MAX_DELAY_SECONDS``),
  so guessing from many addresses is slowed. An address the account signed in from before (axes' access log,
  :data:`KNOWN_ADDRESS_DAYS`) is not held back: the office at its usual desk always gets in with the right
  password. Attempts refused for the delay are not counted as failures.
* :func:`accounts_under_attack` feeds the office's desk an alert; the office clears an account's failures with
  ``organizations.logins.unlock_login`` (a service, audited).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .net import client_ip

#: An address the account signed in from within these days is not held back by the account's delay.
KNOWN_ADDRESS_DAYS = 90


def delay_after() -> int:
    return int(getattr(settings, "LOGIN_DELAY_AFTER", 10))


def max_delay() -> int:
    return int(getattr(settings, "LOGIN_MAX_DELAY_SECONDS", 300))


def alert_failures() -> int:
    return int(getattr(settings, "LOGIN_ALERT_FAILURES", 20))


def window() -> timedelta:
    return timedelta(hours=float(getattr(settings, "AXES_COOLOFF_TIME", 1) or 1))


def _attempts(now=None):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - window())


def account_failures(username: str, now=None) -> tuple[int, datetime | None]:
    """(failed sign-ins for ``username`` in the window, from every address; the last one's time)."""
    found = (
        _attempts(now)
        .filter(username=username)
        .aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    return found["n"] or 0, found["last"]


def delay_for(failures: int) -> int:
    """Seconds an attempt must wait after the last failure, once an account has ``failures``."""
    if failures < delay_after():
        return 0
    return min(2 ** min(failures - delay_after(), 30), max_delay())


def wait_seconds(username: str, now=None) -> int:
    """How long a sign-in for ``username`` must still wait (0: it may try now)."""
    now = now or timezone.now()
    failures, last = account_failures(username, now)
    delay = delay_for(failures)
    if not delay or last is None:
        return 0
    return max(0, math.ceil((last + timedelta(seconds=delay) - now).total_seconds()))


def known_address(username: str, address: str, now=None) -> bool:
    """Whether ``username`` signed in successfully from ``address`` recently."""
    from axes.models import AccessLog

    since = (now or timezone.now()) - timedelta(days=KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()


class AccountDelayBackend:
    """An authentication backend that authenticates no one: it refuses, before any password is checked, an
    attempt for an account that must still wait (:func:`wait_seconds`) from an address it never signed in
    from. The refusal is not counted as a failure (``axes_locked_out`` with
    ``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``) and answers with :func:`lockout_response`."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        wait = wait_seconds(username)
        if wait and not known_address(username, client_ip(request)):
            request.axes_locked_out = True
            request.portal_login_wait = wait
            raise PermissionDenied("sign-in delayed")
        return None  # no ``get_user``: it never signs anyone in (and force_login skips it)


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused sign-in (``AXES_LOCKOUT_CALLABLE``): the account's delay, or axes' lock of the
    account from this address, in Chinese, with ``Retry-After``."""
    wait = getattr(request, "portal_login_wait", 0)
    hours = float(getattr(settings, "AXES_COOLOFF_TIME", 1) or 1)
    context = {"wait": wait, "cooloff_minutes": int(hours * 60)}
    response = render(request, "core/lockout.html", context, status=429)
    response["Retry-After"] = str(wait or int(hours * 3600))
    return response


def accounts_under_attack(now=None) -> list[dict]:
    """Accounts with at least ``LOGIN_ALERT_FAILURES`` failed sign-ins in the window: username, failures,
    addresses, last attempt; the most attacked first. One query."""
    rows = (
        _attempts(now)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=alert_failures())
        .order_by("-failures", "username")
    )
    return list(rows)
