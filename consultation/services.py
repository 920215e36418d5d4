"""The writes of 征求意见. The office opens a consultation for a unit's draft (the period checked against its
kind's rule, consultation/periods.py); anyone comments through the portal while the form is open; the drafting
unit's officers (and the office) type in comments from other channels, answer them and publish the feedback
report; anyone may report a comment, which is hidden after :data:`REPORTS_TO_HIDE` reports until a moderator
looks at it. Each write checks organizations.permissions and appends a
:class:`~consultation.models.ConsultationEvent`; nothing is deleted."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import JPEG, PDF, PNG, check_upload
from organizations import permissions as perms
from organizations.models import Unit

from . import paragraphs, periods
from .models import (
    AREA,
    STEP_ORDER,
    Channel,
    Comment,
    CommentReport,
    Consultation,
    ConsultationEvent,
    Decision,
    DecisionStep,
    Hearing,
    HearingEvent,
    HearingStatus,
    Kind,
    Step,
    Verdict,
    Visibility,
)

#: A comment is hidden, waiting for a moderator, once this many different visitors reported it.
REPORTS_TO_HIDE = 3
LIMITS = {
    "title": 120,
    "draft": 50000,
    "explanation": 10000,
    "basis": 3000,
    "reason": 500,
    "body": 3000,
    "name": 50,
    "contact": 100,
    "answer": 2000,
    "group": 60,
    "summary": 10000,
    "subject": 120,
    "place": 200,
    "selection": 2000,
    "participants": 5000,
    "participant": 100,
    "cancel": 500,
}
#: The signed hearing record (笔录): a scan or a PDF, checked by the one upload checker (core/uploads.py).
RECORD_TYPES = (PDF, PNG, JPEG)
RECORD_MAX_BYTES = 20 * 1024 * 1024


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s。") % {"what": what})
    if len(value) > LIMITS[field]:
        raise ValidationError(_("%(what)s不能超过 %(n)d 字。") % {"what": what, "n": LIMITS[field]})
    return value


def _log(
    consultation: Consultation, user: Any, action: str, note: str = "", comment: Comment | None = None
) -> None:
    ConsultationEvent.objects.create(
        consultation=consultation, comment=comment, user=user, action=action, note=note[:500]
    )


def _office_only(user: Any) -> None:
    if not perms.has_global(user, perms.ADD, AREA):
        raise PermissionDenied(_("只有区政务公开办可以发起征求意见或设置类别。"))


@transaction.atomic
def open_consultation(
    *,
    user: Any,
    unit: Unit,
    kind: Kind,
    title: str,
    draft: str,
    explanation: str,
    basis: str,
    opens_on: date,
    days: int | None = None,
    reason: str = "",
    feedback_workdays: int = periods.FEEDBACK_WORKDAYS,
) -> Consultation:
    """The office opens a consultation on ``unit``'s draft: the form opens at 0:00 of ``opens_on`` and closes at
    24:00 of the period's last day (``days`` of the kind's rule, or longer; shorter only with ``reason``)."""
    _office_only(user)
    perms.require(user, perms.ADD, AREA, unit)
    if not unit.is_active:
        raise ValidationError(_("所选单位无效。"))
    if not kind.is_active:
        raise ValidationError(_("该征求意见类别已停用。"))
    if not 1 <= int(feedback_workdays) <= 30:
        raise ValidationError(_("采纳情况公开时限应为1至30个工作日。"))
    try:
        period = periods.period(
            kind.rule(), opens_on, days, _text(reason, "reason", _("理由"), required=False)
        )
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from exc
    consultation = Consultation.objects.create(
        title=_text(title, "title", _("标题")),
        unit=unit,
        kind=kind,
        draft=_text(draft, "draft", _("草案全文")),
        explanation=_text(explanation, "explanation", _("起草说明")),
        basis=_text(basis, "basis", _("依据")),
        opens_at=periods.start_of_day(period.opens),
        closes_at=period.closes_at,
        days=period.days,
        shortened_reason=period.reason,
        feedback_workdays=int(feedback_workdays),
        created_by=user,
    )
    _log(
        consultation,
        user,
        "open",
        _("发起征求意见：%(opens)s 至 %(closes)s，%(days)d %(unit)s%(short)s")
        % {
            "opens": period.opens,
            "closes": period.closes,
            "days": period.days,
            "unit": kind.rule().unit_label,
            "short": (_("（缩短期限：%(r)s）") % {"r": period.reason}) if period.shortened else "",
        },
    )
    return consultation


@transaction.atomic
def add_kind(*, user: Any, code: str, name: str, days: int, workdays: bool, basis: str) -> Kind:
    """The office adds a kind of consultation with its minimum period and where it comes from."""
    _office_only(user)
    if not 1 <= int(days) <= periods.MAX_DAYS:
        raise ValidationError(_("最短期限应为 1 至 %(max)d 天。") % {"max": periods.MAX_DAYS})
    if Kind.objects.filter(code=code).exists():
        raise ValidationError(_("类别代码已存在。"))
    return Kind.objects.create(
        code=code, name=name.strip()[:40], days=int(days), workdays=bool(workdays), basis=basis.strip()[:300]
    )


def _paragraph(consultation: Consultation, paragraph: int | str | None) -> int | None:
    """The paragraph (条/段) a comment is about, checked against the draft's numbered paragraphs; None for a
    comment on the whole draft."""
    if paragraph in (None, ""):
        return None
    try:
        number = int(paragraph)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("所选条/段不存在。")) from exc
    if not 1 <= number <= len(paragraphs.split(consultation.draft)):
        raise ValidationError(_("所选条/段不存在。"))
    return number


def submit_comment(
    *,
    consultation: Consultation,
    body: str,
    name: str = "",
    contact: str = "",
    paragraph: int | str | None = None,
    now: datetime | None = None,
) -> Comment:
    """A comment from the portal: accepted only while the form is open (computed from the set times), checked
    and bounded, optionally on one paragraph (条/段) of the draft; the name and contact are optional, stored
    encrypted and never shown."""
    now = now or timezone.now()
    if not consultation.published or not consultation.is_open(now):
        raise ValidationError(_("该征求意见不在征集期内，不能提交意见。"))
    body = _text(body, "body", _("意见内容"))
    name = _text(name, "name", _("姓名"), required=False)
    contact = _text(contact, "contact", _("联系方式"), required=False)
    number = _paragraph(consultation, paragraph)
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            channel=Channel.WEB,
            body=body,
            name=name,
            contact=contact,
            paragraph=number,
            received_at=now,
        )
        _log(consultation, None, "comment", _("收到网上意见"), comment)
    return comment


def _may_change(user: Any, consultation: Consultation) -> None:
    perms.require(user, perms.CHANGE, AREA, consultation.unit)


@transaction.atomic
def enter_comment(
    *,
    user: Any,
    consultation: Consultation,
    channel: str,
    body: str,
    received_on: date,
    name: str = "",
    contact: str = "",
    paragraph: int | str | None = None,
) -> Comment:
    """An officer types in a comment received by mail, letter, phone or at a 座谈会 (within the period or up to
    the feedback report)."""
    _may_change(user, consultation)
    if channel not in Channel.values or channel == Channel.WEB:
        raise ValidationError(_("请选择意见来源渠道（电子邮件、信函、电话或座谈会）。"))
    if consultation.feedback_published_at is not None:
        raise ValidationError(_("采纳情况已公开，不能再录入意见。"))
    received_at = periods.start_of_day(received_on)
    if not consultation.opens_at <= received_at < consultation.closes_at:
        raise ValidationError(_("收到日期应在征求意见期内。"))
    comment = Comment.objects.create(
        consultation=consultation,
        channel=channel,
        body=_text(body, "body", _("意见内容")),
        name=_text(name, "name", _("姓名"), required=False),
        contact=_text(contact, "contact", _("联系方式"), required=False),
        paragraph=_paragraph(consultation, paragraph),
        received_at=received_at,
        entered_by=user,
    )
    _log(consultation, user, "enter", _("录入%(ch)s意见") % {"ch": comment.get_channel_display()}, comment)
    return comment


#: How far back the daily run looks for consultations whose period ended (a missed run is caught up).
CLOSING_LOOKBACK = timedelta(days=7)


def send_closing_notices(now: datetime | None = None) -> int:
    """When a consultation's period ends, tell the drafting unit's officers (征求意见截止): answer each comment,
    and after the meeting publish the feedback report. Each person once per consultation (publishing's
    notify_staff keys a notice by its kind and address), whatever the number of runs; a missed run is caught up
    within :data:`CLOSING_LOOKBACK`. Returns how many notices were written (beat: consultation.tasks)."""
    from django.urls import reverse

    from organizations.models import Role
    from organizations.selectors import people_of
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    now = now or timezone.now()
    closed = Consultation.objects.public().filter(
        closes_at__lte=now, closes_at__gt=now - CLOSING_LOOKBACK, feedback_published_at__isnull=True
    )
    sent = 0
    for consultation in closed.select_related("unit").order_by("closes_at", "id"):
        officers = [m.user_id for m in people_of([consultation.unit], Role.OFFICER)]
        text = _(
            "征求意见已截止：%(title)s（收到意见 %(n)d 条）。请逐条答复采纳情况，会议决策后 %(days)d 个工作日内公开采纳情况说明。"
        ) % {
            "title": consultation.title[:60],
            "n": consultation.comments.count(),
            "days": consultation.feedback_workdays,
        }
        sent += notify_staff(
            kind=NoticeKind.CONSULT_END,
            user_ids=officers,
            text=text[:300],
            url=reverse("consultation:manage", args=[consultation.pk]) + "?closed=1",
        )
    return sent


def reporter_key(session_key: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:report:{session_key}".encode()).hexdigest()


def report_comment(*, comment: Comment, session_key: str) -> bool:
    """A visitor reports a comment: counted once per visitor; at :data:`REPORTS_TO_HIDE` reports the comment is
    hidden until a moderator looks at it (it is never deleted). Returns whether the report was counted."""
    if not session_key:
        return False
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=reporter_key(session_key))
            Comment.objects.filter(pk=comment.pk).update(reports=F("reports") + 1)
            fresh = Comment.objects.select_for_update().get(pk=comment.pk)
            if fresh.visibility == Visibility.SHOWN and fresh.reports >= REPORTS_TO_HIDE:
                fresh.visibility = Visibility.HIDDEN
                fresh.save(update_fields=["visibility"])
                _log(
                    fresh.consultation,
                    None,
                    "hide",
                    _("被举报 %(n)d 次，暂时隐藏待审核") % {"n": fresh.reports},
                    fresh,
                )
    except IntegrityError:  # this visitor reported it already
        return False
    return True


@transaction.atomic
def moderate(*, user: Any, comment: Comment, show: bool, note: str = "") -> Comment:
    """A moderator (the drafting unit's officers, the office) shows a hidden comment again or keeps it off the
    page (不予展示); the comment stays in the ledger and is answered either way."""
    comment = Comment.objects.select_for_update().select_related("consultation__unit").get(pk=comment.pk)
    _may_change(user, comment.consultation)
    if comment.visibility == Visibility.SHOWN and show:
        raise ValidationError(_("该意见已公开。"))
    comment.visibility = Visibility.SHOWN if show else Visibility.WITHHELD
    comment.save(update_fields=["visibility"])
    note = (note or "").strip()[:200]
    _log(
        comment.consultation,
        user,
        "moderate",
        (_("审核后恢复展示") if show else _("审核后不予展示")) + (f"：{note}" if note else ""),
        comment,
    )
    return comment


@transaction.atomic
def answer(
    *,
    user: Any,
    consultation: Consultation,
    comments: list[Comment],
    verdict: str,
    reason: str,
    group: str = "",
) -> int:
    """Answer one comment or a group of similar ones: 采纳 / 部分采纳 / 不予采纳 with the reason (a reason is
    required, as 不予采纳 must be explained). Until the report is published an answer may be revised."""
    _may_change(user, consultation)
    if verdict not in Verdict.values:
        raise ValidationError(_("请选择采纳情况。"))
    if consultation.feedback_published_at is not None:
        raise ValidationError(_("采纳情况已公开，不能再修改。"))
    ids = [c.pk for c in comments if c.consultation_id == consultation.pk]
    if not ids or len(ids) != len(comments):
        raise ValidationError(_("请选择本次征求意见中的意见。"))
    reason = _text(reason, "answer", _("理由"))
    group = _text(group, "group", _("归类"), required=False)
    done = Comment.objects.filter(pk__in=ids).update(verdict=verdict, reason=reason, group=group)
    _log(
        consultation,
        user,
        "answer",
        _("%(n)d 条意见：%(v)s") % {"n": done, "v": Verdict(verdict).label},
    )
    return done


@transaction.atomic
def publish_feedback(
    *, user: Any, consultation: Consultation, decided_on: date, summary: str, now: datetime | None = None
) -> Consultation:
    """Publish the feedback report (意见采纳情况说明) after the meeting that decided: the period must be over and
    every comment answered; the report is due ``feedback_workdays`` working days after ``decided_on``."""
    consultation = Consultation.objects.select_for_update().select_related("unit").get(pk=consultation.pk)
    _may_change(user, consultation)
    now = now or timezone.now()
    if consultation.feedback_published_at is not None:
        raise ValidationError(_("采纳情况已公开。"))
    if consultation.is_open(now) or consultation.state(now) == periods.UPCOMING:
        raise ValidationError(_("征求意见期结束后才能公开采纳情况。"))
    if decided_on < timezone.localtime(consultation.opens_at).date():
        raise ValidationError(_("决策日期不能早于征求意见开始日期。"))
    if decided_on > timezone.localdate(now):
        raise ValidationError(_("决策日期不能晚于今天。"))
    if consultation.comments.filter(verdict="").exists():
        raise ValidationError(_("还有意见未答复采纳情况。"))
    consultation.decided_on = decided_on
    consultation.feedback_due_on = periods.feedback_due(decided_on, consultation.feedback_workdays)
    consultation.feedback_summary = _text(summary, "summary", _("采纳情况说明"))
    consultation.feedback_published_at = now
    consultation.save(
        update_fields=["decided_on", "feedback_due_on", "feedback_summary", "feedback_published_at"]
    )
    late = timezone.localdate(now) > consultation.feedback_due_on
    _log(
        consultation,
        user,
        "feedback",
        _("公开意见采纳情况（应于%(due)s前，%(when)s）")
        % {"due": consultation.feedback_due_on, "when": _("超期") if late else _("按时")},
    )
    return consultation


@transaction.atomic
def set_meeting(*, user: Any, consultation: Consultation, decided_on: date) -> Consultation:
    """Record the meeting that decided, so the desk counts the feedback report's clock before it is published."""
    consultation = Consultation.objects.select_for_update().select_related("unit").get(pk=consultation.pk)
    _may_change(user, consultation)
    if consultation.feedback_published_at is not None:
        raise ValidationError(_("采纳情况已公开。"))
    if decided_on < timezone.localtime(consultation.opens_at).date():
        raise ValidationError(_("决策日期不能早于征求意见开始日期。"))
    consultation.decided_on = decided_on
    consultation.feedback_due_on = periods.feedback_due(decided_on, consultation.feedback_workdays)
    consultation.save(update_fields=["decided_on", "feedback_due_on"])
    _log(
        consultation,
        user,
        "meeting",
        _("会议决策 %(d)s，采纳情况应于 %(due)s 前公开")
        % {"d": decided_on, "due": consultation.feedback_due_on},
    )
    return consultation


# -- the year's decision list (决策事项目录) ----------------------------------------------------------------------
@transaction.atomic
def list_decision(
    *, user: Any, year: int, title: str, unit: Unit, listed_on: date, consultation: Consultation | None = None
) -> Decision:
    """The office puts a decision on the year's list (决策事项目录) with its lead unit and the date the list was
    agreed; its first step (启动) is recorded on that date."""
    _office_only(user)
    if not unit.is_active:
        raise ValidationError(_("所选单位无效。"))
    if listed_on.year not in (year, year - 1):
        raise ValidationError(_("目录确定日期应在该年度或上一年度。"))
    if consultation is not None and consultation.unit_id != unit.pk:
        raise ValidationError(_("关联的征求意见应由同一承办单位起草。"))
    decision = Decision.objects.create(
        year=year,
        title=_text(title, "title", _("决策事项")),
        unit=unit,
        listed_on=listed_on,
        consultation=consultation,
        created_by=user,
    )
    DecisionStep.objects.create(
        decision=decision, step=Step.START, on=listed_on, note=_("列入年度决策事项目录"), user=user
    )
    return decision


@transaction.atomic
def record_step(*, user: Any, decision: Decision, step: str, on: date, note: str = "") -> DecisionStep:
    """The lead unit's officers or the office record a step as it happens: each once, in the order of the
    暂行条例 (a step not held — 听证 is not always required — is passed over), never before the step before."""
    decision = Decision.objects.select_for_update().select_related("unit").get(pk=decision.pk)
    perms.require(user, perms.CHANGE, AREA, decision.unit)
    if step not in STEP_ORDER:
        raise ValidationError(_("决策环节无效。"))
    last = decision.steps.order_by("-on", "-id").first()
    if last is not None:
        if STEP_ORDER.index(step) <= STEP_ORDER.index(last.step):
            raise ValidationError(
                _("“%(step)s”应在“%(last)s”之后登记。")
                % {"step": Step(step).label, "last": last.get_step_display()}
            )
        if on < last.on:
            raise ValidationError(_("日期不能早于上一环节（%(d)s）。") % {"d": last.on})
    if on > timezone.localdate():
        raise ValidationError(_("只能登记已经发生的环节。"))
    return DecisionStep.objects.create(
        decision=decision, step=step, on=on, note=(note or "").strip()[:500], user=user
    )


# -- hearings (听证, 暂行条例 第十六条、第十七条) ---------------------------------------------------------------------
#: What a published participants' list must not hold: an ID number, a phone number, an e-mail address.
_PRIVATE = re.compile(
    r"\d{17}[\dXx]|\d{15}|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)|[\w.+-]+@[\w-]+\.[\w.]+"
)


def _hlog(hearing: Hearing, user: Any, action: str, note: str) -> None:
    HearingEvent.objects.create(hearing=hearing, user=user, action=action, note=note[:500])


def check_participants(text: str) -> str:
    """The participants' list as it will be published: one person a line (称谓与单位或类别), bounded, with
    no ID number, phone or e-mail address in it."""
    text = _text(text, "participants", _("听证参加人名单"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if len(line) > LIMITS["participant"]:
            raise ValidationError(_("名单每行不能超过 %(n)d 字。") % {"n": LIMITS["participant"]})
        if _PRIVATE.search(line):
            raise ValidationError(
                _("名单将事先公布，只填写称谓与所在单位或类别，不得含证件号码、电话或邮箱：%(line)s")
                % {"line": line[:20]}
            )
    return "\n".join(lines)


def _notice(
    subject: str, hearing_at: datetime, place: str, selection: str, participants: str
) -> dict[str, Any]:
    return {
        "subject": _text(subject, "subject", _("听证事项")),
        "hearing_at": hearing_at,
        "place": _text(place, "place", _("听证地点")),
        "selection": _text(selection, "selection", _("参加人遴选方式")),
        "participants": check_participants(participants),
    }


@transaction.atomic
def save_hearing(
    *,
    user: Any,
    decision: Decision,
    subject: str,
    hearing_at: datetime,
    place: str,
    selection: str,
    participants: str,
    now: datetime | None = None,
) -> Hearing:
    """The lead unit's officers or the office publish a hearing's notice on the decision's page — time,
    place, how the participants are chosen and their list — or revise it while it has not been held.
    The time must leave room for the materials: not earlier than 7 days from now (the materials' clock)."""
    decision = Decision.objects.select_for_update().select_related("unit").get(pk=decision.pk)
    perms.require(user, perms.CHANGE, AREA, decision.unit)
    now = now or timezone.now()
    data = _notice(subject, hearing_at, place, selection, participants)
    hearing = Hearing.objects.select_for_update().filter(decision=decision).first()
    if hearing is not None and hearing.status != HearingStatus.SCHEDULED:
        raise ValidationError(_("听证会已举行或已取消，不能修改公告。"))
    unchanged = hearing is not None and hearing.hearing_at == hearing_at
    if not unchanged and periods.materials_deadline(hearing_at) < now:
        raise ValidationError(
            _("听证时间应在 %(d)s 之后：听证材料须至少在听证会举行 7 日（自然日）前送达参加人。")
            % {
                "d": timezone.localtime(now + timedelta(days=periods.MATERIALS_DAYS)).strftime(
                    "%Y-%m-%d %H:%M"
                )
            }
        )
    when = timezone.localtime(hearing_at).strftime("%Y-%m-%d %H:%M")
    if hearing is None:
        hearing = Hearing.objects.create(decision=decision, created_by=user, noticed_at=now, **data)
        _hlog(
            hearing,
            user,
            "notice",
            _("发布听证公告：%(at)s，%(place)s") % {"at": when, "place": data["place"]},
        )
        return hearing
    for field, value in data.items():
        setattr(hearing, field, value)
    hearing.save(update_fields=list(data))
    _hlog(
        hearing, user, "revise", _("修改听证公告：%(at)s，%(place)s") % {"at": when, "place": data["place"]}
    )
    return hearing


def _scheduled(user: Any, hearing: Hearing) -> Hearing:
    hearing = Hearing.objects.select_for_update().select_related("decision__unit").get(pk=hearing.pk)
    perms.require(user, perms.CHANGE, AREA, hearing.decision.unit)
    if hearing.status != HearingStatus.SCHEDULED:
        raise ValidationError(_("听证会已举行或已取消。"))
    return hearing


@transaction.atomic
def send_materials(*, user: Any, hearing: Hearing, sent_at: datetime, now: datetime | None = None) -> Hearing:
    """Record when the hearing's materials reached the participants. A time later than 7 days before the
    hearing is recorded as it was, and flagged late (the hearing should then be moved)."""
    hearing = _scheduled(user, hearing)
    now = now or timezone.now()
    if hearing.materials_sent_at is not None:
        raise ValidationError(_("已登记材料送达时间。"))
    if sent_at > now:
        raise ValidationError(_("只能登记已经送达的时间。"))
    hearing.materials_sent_at = sent_at
    hearing.save(update_fields=["materials_sent_at"])
    late = hearing.materials_clock(now) == periods.MATERIALS_LATE
    deadline = timezone.localtime(hearing.materials_deadline()).strftime("%Y-%m-%d %H:%M")
    _hlog(
        hearing,
        user,
        "materials",
        _("听证材料送达 %(at)s（应不晚于 %(d)s，%(v)s）")
        % {
            "at": timezone.localtime(sent_at).strftime("%Y-%m-%d %H:%M"),
            "d": deadline,
            "v": _("晚于听证前7日") if late else _("按时"),
        },
    )
    return hearing


@transaction.atomic
def upload_hearing_record(*, user: Any, hearing: Hearing, file: Any, now: datetime | None = None) -> Hearing:
    """After the hearing, upload its signed record (笔录): checked by core/uploads.py (PDF or a scan), its
    SHA-256 kept; the hearing is held, and it is recorded as the decision's 听证 step where the steps allow."""
    hearing = _scheduled(user, hearing)
    now = now or timezone.now()
    if hearing.hearing_at > now:
        raise ValidationError(_("听证会举行后才能上传听证笔录。"))
    kind = check_record(file)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    hearing.record.save(f"hearing-record{_record_ext(kind)}", file, save=False)
    hearing.record_type = kind
    hearing.record_sha256 = digest.hexdigest()
    hearing.record_uploaded_at = now
    hearing.status = HearingStatus.HELD
    hearing.save(update_fields=["record", "record_type", "record_sha256", "record_uploaded_at", "status"])
    _hlog(
        hearing, user, "record", _("上传签字的听证笔录（SHA-256 %(h)s…）") % {"h": hearing.record_sha256[:16]}
    )
    _hearing_step(user, hearing)
    return hearing


def check_record(file: Any) -> str:
    """The signed record's file checked by the one upload checker (core/uploads.py); its content type."""
    return check_upload(file, allowed=RECORD_TYPES, max_bytes=RECORD_MAX_BYTES)


def _record_ext(kind: str) -> str:
    return {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}[kind]


def _hearing_step(user: Any, hearing: Hearing) -> None:
    """The held hearing as the decision's 听证 step, unless that step is recorded or a later one is."""
    decision = hearing.decision
    held_on = timezone.localtime(hearing.hearing_at).date()
    last = decision.steps.order_by("-on", "-id").first()
    if last is not None and (
        STEP_ORDER.index(last.step) >= STEP_ORDER.index(Step.HEARING) or last.on > held_on
    ):
        return
    DecisionStep.objects.create(
        decision=decision,
        step=Step.HEARING,
        on=held_on,
        note=_("举行听证会：%(s)s（%(p)s）") % {"s": hearing.subject, "p": hearing.place},
        user=user,
    )


@transaction.atomic
def cancel_hearing(*, user: Any, hearing: Hearing, reason: str) -> Hearing:
    """Call off a hearing not yet held, with the reason (shown on the decision's page); it is not deleted."""
    hearing = _scheduled(user, hearing)
    hearing.cancel_reason = _text(reason, "cancel", _("取消理由"))
    hearing.status = HearingStatus.CANCELLED
    hearing.save(update_fields=["cancel_reason", "status"])
    _hlog(hearing, user, "cancel", _("取消听证会：%(r)s") % {"r": hearing.cancel_reason})
    return hearing
