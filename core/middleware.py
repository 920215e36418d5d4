"""Rate limits on whole routes (``settings.RATE_LIMITED_PATHS``: [(regex, scope), ...]), through the one
limiter in core.ratelimit, keyed by core.net.client_ip: search, every PDF/Office rendering, the public
forms. Staff signed in to the admin are not limited here (their work is checked by the permission module).
"""

from __future__ import annotations

import re
from functools import cached_property

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .ratelimit import limited, rate_for


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def rules(self) -> list[tuple[re.Pattern, str, frozenset[str]]]:
        rules = []
        for entry in getattr(settings, "RATE_LIMITED_PATHS", ()):
            pattern, scope, *methods = entry
            rules.append((re.compile(pattern), scope, frozenset(methods[0] if methods else ("GET", "POST"))))
        return rules

    def __call__(self, request):
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
