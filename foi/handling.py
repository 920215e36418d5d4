"""The officer's handling page of one request (/foi/workspace/<pk>/), instead of the admin's action list.

The page shows the request (the applicant's personal data masked unless the officer's role may see it, per
:mod:`organizations.permissions`), its clock explained in words (:mod:`foi.clock`), its history (``Event``), and
only the steps possible now — each a button opening its own small form. A form is POSTed to
/foi/workspace/<pk>/<step>/, which calls one service of :mod:`foi.services` (the services check permissions
and the facts again); a double submit runs once (:func:`core.once.once`). Nobody sees a request of a unit they
may not view (404); a step the user may not take is refused by the service (403).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.once import once
from organizations import permissions as perms
from organizations.models import Unit, UnitKind
from publishing.selectors import staff_nav

from . import clock, letters, selectors, services
from .categories import Delivery, Result, outcome_label, parse_outcome, reason_choices
from .models import OPEN_STATUSES, Consultation, DisclosureRequest, Status

AREA = "foi"
StrOrPromise = str | Promise
#: Larger ids cannot be a row (64-bit keys): a forged huge id is a 404, not a database overflow.
MAX_PK = 2**63 - 1
#: A second identical POST of the same step within this many seconds is the same click.
STEP_ONCE_SECONDS = 120


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _text(label, *, required=True, max_length=services.MAX_TEXT, rows=3):
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


class ConfirmForm(forms.Form):
    on = _date(gettext_lazy("确认收到日期（即收到申请之日）"))


class CorrectionForm(forms.Form):
    text = _text(gettext_lazy("请申请人补正的内容（一次性告知）"))
    deadline = _date(gettext_lazy("补正期限"))
    on = _date(gettext_lazy("补正通知日期"))


class CorrectedForm(forms.Form):
    on = _date(gettext_lazy("收到补正材料日期"))


class ConsultForm(forms.Form):
    third_party = forms.CharField(label=gettext_lazy("征求意见的第三方"), max_length=100)
    on = _date(gettext_lazy("发出征求意见日期"))


class ConsultedForm(forms.Form):
    consultation = forms.ModelChoiceField(label=gettext_lazy("第三方"), queryset=Consultation.objects.none())
    on = _date(gettext_lazy("收到第三方意见日期"))
    opinion = _text(gettext_lazy("第三方意见（摘要）"), required=False, max_length=300, rows=2)


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("延长工作日（1–20）"),
        min_value=1,
        max_value=clock.MAX_EXTENSION_WORKDAYS,
        initial=clock.MAX_EXTENSION_WORKDAYS,
    )
    reason = _text(gettext_lazy("延期理由（将告知申请人）"), max_length=300, rows=2)
    approver = forms.CharField(label=gettext_lazy("批准人（政府信息公开工作机构负责人）"), max_length=50)
    on = _date(gettext_lazy("延期告知日期"))


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("处理结果"), choices=())
    text = _text(gettext_lazy("答复内容"), rows=5)
    on = _date(gettext_lazy("答复日期"))

    def __init__(self, *args, reviewed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        public = (Result.PUBLIC.value, Result.PARTIAL.value)
        choices = [c for c in reason_choices() if reviewed or c[0] not in public]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [("", "—")] + choices


class CloseForm(forms.Form):
    on = _date(gettext_lazy("办结日期"))


class FeeForm(forms.Form):
    deadline = _date(gettext_lazy("缴费期限"))
    on = _date(gettext_lazy("收费通知日期"))


class FeePaidForm(forms.Form):
    on = _date(gettext_lazy("缴费日期"))


class SecrecyForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=gettext_lazy("审查结论"),
        choices=[("1", gettext_lazy("通过，可以公开")), ("0", gettext_lazy("不通过"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = _text(gettext_lazy("审查意见（不通过时必填）"), required=False, max_length=300, rows=2)


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=gettext_lazy("转至单位"), queryset=Unit.objects.none())
    reason = _text(gettext_lazy("转办理由"), max_length=300, rows=2)


class DeliveredForm(forms.Form):
    on = _date(gettext_lazy("送达日期"))
    note = forms.CharField(label=gettext_lazy("邮寄单号（邮寄时必填）"), max_length=100, required=False)


class ReleaseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("公开标题"), max_length=200)
    summary = _text(
        gettext_lazy("公开摘要（写给公众：不写申请人的姓名、证件号码、电话、邮箱、地址）"), rows=4
    )


class ReleasedFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("提供的政府信息文件"),
        help_text=gettext_lazy(
            "PDF、Word、Excel 或图片，每个不超过20MB；申请人在查询页面下载，不向社会公开。"
        ),
    )


# -- the steps ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """A next step: its button, what it does in words, its form, when it is possible, and the service call."""

    key: str
    label: StrOrPromise
    help: StrOrPromise
    form: type[forms.Form]
    possible: Callable[[Any, DisclosureRequest, date], bool]
    call: Callable[[Any, DisclosureRequest, dict], object]
    primary: bool = False


def _can_change(user, r: DisclosureRequest) -> bool:
    return perms.can(user, perms.CHANGE, AREA, r.unit)


def _from_flow(key: str) -> Callable[[Any, DisclosureRequest, date], bool]:
    """A step possible when the request's workflow (``services.FLOW``) lets it start from the request's status
    and the user may change the request: the statuses are the workflow's, not restated here."""
    step = services.FLOW.steps[key]
    return lambda u, r, t: step.allowed_from(r.status) and _can_change(u, r)


