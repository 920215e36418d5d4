"""The edge of every request: the one input-cleaning rule (control characters → 400, see
:class:`ControlCharacterMiddleware`) and the route-level rate limits.

Rate limits on whole routes (``settings.RATE_LIMITED_PATHS``: [(regex, scope), ...]), through the one
limiter in core.ratelimit, keyed by core.net.client_ip: search, every PDF/Office rendering, the public
forms. Staff signed in to the admin are not limited here (their work is checked by the permission module).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from .ratelimit import limited, rate_for


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def rules(self) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
        rules = []
        for entry in getattr(settings, "RATE_LIMITED_PATHS", ()):
            pattern, scope, *methods = entry
            rules.append((re.compile(pattern), scope, frozenset(methods[0] if methods else ("GET", "POST"))))
        return rules

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_staff):
            for pattern, scope, methods in self.rules:
                if request.method in methods and pattern.search(request.path):
                    if limited(request, scope):
                        return too_many(scope)
                    break
        return self.get_response(request)


def too_many(scope: str) -> HttpResponse:
    count, window = rate_for(scope)
    minutes = max(1, window // 60)
    response = HttpResponse(
        _("请求过于频繁（每 %(minutes)s 分钟最多 %(count)s 次），请稍后再试。")
        % {"minutes": minutes, "count": count},
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(window)
    return response


# -- control characters ------------------------------------------------------------------------------------
#: C0 control characters except tab, line feed and carriage return, and DEL. NUL in particular: PostgreSQL
#: refuses it in text ("A string literal cannot contain NUL"), so a NUL reaching a query is a 500.
CONTROL_CHARACTERS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


def has_control_character(value: str) -> bool:
    return any(ch in CONTROL_CHARACTERS for ch in value)


def _form_values(request: HttpRequest) -> Iterator[str]:
    yield request.path_info
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            yield key
            yield from values
        for key, files in request.FILES.lists():
            yield key
            yield from (f.name or "" for f in files)


class ControlCharacterMiddleware:
    """The one input-cleaning rule at the edge: a request whose path, query string or form fields (names,
    values, uploaded file names) carry a control character (U+0000–U+001F except tab, line feed and carriage
    return, and U+007F) is refused with 400 before any view runs. No view, form, search or admin query ever
    sees a NUL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(has_control_character(value) for value in _form_values(request)):
            return HttpResponseBadRequest(
                _("请求包含不允许的控制字符。"), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
