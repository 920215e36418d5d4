"""Staff sessions end after inactivity (GB/T 22239-2019 level 3, 8.1.4.1 身份鉴别: 登录连接超时自动退出).

:class:`IdleTimeoutMiddleware` signs a user out once ``SESSION_IDLE_SECONDS`` (default 30 minutes) pass without
a request, and sends a page request to the sign-in page with a message. The last activity is written to the
session at most once a minute, so an active officer's requests do not each write the session store.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

KEY = "_last_seen"
WRITE_EVERY = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            idle = getattr(settings, "SESSION_IDLE_SECONDS", 1800)
            now = int(time.time())
            last = request.session.get(KEY)
            if isinstance(last, int) and idle and now - last > idle:
                logout(request)
                if request.method == "GET" and not request.path.startswith("/api/"):
                    messages.info(request, _("您已超过 %(m)s 分钟未操作，请重新登录。") % {"m": idle // 60})
                    return redirect(f"{settings.LOGIN_URL}?next={request.get_full_path()}")
            elif not isinstance(last, int) or now - last >= WRITE_EVERY:
                request.session[KEY] = now
        return self.get_response(request)