def _correction_possible(user, r, today) -> bool:
    if r.status != Status.RECEIVED or r.correction_requested_on or not r.received_on:
        return False
    return today <= clock.correction_notice_due(r.received_on).due and _can_change(user, r)


def _closing(r: DisclosureRequest) -> tuple[str, Callable[..., object]] | None:
    """The closing a request's facts allow: no correction by its deadline (视为放弃) or no fee by its deadline."""
    if r.status == Status.CORRECTION:
        return "abandon", services.abandon
    if r.status == Status.FEE:
        return "unpaid", services.close_unpaid
    return None


def _close_possible(user, r, today) -> bool:
    if not _can_change(user, r):
        return False
    if r.status == Status.CORRECTION:
        return bool(r.correction_deadline and today > r.correction_deadline)
    if r.status == Status.FEE:
        return bool(r.fee_deadline and today > r.fee_deadline)
    return False


def _close(user, r, d):
    found = _closing(r)
    if found is None:
        raise ValidationError(_("当前状态不能办结，请答复。"))
    return found[1](user=user, request=r, on=d["on"])


def _may_review(user, r: DisclosureRequest) -> bool:
    if not perms.can(user, perms.REVIEW, AREA, r.unit):
        return False
    return not (r.assignee_id and r.assignee_id == user.pk and not perms.is_office(user))


def _reply(user, r, d):
    result, reason = parse_outcome(d["outcome"])
    return services.reply(user=user, request=r, on=d["on"], result=result, reason=reason, text=d["text"])


def _delivered_possible(user, r, today) -> bool:
    return (
        r.status == Status.CLOSED
        and r.delivery in (Delivery.POST, Delivery.PICKUP)
        and not r.events.filter(action="delivered").exists()
        and _can_change(user, r)
    )


