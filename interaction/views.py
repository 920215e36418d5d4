"""The pages of 互动交流. Public: the form (CSRF, rate-limited per address and per session), the status page by
tracking code, the published answers and the monthly statistics — never a name, phone or e-mail. Staff: the
inbox, a message with its history (route, answer), the answer clocks. Thin: reads from selectors, writes
through services; an officer sees only its units' messages (another unit's: 404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import codes
from core.ratelimit import limited
from organizations import permissions as perms
from organizations.models import Unit
from publishing.selectors import staff_nav

from . import selectors, services
from .forms import AnswerForm, AssignForm, MessageForm, RuleForm
from .models import Kind, Message, Status

SUBMIT_PER_ADDRESS = (10, 3600)
SUBMIT_PER_SESSION = (3, 3600)


def _units():
    return Unit.objects.filter(is_active=True).order_by("tree_id", "lft")


def _too_often(request) -> bool:
    """One hit on each limiter: the address and the browser session (both counted, either refuses)."""
    if not request.session.session_key:
        request.session.save()
    by_address = limited(request, "interaction_submit", *SUBMIT_PER_ADDRESS)
    by_session = limited(
        f"session:{request.session.session_key}", "interaction_submit_session", *SUBMIT_PER_SESSION
    )
    return by_address or by_session


def write(request):
    form = MessageForm(
        request.POST or None, units=_units(), initial={"kind": request.GET.get("kind", "")[:12]}
    )
    status = 200
    if request.method == "POST":
        if _too_often(request):
            form.is_valid()
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                message = services.submit(
                    kind=data["kind"],
                    subject=data["subject"],
                    body=data["body"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    consent=data["consent"],
                    unit=data["unit"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                return render(
                    request, "interaction/done.html", {"message": message, "code": codes.group(message.code)}
                )
        else:
            status = 400
    return render(request, "interaction/write.html", {"form": form}, status=status)


@require_GET
def status(request):
    code = request.GET.get("code", "")[:24]
    if code and limited(request, "interaction_status", 20, 600):
        return render(request, "interaction/status.html", {"code": code, "limited": True}, status=429)
    found = selectors.message_by_code(code) if code else None
    return render(
        request,
        "interaction/status.html",
        {
            "code": code,
            "message": found,
            "asked": bool(code),
            "clock": selectors.clock_words(found, timezone.localdate()) if found else "",
        },
    )


@require_GET
def answers(request):
    kind = request.GET.get("kind", "")[:12]
    q = request.GET.get("q", "").strip()[:50]
    found = list(selectors.public_messages())
    if kind in Kind.values:
        label = str(Kind(kind).label)
        found = [m for m in found if m.kind == label]
    if q:  # on the scrubbed text only, so a name cannot be probed for
        found = [m for m in found if q in m.subject or q in m.body or q in m.answer]
    return render(
        request,
        "interaction/answers.html",
        {"items": found[:100], "kinds": Kind.choices, "kind": kind, "q": q},
    )


@require_GET
def public_detail(request, pk: int):
    found = selectors.public_message(pk)
    if found is None:
        raise Http404(_("留言不存在或未公开。"))
    return render(request, "interaction/public_detail.html", {"item": found})


@require_GET
def stats(request):
    today = timezone.localdate()
    months = [(today.year, today.month)] + [
        m for m in selectors.months_with_messages(12) if m != (today.year, today.month)
    ]
    rows = [selectors.month_stats(y, m) for y, m in sorted(set(months), reverse=True)[:12]]
    return render(request, "interaction/stats.html", {"rows": rows})


# -- staff ----------------------------------------------------------------------------------------------------
def _require(user) -> None:
    if not selectors.may_handle(user):
        raise PermissionDenied(_("您没有办理互动交流留言的权限。"))


def _message(user, pk: int) -> Message:
    found = selectors.messages_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("留言不存在或无权查看。"))
    return found


@login_required
@require_GET
def inbox(request):
    _require(request.user)
    today = timezone.localdate()
    state = request.GET.get("state", "")[:12]
    qs = selectors.messages_for(request.user)
    if state == "waiting":
        qs = qs.open().filter(due_on__gte=today)
    elif state == "overdue":
        qs = qs.open().filter(due_on__lt=today)
    elif state == "unrouted":
        qs = qs.filter(status=Status.RECEIVED)
    elif state == "answered":
        qs = qs.filter(status=Status.ANSWERED)
    rows = [
        (m, selectors.clock_words(m, today), selectors.overdue(m, today))
        for m in qs.order_by("-received_on", "-id")[:200]
    ]
    return render(
        request,
        "interaction/inbox.html",
        {
            "rows": rows,
            "state": state,
            "may_route": selectors.may_route(request.user),
            **staff_nav(request.user),
        },
    )


def _page(request, message: Message, forms: dict, status: int = 200):
    today = timezone.localdate()
    shown = perms.personal_view(request.user, message, message.unit)
    return render(
        request,
        "interaction/detail.html",
        {
            "message": message,
            "code": codes.group(message.code),
            "personal": shown,
            "clock": selectors.clock_words(message, today),
            "overdue": selectors.overdue(message, today),
            "events": message.events.select_related("user"),
            "forms": forms,
            **staff_nav(request.user),
        },
        status=status,
    )


def _forms(user, message: Message, post=None, step: str = "") -> dict:
    if message.status == Status.ANSWERED:
        return {}
    out: dict[str, forms.Form] = {}
    if selectors.may_route(user):
        out["assign"] = AssignForm(post if step == "assign" else None, units=_units())
    if message.unit is not None and perms.can(user, perms.CHANGE, "interaction", message.unit):
        out["answer"] = AnswerForm(post if step == "answer" else None)
    return out


@login_required
@require_GET
def detail(request, pk: int):
    found = _message(request.user, pk)
    return _page(request, found, _forms(request.user, found))


@login_required
@require_POST
def step(request, pk: int, step: str):
    found = _message(request.user, pk)
    forms = _forms(request.user, found, request.POST, step)
    form = forms.get(step)
    if form is None:
        raise Http404(_("该留言当前不能执行此操作。"))
    if form.is_valid():
        try:
            if step == "assign":
                services.assign(
                    user=request.user,
                    message=found,
                    unit=form.cleaned_data["unit"],
                    note=form.cleaned_data["note"],
                )
            else:
                services.answer(user=request.user, message=found, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, _("已保存。"))
            return redirect("interaction:detail", found.pk)
    return _page(request, found, forms, status=400)


@login_required
def rules(request):
    _require(request.user)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if not selectors.may_route(request.user):
            raise PermissionDenied(_("只有区政务公开办可以设置答复时限。"))
        if form.is_valid():
            try:
                services.set_rule(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                flash.success(request, _("答复时限已保存，对此后收到的留言生效。"))
                return redirect("interaction:rules")
    table = [(label, *services.rule_for(value)) for value, label in Kind.choices]
    return render(
        request,
        "interaction/rules.html",
        {
            "form": form,
            "table": table,
            "may_route": selectors.may_route(request.user),
            **staff_nav(request.user),
        },
    )
