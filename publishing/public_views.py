"""Public channel pages: the bulletin-board sheet, the screen feed, and subscriptions (精准推送).

No personal data is ever shown here: a subscriber sees only "please check your mailbox/phone", whatever
the state of their subscription.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from catalog.models import DisclosureItem
from core.pagecache import cached_bytes
from core.ratelimit import limited
from domains.models import Domain
from organizations.models import Unit

from . import channels, subscriptions

SCREEN_CACHE_SECONDS = 60
BOARD_CACHE_SECONDS = 600


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise Http404(_("单位不存在"))
    return unit


def _base(request) -> str:
    return request.build_absolute_uri("/")


@require_GET
def board_pdf(request, code):
    """The A4 bulletin-board sheet (公示栏) of a unit, as PDF."""
    unit = _unit(code)
    base, today = _base(request), timezone.localdate()
    # rendered once per version of the unit's data and day (WeasyPrint takes seconds), rate-limited by core's
    # middleware; a record of the unit bumps its tag (portal.signals)
    pdf = cached_bytes(
        "board",
        f"{unit.code}|{base}|{today}",
        lambda: channels.board_pdf(unit, base),
        tags=[f"unit:{unit.code}"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-{unit.code}.pdf"'
    patch_cache_control(response, public=True, max_age=BOARD_CACHE_SECONDS)
    return response


@require_GET
def screen_feed(request, code):
    """The latest publications of a unit and its subtree, for a service-hall screen to poll (JSON)."""
    unit = _unit(code)
    key = "publishing:screen:" + hashlib.sha256(f"{unit.code}|{_base(request)}".encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = json.dumps(channels.screen_feed(unit, _base(request)), ensure_ascii=False).encode()
        cache.set(key, body, SCREEN_CACHE_SECONDS)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"  # public data; screens may run a page from elsewhere
    patch_cache_control(response, public=True, max_age=SCREEN_CACHE_SECONDS)
    return response


# -- subscriptions -----------------------------------------------------------------------------------------
class SubscribeForm(forms.Form):
    email = forms.EmailField(label="电子邮箱", required=False)
    phone = forms.CharField(label="手机号码", required=False, max_length=20)
    domain = forms.ModelChoiceField(
        label="订阅领域",
        queryset=Domain.objects.none(),
        required=False,
        to_field_name="code",
        empty_label="（不选）",
    )
    unit = forms.ModelChoiceField(
        label="订阅单位",
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label="（不选）",
    )
    item = forms.ModelChoiceField(
        label="订阅事项",
        queryset=DisclosureItem.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = Domain.objects.filter(is_active=True)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)
        self.fields["item"].queryset = DisclosureItem.objects.all()

    def clean_phone(self):
        try:
            return subscriptions.normalize_phone(self.cleaned_data.get("phone", ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("请填写电子邮箱或手机号码（至少一项）。"))
        targets = [name for name in ("domain", "unit", "item") if data.get(name)]
        if len(targets) != 1:
            raise forms.ValidationError(_("请只选择一个订阅对象：一个领域、一个单位或一个事项。"))
        return data


@csrf_protect
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        if limited(request, "subscribe"):
            form = SubscribeForm(request.POST)
            return render(
                request, "publishing/channels/subscribe.html", {"form": form, "limited": True}, status=429
            )
        form = SubscribeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                subscription = subscriptions.subscribe(
                    email=data["email"],
                    phone=data["phone"],
                    domain=data.get("domain"),
                    unit=data.get("unit"),
                    item=data.get("item"),
                    base=_base(request),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return render(
                    request,
                    "publishing/channels/subscribe_sent.html",
                    {"by_email": bool(subscription.email), "target": subscription.target_label},
                )
    else:
        initial = {
            name: request.GET.get(param, "")[:40]
            for name, param in (("domain", "field"), ("unit", "unit"), ("item", "item"))
        }
        form = SubscribeForm(initial={k: v for k, v in initial.items() if v})
    return render(request, "publishing/channels/subscribe.html", {"form": form, "item": _chosen_item(form)})


def _chosen_item(form):
    """The catalog item being subscribed to (from an item page's link), named on the form."""
    code = form.data.get("item") if form.is_bound else form.initial.get("item")
    if not code:
        return None
    return DisclosureItem.objects.filter(code=str(code)[:40]).only("code", "name").first()


@csrf_protect
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    if request.method == "POST":
        subscription = subscriptions.confirm(token)
        return render(
            request,
            "publishing/channels/subscribe_done.html",
            {
                "ok": subscription is not None,
                "action": "confirm",
                "target": subscription.target_label if subscription else "",
            },
            status=200 if subscription else 404,
        )
    return render(request, "publishing/channels/subscribe_ask.html", {"action": "confirm"})


@csrf_protect
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        subscription = subscriptions.unsubscribe(token)
        return render(
            request,
            "publishing/channels/subscribe_done.html",
            {
                "ok": subscription is not None,
                "action": "unsubscribe",
                "target": subscription.target_label if subscription else "",
            },
            status=200 if subscription else 404,
        )
    return render(request, "publishing/channels/subscribe_ask.html", {"action": "unsubscribe"})