STEPS: tuple[Step, ...] = (
    Step(
        "confirm",
        gettext_lazy("确认收到"),
        gettext_lazy(
            "网上申请经确认之日为收到申请之日（条例第三十一条），答复期限自次日起计算 20 个工作日。"
        ),
        ConfirmForm,
        _from_flow("confirm"),
        lambda u, r, d: services.confirm_receipt(user=u, request=r, on=d["on"]),
        primary=True,
    ),
    Step(
        "reply",
        gettext_lazy("答复"),
        gettext_lazy("选择处理结果并填写答复内容，可先预览答复书；答复后申请办结。"),
        ReplyForm,
        _from_flow("reply"),
        _reply,
        primary=True,
    ),
    Step(
        "correction",
        gettext_lazy("补正"),
        gettext_lazy(
            "申请内容不明确的，在收到申请之日起 7 个工作日内一次性告知申请人补正（条例第三十条）；"
            "收到补正后答复期限重新计算。"
        ),
        CorrectionForm,
        _correction_possible,
        lambda u, r, d: services.request_correction(
            user=u, request=r, on=d["on"], text=d["text"], deadline=d["deadline"]
        ),
    ),
    Step(
        "corrected",
        gettext_lazy("登记收到补正"),
        gettext_lazy("收到申请人的补正材料之日起重新计算 20 个工作日。"),
        CorrectedForm,
        _from_flow("corrected"),
        lambda u, r, d: services.receive_correction(user=u, request=r, on=d["on"]),
        primary=True,
    ),
    Step(
        "consult",
        gettext_lazy("征求第三方意见"),
        gettext_lazy(
            "公开可能损害第三方合法权益的，书面征求其意见；征求意见所需时间不计入答复期限（条例第三十二条）。"
        ),
        ConsultForm,
        _from_flow("consult"),
        lambda u, r, d: services.start_consultation(
            user=u, request=r, third_party=d["third_party"], sent_on=d["on"]
        ),
    ),
    Step(
        "consulted",
        gettext_lazy("登记第三方意见"),
        gettext_lazy("第三方答复后，计时自次日恢复。"),
        ConsultedForm,
        lambda u, r, t: r.status == Status.CONSULTING and _can_change(u, r),
        lambda u, r, d: services.end_consultation(
            user=u, consultation=d["consultation"], replied_on=d["on"], opinion=d["opinion"]
        ),
        primary=True,
    ),
    Step(
        "extend",
        gettext_lazy("延期"),
        gettext_lazy(
            "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过 20 个工作日，只能延长一次。"
        ),
        ExtendForm,
        lambda u, r, t: (
            r.status in (Status.RECEIVED, Status.CONSULTING, Status.FEE)
            and not r.extension_days
            and r.due_date is not None
            and t <= r.due_date
            and _can_change(u, r)
        ),
        lambda u, r, d: services.extend(
            user=u, request=r, on=d["on"], days=d["days"], approver=d["approver"], reason=d["reason"]
        ),
    ),
    Step(
        "fee",
        gettext_lazy("收费通知"),
        gettext_lazy("申请人本月第 11 件起按件收取信息处理费；自发出收费通知至缴费，不计入答复期限。"),
        FeeForm,
        lambda u, r, t: (
            r.status == Status.RECEIVED and r.fee_amount > 0 and not r.fee_notified_on and _can_change(u, r)
        ),
        lambda u, r, d: services.notify_fee(user=u, request=r, on=d["on"], deadline=d["deadline"]),
    ),
    Step(
        "fee_paid",
        gettext_lazy("登记已缴费"),
        gettext_lazy("缴费之日起恢复计时。"),
        FeePaidForm,
        _from_flow("fee_paid"),
        lambda u, r, d: services.record_fee_paid(user=u, request=r, on=d["on"]),
        primary=True,
    ),
    Step(
        "close",
        gettext_lazy("办结"),
        gettext_lazy(
            "补正期限或缴费期限已过而申请人未补正、未缴费的，不再处理该申请（其他处理），申请办结。"
        ),
        CloseForm,
        _close_possible,
        _close,
        primary=True,
    ),
    Step(
        "secrecy",
        gettext_lazy("保密审查"),
        gettext_lazy("予以公开、部分公开前须经保密审查；承办人不能审查自己承办的申请。"),
        SecrecyForm,
        lambda u, r, t: r.status in OPEN_STATUSES and _may_review(u, r),
        lambda u, r, d: services.review_secrecy(user=u, request=r, approved=d["approved"], note=d["note"]),
    ),
    Step(
        "transfer",
        gettext_lazy("转办"),
        gettext_lazy("信息由其他机关掌握的，转由该机关办理，答复期限不变。"),
        TransferForm,
        _from_flow("transfer"),
        lambda u, r, d: services.transfer(user=u, request=r, to_unit=d["to_unit"], reason=d["reason"]),
    ),
    Step(
        "delivered",
        gettext_lazy("登记送达"),
        gettext_lazy("答复书按申请人选择的方式邮寄或当面领取后登记。"),
        DeliveredForm,
        _delivered_possible,
        lambda u, r, d: services.record_delivery(user=u, request=r, on=d["on"], note=d["note"]),
        primary=True,
    ),
    Step(
        "released_file",
        gettext_lazy("上传提供的信息"),
        gettext_lazy(
            "答复予以公开或部分公开后，把提供给申请人的政府信息文件逐个上传，申请人在查询页面下载。"
        ),
        ReleasedFileForm,
        lambda u, r, t: (
            r.status == Status.CLOSED and r.result in (Result.PUBLIC, Result.PARTIAL) and _can_change(u, r)
        ),
        lambda u, r, d: services.add_released_document(user=u, request=r, upload=d["file"]),
    ),
    Step(
        "release",
        gettext_lazy("向社会公开答复"),
        gettext_lazy(
            "答复具有普遍性、申请人以外的公众也可能需要的，发布答复的公开版本，门户搜索可以找到（条例第四十四条）。"
        ),
        ReleaseForm,
        lambda u, r, t: (
            r.status == Status.CLOSED
            and r.result in (Result.PUBLIC, Result.PARTIAL)
            and not r.general_interest
            and _can_change(u, r)
        ),
        lambda u, r, d: services.release_reply(user=u, request=r, title=d["title"], summary=d["summary"]),
    ),
)
STEP_BY_KEY = {s.key: s for s in STEPS}


