"""The writes of 互动交流: a message from the portal (anyone), routing to a unit (the office), an answer (the
unit's officers and the office), and the answer clocks per kind (the office). Each checks
organizations.permissions, locks the message, changes it, and appends a :class:`~interaction.models.MessageEvent`;
nothing is deleted.

The default clock is 5 working days (:data:`DEFAULT_WORKDAYS`), 网站纠错 3. Where these come from: 许昌市
市长信箱 须知 "一般情况下，信件办理期限为5个工作日（节假日除外）" (xuchang.gov.cn 互动交流, read via
http://www.hxmyyz.com/hdjl/004004/onlineletternotic.html); 沈阳市 市长信箱使用说明 "一般问题，原则上在3个工作日
办结；较复杂的问题延长到10个工作日" (https://www.shenyang.gov.cn/zmhd/szxx/sysm/); issue 24 names 3 working
days as the common rule for 网站纠错. The office changes any of them (:func:`set_rule`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import codes
from organizations import permissions as perms
from organizations.models import Role, Unit
from organizations.selectors import people_of
from workdays import engine

from .models import AREA, AnswerRule, Kind, Message, MessageEvent, Status

DEFAULT_WORKDAYS = 5
DEFAULT_RULES: dict[str, tuple[int, str]] = {
    Kind.MAILBOX: (DEFAULT_WORKDAYS, "许昌市市长信箱：一般情况下信件办理期限为5个工作日（节假日除外）"),
    Kind.CONSULT: (DEFAULT_WORKDAYS, "许昌市市长信箱：一般情况下信件办理期限为5个工作日（节假日除外）"),
    Kind.SUGGEST: (DEFAULT_WORKDAYS, "许昌市市长信箱：一般情况下信件办理期限为5个工作日（节假日除外）"),
    Kind.COMPLAIN: (DEFAULT_WORKDAYS, "许昌市市长信箱：一般情况下信件办理期限为5个工作日（节假日除外）"),
    Kind.CORRECTION: (3, "网站纠错：3个工作日内答复（常见规则，见第24号议题）"),
}
CODE_LENGTH = 10
LIMITS = {"subject": 100, "body": 3000, "name": 50, "phone": 30, "email": 100, "answer": 5000}
#: Sent on commit with ``keys=[message ids]`` when a message's public version changes (the search follows).
public_messages_changed = Signal()


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s。") % {"what": what})
    if len(value) > LIMITS[field]:
        raise ValidationError(_("%(what)s不能超过 %(n)d 字。") % {"what": what, "n": LIMITS[field]})
    return value


def _log(message: Message, user: Any, action: str, note: str = "") -> None:
    MessageEvent.objects.create(message=message, user=user, action=action, note=note[:500])


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update(of=("self",)).select_related("unit").get(pk=message.pk)


def rule_for(kind: str) -> tuple[int, str]:
    """(working days, basis) of ``kind``: the office's rule, else the default."""
    found = AnswerRule.objects.filter(kind=kind).values_list("workdays", "basis").first()
    return found if found else DEFAULT_RULES[kind]


def due_date(received_on: date, workdays: int) -> date:
    """The ``workdays``-th working day after the day received (that day not counted), by the workdays engine."""
    return engine.add_workdays(received_on, workdays).due


def announce(ids: list[int]) -> None:
    keys = [str(pk) for pk in ids]
    transaction.on_commit(lambda: public_messages_changed.send(sender=Message, keys=keys))


def _notify_unit(message: Message, text: str) -> None:
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    if message.unit is None:
        return
    officers = [m.user_id for m in people_of([message.unit], Role.OFFICER)]
    notify_staff(
        kind=NoticeKind.MESSAGE,
        user_ids=officers,
        text=text[:300],
        url=reverse("interaction:detail", args=[message.pk]),
    )


def _new_code() -> str:
    while True:
        code = codes.generate(CODE_LENGTH)
        if not Message.objects.filter(code=code).exists():
            return code


@transaction.atomic
def submit(
    *,
    kind: str,
    subject: str,
    body: str,
    name: str,
    phone: str = "",
    email: str = "",
    consent: bool = False,
    unit: Unit | None = None,
    today: date | None = None,
) -> Message:
    """A message from the portal: checked, given a tracking code and its answer clock, routed to the unit the
    asker chose (an active unit) or left for the office to assign; the unit's officers get a bell notice."""
    if kind not in Kind.values:
        raise ValidationError(_("留言类型无效。"))
    if unit is not None and not unit.is_active:
        raise ValidationError(_("所选单位无效。"))
    phone, email = (
        _text(phone, "phone", _("联系电话"), required=False),
        _text(email, "email", _("电子邮箱"), required=False),
    )
    if not phone and not email:
        raise ValidationError(_("请至少填写联系电话或电子邮箱中的一项，以便答复。"))
    received = today or timezone.localdate()
    days, _basis = rule_for(kind)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    code=_new_code(),
                    kind=kind,
                    subject=_text(subject, "subject", _("标题")),
                    body=_text(body, "body", _("内容")),
                    name=_text(name, "name", _("姓名")),
                    phone=phone,
                    email=email,
                    consent=bool(consent),
                    unit=unit,
                    unit_chosen=unit is not None,
                    status=Status.ASSIGNED if unit is not None else Status.RECEIVED,
                    received_on=received,
                    workdays=days,
                    due_on=due_date(received, days),
                )
            break
        except IntegrityError:  # two codes alike at once: draw again
            continue
    else:
        raise ValidationError(_("提交失败，请稍后再试。"))
    _log(
        message,
        None,
        "receive",
        _("收到%(kind)s，%(days)d个工作日内答复（%(due)s前）")
        % {"kind": message.get_kind_display(), "days": days, "due": message.due_on},
    )
    if unit is not None:
        _notify_unit(
            message,
            _("新留言待办：%(subject)s（%(due)s前答复）")
            % {"subject": message.subject, "due": message.due_on},
        )
    return message


