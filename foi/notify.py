"""Telling the applicant of every change of state, by the channel they chose.

Each public step a service records (:class:`foi.models.Event`) that changes what the applicant should know or do
— submitted, received (with the due date), 补正 needed (what, by when, how), correction received (the new due
date), a third party consulted, extended (with the reason), a fee to pay, transferred, closed (reply ready) —
becomes one message:

* by e-mail (core's mail outbox) or by SMS where a gateway is configured (publishing's SMS table, on the same
  core/outbox.py mechanism), as the applicant chose (``DisclosureRequest.notify_by``); the status page shows
  every step whatever they chose;
* written in the service's own transaction, keyed by the request and the event (``foi-notice:<request>:<event>``):
  a service that fails writes no message, a retried task or a second queueing of the same event keeps one row,
  and the delivery runs after the commit (core/outbox.py: leased, retried, swept);
* in plain Chinese, from the templates ``foi/mail/<step>.txt`` (first line: the subject).

A reply sent by e-mail (the applicant chose e-mail *delivery*) is its own notice: the reply-letter mail
(:func:`foi.services.deliver_letter`) says the request is closed and carries the letter, so no second mail.

Personal data stays in the outbox row (the address it goes to), never in a log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core import outbox
from core.mail import queue_mail

from .categories import Delivery, NotifyBy
from .models import DisclosureRequest, Event

NOTICE = "foi-notice:"
CODE = "foi-code:"


@dataclass(frozen=True)
class Step:
    """A step worth a message: its template and its one-line SMS text."""

    template: str
    sms: str


#: The steps (``Event.action``) the applicant is told of.
STEPS: dict[str, Step] = {
    "submit": Step("submitted", "已网上提交，待受理单位确认收到"),
    "receive": Step("received", "已收到，答复期限{due}"),
    "correction": Step("correction", "需要补正，请于{deadline}前在查询页面或按通知提交补正材料"),
    "corrected": Step("corrected", "已收到补正材料，答复期限重新计算为{due}"),
    "consult": Step("consulting", "需征求第三方意见，所需时间不计入答复期限"),
    "extend": Step("extended", "答复期限延长至{due}"),
    "fee": Step("fee", "需缴纳信息处理费{fee}元，缴费期限{fee_deadline}"),
    "transfer": Step("transferred", "已转由{unit}办理，答复期限不变"),
    "reply": Step("closed", "已办结（{outcome}），请在查询页面查看和下载答复"),
}


def sms_configured() -> bool:
    """An SMS gateway is set (publishing/sms.py reads the same setting); without one nothing is texted."""
    return bool(getattr(settings, "SMS_BACKEND", None))


def channel_of(request: DisclosureRequest) -> str:
    """Where this applicant's notices go: ``email``, ``sms`` or ``""`` (the status page only)."""
    if request.notify_by == NotifyBy.EMAIL and request.email:
        return NotifyBy.EMAIL
    if request.notify_by == NotifyBy.SMS and request.phone and sms_configured():
        return NotifyBy.SMS
    return ""


def status_url() -> str:
    return urljoin(getattr(settings, "PORTAL_BASE_URL", "") or "/", reverse("foi:status"))


def context(request: DisclosureRequest, event: Event) -> dict[str, object]:
    consultation = (
        request.consultations.order_by("-sent_on", "-id").first() if event.action == "consult" else None
    )
    return {
        "r": request,
        "event": event,
        "code": request.tracking_code_display,
        "unit": request.unit.name,
        "due": request.due_date,
        "outcome": request.outcome,
        "status_url": status_url(),
        "consultation": consultation,
        "online_letter": request.delivery == Delivery.ONLINE,
    }


def _sms_text(request: DisclosureRequest, step: Step) -> str:
    values = {
        "due": request.due_date.isoformat() if request.due_date else "",
        "deadline": request.correction_deadline.isoformat() if request.correction_deadline else "",
        "fee": request.fee_amount,
        "fee_deadline": request.fee_deadline.isoformat() if request.fee_deadline else "",
        "unit": request.unit.name,
        "outcome": request.outcome,
    }
    return _("【{unit}】您的政府信息公开申请（查询码 {code}）{what}。{url}").format(
        unit=request.unit.name,
        code=request.tracking_code_display,
        what=step.sms.format(**values),
        url=status_url(),
    )


def _queue_sms(*, key: str, to: str, text: str) -> None:
    from publishing.models import OutgoingSMS

    defaults = {"to": to[:20], "text": text[:500], "recipient_id": None}
    outbox.queue(OutgoingSMS, key=key, defaults=defaults, task="publishing.tasks.deliver_sms", what="SMS")


def notice_key(event: Event) -> str:
    return f"{NOTICE}{event.request_id}:{event.pk}:{event.action}"


def notify_applicant(event: Event) -> bool:
    """Queue the applicant's message about ``event`` (in the caller's transaction; sent after commit). True if
    a message is (or already was) in an outbox for it."""
    step = STEPS.get(event.action)
    if step is None or not event.public:
        return False
    request = event.request
    channel = channel_of(request)
    if channel == NotifyBy.EMAIL:
        if event.action == "reply" and request.delivery == Delivery.EMAIL:
            return True  # the reply-letter mail is this notice (foi.services._queue_letter)
        subject, _sep, body = render_to_string(
            f"foi/mail/{step.template}.txt", context(request, event)
        ).partition("\n")
        queue_mail(key=notice_key(event), to=request.email, subject=subject.strip(), body=body.strip() + "\n")
        return True
    if channel == NotifyBy.SMS:
        _queue_sms(key=notice_key(event), to=request.phone, text=_sms_text(request, step))
        return True
    return False


def send_password(request: DisclosureRequest, *, via: str, secret: str, event: Event) -> None:
    """Send a re-issued password to the contact on record (``via``: ``email`` or ``sms``), keyed by the event
    that recorded the re-issue (a retry keeps one message)."""
    key = f"{CODE}{request.pk}:{event.pk}"
    if via == NotifyBy.EMAIL:
        body = render_to_string(
            "foi/mail/password.txt",
            {
                "r": request,
                "code": request.tracking_code_display,
                "secret": secret,
                "status_url": status_url(),
            },
        )
        subject, _sep, text = body.partition("\n")
        queue_mail(key=key, to=request.email, subject=subject.strip(), body=text.strip() + "\n")
    elif via == NotifyBy.SMS:
        text = _(
            "【{unit}】您的政府信息公开申请查询码 {code}，新的查询密码 {secret}（原密码已失效）。{url}"
        ).format(unit=request.unit.name, code=request.tracking_code_display, secret=secret, url=status_url())
        _queue_sms(key=key, to=request.phone, text=text)