def possible_steps(user, r: DisclosureRequest, today: date) -> list[Step]:
    """The steps ``user`` may take on ``r`` now: the one that moves the request on first, then the others."""
    return sorted((s for s in STEPS if s.possible(user, r, today)), key=lambda s: not s.primary)


def _form(step: Step, r: DisclosureRequest, today: date, data=None, files=None) -> forms.Form:
    kwargs: dict[str, Any] = {"data": data, "files": files, "prefix": step.key}
    if step.key == "reply":
        kwargs["reviewed"] = r.secrecy_reviewed_at is not None
    form = step.form(initial={"on": today}, **kwargs)
    if step.key == "consulted":
        cast(forms.ModelChoiceField, form.fields["consultation"]).queryset = r.consultations.filter(
            replied_on__isnull=True
        )
    if step.key == "transfer":
        cast(forms.ModelChoiceField, form.fields["to_unit"]).queryset = (
            Unit.objects.filter(is_active=True)
            .exclude(kind__in=[UnitKind.COMMUNITY, UnitKind.VILLAGE])
            .exclude(pk=r.unit_id)
            .order_by("tree_id", "lft")
        )
    if step.key == "close":
        found = _closing(r)
        form.fields["on"].help_text = (
            _("逾期未补正，视为放弃申请。")
            if found and found[0] == "abandon"
            else _("逾期未缴费，不再处理。")
        )
    return form