@transaction.atomic
def assign(*, user: Any, message: Message, unit: Unit, note: str = "") -> Message:
    """Route (or reroute) a message to ``unit``: the office only; the clock keeps running from the day received."""
    if not perms.has_global(user, perms.CHANGE, AREA):
        raise perms_denied()
    message = _locked(message)
    if message.status == Status.ANSWERED:
        raise ValidationError(_("已答复的留言不能改派。"))
    if not unit.is_active:
        raise ValidationError(_("所选单位无效。"))
    if message.unit_id == unit.pk:
        raise ValidationError(_("留言已由该单位办理。"))
    before = message.unit
    message.unit = unit
    message.status = Status.ASSIGNED
    message.save(update_fields=["unit", "status"])
    if before is None:
        text = _("分办至%(unit)s") % {"unit": unit.name}
    else:
        text = _("由%(old)s改派至%(unit)s") % {"old": before.name, "unit": unit.name}
    note = (note or "").strip()[:200]
    _log(message, user, "assign" if before is None else "reassign", f"{text}{('：' + note) if note else ''}")
    _notify_unit(
        message,
        _("新留言待办：%(subject)s（%(due)s前答复）") % {"subject": message.subject, "due": message.due_on},
    )
    return message


def perms_denied() -> PermissionDenied:
    return PermissionDenied(_("只有区政务公开办可以分办留言或设置时限。"))


@transaction.atomic
def answer(*, user: Any, message: Message, text: str, today: date | None = None) -> Message:
    """The unit's answer (the unit's officers, the office): once; published on the portal only when the asker
    agreed, without the asker's personal data."""
    message = _locked(message)
    if message.unit is None:
        raise ValidationError(_("留言尚未分办，不能答复。"))
    perms.require(user, perms.CHANGE, AREA, message.unit)
    if message.status == Status.ANSWERED:
        raise ValidationError(_("该留言已答复。"))
    message.answer = _text(text, "answer", _("答复内容"))
    message.answered_on = today or timezone.localdate()
    if message.answered_on < message.received_on:
        raise ValidationError(_("答复日期不能早于收到日期。"))
    message.answered_by = user
    message.status = Status.ANSWERED
    message.save(update_fields=["answer", "answered_on", "answered_by", "status"])
    late = message.answered_on > message.due_on
    _log(
        message,
        user,
        "answer",
        _("答复（%(when)s）") % {"when": _("超期") if late else _("按时")},
    )
    if message.consent:
        announce([message.pk])
    return message


@transaction.atomic
def set_rule(*, user: Any, kind: str, workdays: int, basis: str = "") -> AnswerRule:
    """The office sets the answer clock of a kind (1–60 working days) for messages received from now on."""
    if not perms.has_global(user, perms.CHANGE, AREA):
        raise perms_denied()
    if kind not in Kind.values:
        raise ValidationError(_("留言类型无效。"))
    if not 1 <= int(workdays) <= 60:
        raise ValidationError(_("答复时限应为1至60个工作日。"))
    rule, _created = AnswerRule.objects.update_or_create(
        kind=kind, defaults={"workdays": int(workdays), "basis": (basis or "").strip()[:300]}
    )
    return rule


# -- reminders (beat, every morning) -----------------------------------------------------------------------------
def send_reminders(today: date | None = None) -> int:
    """Remind the unit's officers of a message due on the next working day, and when it is overdue also the
    office: each person once per message and step (publishing.services.notify_staff keys each notice by its
    kind and address). Unrouted messages overdue go to the office. Returns how many notices were written."""
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    today = today or timezone.localdate()
    tomorrow = engine.add_workdays(today, 1).due
    office = [m.user_id for m in people_of(Unit.objects.all(), Role.OFFICE)]
    sent = 0
    for message in Message.objects.open().filter(due_on__lte=tomorrow).select_related("unit"):
        overdue = message.due_on < today
        if not overdue and message.unit is None:
            continue
        officers = [m.user_id for m in people_of([message.unit], Role.OFFICER)] if message.unit else []
        step = "overdue" if overdue else "due"
        text = (
            _("留言已超期：%(subject)s（应于%(due)s前答复）")
            if overdue
            else _("留言即将到期：%(subject)s（应于%(due)s前答复）")
        ) % {"subject": message.subject[:60], "due": message.due_on}
        sent += notify_staff(
            kind=NoticeKind.MESSAGE_LATE if overdue else NoticeKind.MESSAGE,
            user_ids=officers + (office if overdue else []),
            text=text[:300],
            url=reverse("interaction:detail", args=[message.pk]) + f"?remind={step}",
        )
    return sent