# -- the page ---------------------------------------------------------------------------------------------
def _request_or_404(user, pk: int) -> DisclosureRequest:
    if not 0 < pk <= MAX_PK:
        raise Http404(_("申请不存在或无权查看。"))
    found = selectors.requests_visible_to(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404(_("申请不存在或无权查看。"))
    return found


def clock_words(r: DisclosureRequest, today: date) -> dict:
    """The clock of ``r`` in words: the time left (working days), a short summary and the full account."""
    found = services.compute_clock(r, today=today)
    summary: list[str] = []
    if r.status == Status.SUBMITTED:
        summary.append(_("网上申请待确认：确认收到之日为收到申请之日，自次日起计算 20 个工作日。"))
    if found is None:
        return {"remaining": None, "summary": summary, "explain": [], "due": None}
    summary.append(
        _("{d} 收到申请，答复期限为收到申请之日起 {n} 个工作日（条例第三十三条）。").format(
            d=found.received.isoformat(), n=clock.REPLY_WORKDAYS
        )
    )
    if r.correction_requested_on:
        summary.append(
            _("{d} 通知补正，补正期限 {x}；收到补正之日起重新计算 20 个工作日（条例第三十条）。").format(
                d=r.correction_requested_on.isoformat(),
                x=r.correction_deadline.isoformat() if r.correction_deadline else "—",
            )
        )
    if found.correction_received:
        summary.append(_("{d} 收到补正，期限自此重新起算。").format(d=found.correction_received.isoformat()))
    for sent, back in found.consultations:
        summary.append(
            _("征求第三方意见 {a} 至 {b}，这段时间不计入期限。").format(
                a=sent.isoformat(), b=back.isoformat()
            )
        )
    if found.fee_pause:
        summary.append(
            _("收费通知 {a} 至缴费 {b}，这段时间不计入期限。").format(
                a=found.fee_pause[0].isoformat(), b=found.fee_pause[1].isoformat()
            )
        )
    if r.extension_days:
        summary.append(
            _("经 {who} 同意延长 {n} 个工作日（理由：{why}）。").format(
                who=r.extension_approver, n=r.extension_days, why=r.extension_reason
            )
        )
    if r.status == Status.CORRECTION:
        summary.append(_("等待申请人补正：答复期限自收到补正材料之日起重新计算（条例第三十条）。"))
        return {"remaining": None, "summary": summary, "explain": [], "due": None}
    summary.append(_("答复期限：{d}。").format(d=found.due_date.isoformat()))
    remaining = clock.remaining(found.due_date, today) if r.is_open else None
    return {
        "remaining": remaining,
        "summary": summary,
        "explain": clock.explain(found),
        "due": found.due_date,
    }


def _page(request, r: DisclosureRequest, today: date, *, bound=None, preview: str = "", status: int = 200):
    user = request.user
    whole = perms.may_see_personal_data(user, r, r.unit)
    services.log_access(user=user, request=r, where=_("办理页面") if whole else _("办理页面（已脱敏）"))
    steps = []
    for step in possible_steps(user, r, today):
        form = bound if bound is not None and bound.prefix == step.key else _form(step, r, today)
        steps.append({"step": step, "form": form, "open": form is bound})
    context = {
        "r": r,
        "today": today,
        "applicant": perms.personal_view(user, r, r.unit),
        "personal_whole": whole,
        "description": r.description if whole else perms.redact_text(r.description),
        "correction_text": r.correction_text,
        "clock": clock_words(r, today),
        "events": r.events.select_related("actor").order_by("on", "id"),
        "consultations": list(r.consultations.all()),
        "attachments": list(r.attachments.all()) if perms.can(user, perms.CHANGE, AREA, r.unit) else [],
        "steps": steps,
        "preview": preview,
        "correction_due": clock.correction_notice_due(r.received_on).due if r.received_on else None,
        "outcome": outcome_label(r.result, r.result_reason),
        **staff_nav(user),
    }
    return render(request, "foi/handling.html", context, status=status)


@login_required
@require_GET
def handling(request, pk: int):
    r = _request_or_404(request.user, pk)
    return _page(request, r, timezone.localdate())


def _preview(r: DisclosureRequest, data: dict) -> str:
    """The reply letter as it would go out (nothing saved): the letter renderer on a copy of the request."""
    draft = copy.copy(r)
    draft.result, draft.result_reason = parse_outcome(data["outcome"])
    draft.reply_text, draft.replied_on = data["text"], data["on"]
    return letters.letter_html(draft)


def _submission_parts(request, r: DisclosureRequest, step: str) -> list[object]:
    fields = sorted((k, v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken")
    files = sorted((k, f.name, f.size) for k, f in request.FILES.items())  # the same file twice is one upload
    return [r.pk, step, request.user.pk, *fields, *files]


class _Invalid(Exception):
    """The step's form did not validate (raised inside :func:`core.once.once`, so nothing is claimed)."""


def _act(step: Step, user, r: DisclosureRequest, form: forms.Form) -> object:
    if not form.is_valid():
        raise _Invalid
    return step.call(user, r, form.cleaned_data)


@login_required
@require_POST
def handling_step(request, pk: int, step: str):
    """Take one step: validate its form and call its service, once per identical submission; then back to
    the page, which says what happened."""
    user = request.user
    r = _request_or_404(user, pk)
    found = STEP_BY_KEY.get(step)
    if found is None:
        raise Http404(_("没有这个办理环节。"))
    if not (_can_change(user, r) or perms.can(user, perms.REVIEW, AREA, r.unit)):
        raise PermissionDenied(_("您无权办理本申请。"))
    today = timezone.localdate()
    form = _form(found, r, today, data=request.POST, files=request.FILES or None)
    if step == "reply" and "preview" in request.POST:
        letter = ""
        if form.is_valid():
            try:
                letter = _preview(r, form.cleaned_data)
            except ValueError as exc:
                form.add_error(None, str(exc))
        return _page(request, r, today, bound=form, preview=letter, status=200 if letter else 400)
    try:
        done = once(
            "foi.handling",
            _submission_parts(request, r, step),
            window=STEP_ONCE_SECONDS,
            action=lambda: _act(found, user, r, form),
            ref=lambda made: str(getattr(made, "pk", "")),
        )
    except _Invalid:
        messages.error(request, _("请检查填写的内容。"))
        return _page(request, r, today, bound=form, status=400)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _page(request, r, today, bound=form, status=400)
    except ValueError as exc:  # the clock's own checks (foi.clock)
        form.add_error(None, str(exc))
        return _page(request, r, today, bound=form, status=400)
    if done.repeated:
        messages.info(request, _("这一步刚才已办理，重复提交未再执行。"))
    else:
        messages.success(request, _("已办理：{step}。").format(step=found.label))
    if not selectors.requests_visible_to(user).filter(pk=r.pk).exists():  # transferred out of reach
        return redirect("foi:workspace")
    return redirect("foi:handling", pk=r.pk)
