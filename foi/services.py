"""Writes on disclosure requests: intake, the clock's events, handling, the reply, fees, appeals.

Every function is keyword-only, runs in one transaction, asks :mod:`organizations.permissions` about the
request's unit (area ``foi``), records an :class:`~foi.models.Event` (``public`` ones appear on the
applicant's status page) and recomputes the stored due date from the facts, never by adding to it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import astuple, dataclass, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import idcards, uploads
from core.crypto import lookup_hash
from core.once import once
from core.workflow import Step, Workflow
from organizations import permissions as perms
from organizations.models import Unit, UnitKind

from . import clock, letters, officer_notices
from .access import new_secret, show_secret
from .categories import (
    ABANDONED,
    FEE_UNPAID,
    ORGANISATION_ID_TYPES,
    PERSON_ID_TYPES,
    REASONS,
    AppealKind,
    AppealOutcome,
    ApplicantType,
    Channel,
    Delivery,
    IdType,
    NotifyBy,
    Result,
    fee_for,
    outcome_label,
)
from .models import (
    OPEN_STATUSES,
    AccessLog,
    Appeal,
    AttachmentStage,
    Consultation,
    DisclosureRequest,
    Event,
    LetterCounter,
    LetterSeries,
    RequestAttachment,
    Status,
)
from .notify import notify_applicant, send_password, sms_configured

AREA = "foi"
MAX_TEXT = 5000
MAX_ATTACHMENTS = 5
#: What an applicant may attach (ID papers, a power of attorney): checked by the one upload checker.
ATTACHMENT_TYPES = (uploads.PDF, uploads.PNG, uploads.JPEG, uploads.DOCX)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

#: Sent on commit when a request is closed (sender=DisclosureRequest, request=...).
request_closed = Signal()
#: The bodies with a duty to answer a request (条例 第二条、第五十四条: 行政机关 and the bodies authorised by law);
#: 居委会 / 村委会 are no 行政机关: a request addressed to them is refused, on the form and here.
ANSWERING_KINDS = (UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.STREET, UnitKind.TOWNSHIP)
#: The applicant's 补正 online: its text (its files: at most MAX_ATTACHMENTS, like the application's).
MAX_CORRECTION_TEXT = 3000
#: What the office releases with a reply (downloadable by the applicant from the status page).
RELEASED_TYPES = (uploads.PDF, uploads.PNG, uploads.JPEG, uploads.DOCX, uploads.XLSX)
RELEASED_RESULTS = (Result.PUBLIC, Result.PARTIAL)
MAX_RELEASED = 20
RELEASED_MAX_BYTES = 20 * 1024 * 1024


# -- helpers ---------------------------------------------------------------------------------------------
def hash_secret(secret: str) -> str:
    return salted_hmac("foi.request-secret", secret).hexdigest()


def secret_matches(request: DisclosureRequest, secret: str) -> bool:
    """Whether ``secret`` (as typed: grouped, lower-case, a password of the former kind) is the request's."""
    from .access import secret_matches as matches

    return matches(request, secret)


def _record(request, action: str, user, comment: str, *, label: str, on: date, public: bool = True) -> Event:
    """The request's event (foi.Event, append-only); a public one that changes what the applicant should know is
    also a message to them, in this transaction (foi/notify.py: once per request and event, sent after commit)."""
    event = Event.objects.create(
        request=request, action=action, label=label, on=on, actor=user, public=public, comment=comment
    )
    if public:
        notify_applicant(event)
    return event


def _step(label: str, what: str, sources, action: str = perms.CHANGE) -> Step:
    return Step(gettext_lazy(label), action, tuple(sources), gettext_lazy(what))


#: The request's workflow (core/workflow.py): which step starts from which status, with which permission; the
#: services run each step as permission → lock → permission on the locked row → status → change → event.
STEPS: dict[str, Step] = {
    "confirm": _step("确认收到", "确认收到", (Status.SUBMITTED,)),
    "correction": _step("补正", "发出补正通知", (Status.RECEIVED,)),
    "corrected": _step("登记收到补正", "登记补正", (Status.CORRECTION,)),
    "abandon": _step("视为放弃", "视为放弃", (Status.CORRECTION,)),
    "consult": _step("征求第三方意见", "征求第三方意见", (Status.RECEIVED, Status.CONSULTING)),
    "consulted": _step("登记第三方意见", "登记第三方意见", OPEN_STATUSES),
    "extend": _step("延期", "延期", OPEN_STATUSES),
    "assign": _step("指定承办人", "指定承办人", tuple(Status.values)),
    "transfer": _step("转办", "转办", (Status.SUBMITTED, *OPEN_STATUSES)),
    "secrecy": _step("保密审查", "保密审查", OPEN_STATUSES, perms.REVIEW),
    "reply": _step("答复", "答复（请先结束补正、征求意见或收费环节）", (Status.RECEIVED,)),
    "fee": _step("收费", "发出收费通知", (Status.RECEIVED,)),
    "fee_paid": _step("登记缴费", "登记缴费", (Status.FEE,)),
    "close_unpaid": _step("按逾期未缴费办结", "按逾期未缴费处理", (Status.FEE,)),
    "delivered": _step("登记送达", "登记答复书送达", (Status.CLOSED,)),
}

FLOW: Workflow[DisclosureRequest] = Workflow(
    model=DisclosureRequest,
    steps=STEPS,
    permit=lambda user, step, r: perms.require(user, step.action, AREA, r.unit),
    can=lambda user, step, r: perms.can(user, step.action, AREA, r.unit),
    record=_record,
    refusal=gettext_lazy("申请当前状态为“%(status)s”，不能%(what)s。"),
    lock=lambda r: DisclosureRequest.objects.select_for_update().get(pk=r.pk),
)


def _event(request, action: str, label: str, on: date, user=None, *, public: bool = True, comment: str = ""):
    """Record a step through the workflow (:data:`FLOW`); returns the event."""
    return FLOW.tell(request, action, user, comment, label=label, on=on, public=public)


def _lock(request: DisclosureRequest) -> DisclosureRequest:
    return FLOW.lock(request)


def _expect(request: DisclosureRequest, *statuses, what: str) -> None:
    FLOW.expect(request, *statuses, what=what)


def _check_date(value: date, what: str, *, not_before: date | None = None, today: date | None = None) -> date:
    if not isinstance(value, date):
        raise ValidationError(_("{what}应为日期。").format(what=what))
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(_("{what}不能晚于今天。").format(what=what))
    if value.year < 2008:
        raise ValidationError(_("{what}不能早于2008年（条例施行之前）。").format(what=what))
    if not_before is not None and value < not_before:
        raise ValidationError(
            _("{what}（{value}）不能早于{value2}。").format(
                what=what, value=value.isoformat(), value2=not_before.isoformat()
            )
        )
    return value


def _text(value: str, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写{what}。").format(what=what))
    if len(value) > limit:
        raise ValidationError(_("{what}不能超过{limit}字。").format(what=what, limit=limit))
    if "\x00" in value:
        raise ValidationError(_("{what}含有非法字符。").format(what=what))
    return value


def compute_clock(request: DisclosureRequest, *, today: date | None = None) -> clock.Clock | None:
    """The request's clock from its facts, or None before receipt."""
    if request.received_on is None:
        return None
    fee_notice = (request.fee_notified_on, request.fee_paid_on) if request.fee_notified_on else None
    return clock.reply_due(
        received=request.received_on,
        correction_received=request.correction_received_on,
        consultations=[(c.sent_on, c.replied_on) for c in request.consultations.all()],
        extension_days=request.extension_days,
        fee_notice=fee_notice,
        today=today or timezone.localdate(),
    )


def _refresh_due(request: DisclosureRequest) -> None:
    found = compute_clock(request)
    request.due_date = found.due_date if found else None


def _next_reference(unit: Unit, year: int) -> str:
    Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True).first()
    prefix = f"WS{year}-"
    last = DisclosureRequest.objects.filter(unit=unit, reference__startswith=prefix).aggregate(
        m=Max("reference")
    )["m"]
    number = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{number:04d}"


def _monthly_position(request: DisclosureRequest) -> int:
    """Which application of the applicant's this is in the natural month of receipt (by ID number)."""
    if not request.id_number or request.received_on is None:
        return 1
    first = request.received_on.replace(day=1)
    return DisclosureRequest.objects.filter(
        id_number_hash=lookup_hash(request.id_number),
        received_on__gte=first,
        received_on__lte=request.received_on,
        id__lte=request.pk,
    ).count()


# -- intake ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Applicant:
    applicant_type: str
    name: str
    contact_person: str = ""
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _fill(
    request: DisclosureRequest, applicant: Applicant, description: str, purpose: str, form: str, delivery: str
) -> None:
    if applicant.applicant_type not in ApplicantType.values:
        raise ValidationError(_("请选择申请人类型。"))
    request.applicant_type = applicant.applicant_type
    request.applicant_name = _text(applicant.name, "姓名或名称", limit=100)
    request.contact_person = _text(applicant.contact_person, "联系人", required=False, limit=50)
    request.id_type = applicant.id_type
    request.id_number = _text(applicant.id_number, "证件号码", required=False, limit=40)
    request.phone = _text(applicant.phone, "联系电话", required=False, limit=30)
    request.email = _text(applicant.email, "电子邮箱", required=False, limit=254)
    request.address = _text(applicant.address, "通信地址", required=False, limit=200)
    if not (request.phone or request.email or request.address):
        raise ValidationError(_("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"))
    request.description = _text(description, "所需政府信息的描述")
    request.purpose = _text(purpose, "用途", required=False, limit=300)
    request.form, request.delivery = form, delivery
    request.full_clean(exclude=["unit", "reference", "received_on", "secret_hash"])


#: Identical online applications within this many seconds are one application (a double click, a retry).
SUBMIT_ONCE_SECONDS = 600


@transaction.atomic
def submit_online(
    *,
    unit: Unit,
    applicant: Applicant,
    description: str,
    purpose: str = "",
    form: str,
    delivery: str,
    attachments=(),
    notify_by: str = "",
) -> tuple[DisclosureRequest, str]:
    """A citizen's online application; returns it with the secret shown once. Received when the office
    confirms it (条例 第三十一条: online, the day both sides confirm). Only a body with the duty to answer
    (:data:`ANSWERING_KINDS`) receives one; the ID number is checked by its document's rule (core/idcards.py);
    ``notify_by`` is how the applicant wants to hear of each step (foi/notify.py).

    The same application sent again within :data:`SUBMIT_ONCE_SECONDS` (two POSTs at once) files nothing
    new: it returns the first request with an empty secret (the secret was shown to the first)."""
    attachments = list(attachments)
    parts = [
        unit.pk,
        *astuple(applicant),
        description,
        purpose,
        form,
        delivery,
        notify_by,
        *((getattr(a, "name", ""), getattr(a, "size", 0)) for a in attachments),
    ]
    result = once(
        "foi.submit_online",
        parts,
        window=SUBMIT_ONCE_SECONDS,
        action=lambda: _submit_online(
            unit=unit,
            applicant=applicant,
            description=description,
            purpose=purpose,
            form=form,
            delivery=delivery,
            attachments=attachments,
            notify_by=notify_by,
        ),
        ref=lambda made: made[0].pk,
    )
    if not result.repeated:
        return result.made
    first = DisclosureRequest.objects.filter(pk=result.first or None).first()
    if first is None:
        raise ValidationError(_("您的申请正在提交，请勿重复提交。"))
    return first, ""


def _submit_online(*, unit, applicant, description, purpose, form, delivery, attachments, notify_by=""):
    check_receiving_body(unit)
    applicant = replace(applicant, id_number=check_identity(applicant))
    notify_by = _notify_choice(notify_by, applicant)
    attachments = list(attachments)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(_("附件最多{MAX_ATTACHMENTS}个。").format(MAX_ATTACHMENTS=MAX_ATTACHMENTS))
    checked = [
        (upload, uploads.check_upload(upload, allowed=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES))
        for upload in attachments
    ]
    secret = new_secret()
    request = DisclosureRequest(
        unit=unit,
        channel=Channel.ONLINE,
        status=Status.SUBMITTED,
        secret_hash=hash_secret(secret),
        notify_by=notify_by,
    )
    _fill(request, applicant, description, purpose, form, delivery)
    request.reference = _next_reference(unit, timezone.localdate().year)
    request.save()
    for upload, content_type in checked:
        RequestAttachment.objects.create(
            request=request,
            file=upload,
            content_type=content_type,
            original_name=upload.name[-255:],
            size=upload.size,
        )
    _event(request, "submit", "网上提交申请", timezone.localdate())
    officer_notices.announce(request)  # the unit's officers: a bell notice from the first minute
    return request, secret


def check_receiving_body(unit: Unit) -> None:
    """Refuse a unit without the duty to answer (a 居委会 / 村委会, an inactive unit)."""
    if not unit.is_active or unit.kind not in ANSWERING_KINDS:
        raise ValidationError(
            _(
                "请选择负有答复义务的行政机关（区政府、区级部门、街道办事处或镇政府）；居委会、村委会不受理政府信息公开申请。"
            )
        )


def check_identity(applicant: Applicant) -> str:
    """The applicant's document number, checked by its kind's rule and returned canonical (core/idcards.py);
    a person gives a personal document, an organisation its 统一社会信用代码 (or another document)."""
    person = applicant.applicant_type == ApplicantType.NATURAL
    allowed = PERSON_ID_TYPES if person else ORGANISATION_ID_TYPES
    if applicant.id_type not in allowed:
        raise ValidationError(
            _("自然人请选择个人证件；法人或其他组织请选择统一社会信用代码。")
            if applicant.id_type in IdType.values
            else _("请选择证件类型。")
        )
    if not (applicant.id_number or "").strip():
        raise ValidationError(_("请填写证件号码。"))
    return idcards.validate(applicant.id_type, applicant.id_number)


def _notify_choice(notify_by: str, applicant: Applicant) -> str:
    if notify_by in ("", NotifyBy.PAGE):
        return notify_by
    if notify_by == NotifyBy.EMAIL and not (applicant.email or "").strip():
        raise ValidationError(_("选择电子邮件通知的，请填写电子邮箱。"))
    if notify_by == NotifyBy.SMS:
        if not sms_configured():
            raise ValidationError(_("本平台暂未开通短信通知，请选择其他通知方式。"))
        if not (applicant.phone or "").strip():
            raise ValidationError(_("选择短信通知的，请填写手机号码。"))
    if notify_by not in NotifyBy.values:
        raise ValidationError(_("请选择通知方式。"))
    return notify_by


@transaction.atomic
def confirm_receipt(*, user, request: DisclosureRequest, on: date) -> DisclosureRequest:
    """The office confirms an online application: that day is the day of receipt."""
    request = FLOW.begin("confirm", request, user=user)
    request.received_on = _check_date(
        on, "确认收到日期", not_before=timezone.localtime(request.submitted_at).date()
    )
    request.receipt_note = str(clock_note(request.channel))
    request.status = Status.RECEIVED
    request.save()
    request.fee_amount = fee_for(_monthly_position(request))
    _refresh_due(request)
    request.save()
    _event(request, "receive", "确认收到申请", on, user)
    return request


def clock_note(channel: str) -> str:
    from .categories import RECEIPT_RULE

    return str(RECEIPT_RULE.get(channel, ""))


@transaction.atomic
def register(
    *,
    user,
    unit: Unit,
    channel: str,
    received_on: date,
    applicant: Applicant,
    description: str,
    purpose: str = "",
    form: str,
    delivery: str,
    receipt_note: str = "",
    reference: str = "",
) -> tuple[DisclosureRequest, str]:
    """Offline intake (letter, counter, fax, e-mail): ``received_on`` follows 条例 第三十一条."""
    perms.require(user, perms.ADD, AREA, unit)
    if channel not in Channel.values:
        raise ValidationError(_("请选择申请方式。"))
    secret = new_secret()
    request = DisclosureRequest(
        unit=unit, channel=channel, status=Status.RECEIVED, created_by=user, secret_hash=hash_secret(secret)
    )
    _fill(request, applicant, description, purpose, form, delivery)
    request.received_on = _check_date(received_on, "收到申请日期")
    request.receipt_note = _text(receipt_note, "收到日期依据", required=False, limit=200) or clock_note(
        channel
    )
    reference = _text(reference, "受理编号", required=False, limit=50)
    request.reference = reference or _next_reference(unit, received_on.year)
    if DisclosureRequest.objects.filter(unit=unit, reference=request.reference).exists():
        raise ValidationError(_("受理编号 {reference} 已存在。").format(reference=request.reference))
    request.save()
    request.fee_amount = fee_for(_monthly_position(request))
    _refresh_due(request)
    request.save()
    _event(request, "receive", f"收到申请（{request.get_channel_display()}）", received_on, user)
    officer_notices.announce(request, actor=user)
    return request, secret


# -- the clock's events ----------------------------------------------------------------------------------
@transaction.atomic
def request_correction(*, user, request: DisclosureRequest, on: date, text: str, deadline: date):
    """The one-time 补正 notice, within 7 working days of receipt (条例 第三十条)."""
    request = FLOW.begin("correction", request, user=user)
    if request.correction_requested_on:
        raise ValidationError(_("补正通知只能发出一次（条例第三十条：一次性告知）。"))
    _check_date(on, "补正通知日期", not_before=request.received_on)
    latest = clock.correction_notice_due(request.received_on).due
    if on > latest:
        raise ValidationError(
            _("补正通知应在收到申请之日起7个工作日内发出（最迟 {value}）。").format(value=latest.isoformat())
        )
    if deadline <= on:
        raise ValidationError(_("补正期限应晚于通知日期。"))
    request.correction_requested_on, request.correction_deadline = on, deadline
    request.correction_text = _text(text, "补正事项")
    request.status = Status.CORRECTION
    request.save()
    _event(request, "correction", f"发出补正通知（补正期限 {deadline.isoformat()}）", on, user)
    return request


@transaction.atomic
def receive_correction(*, user, request: DisclosureRequest, on: date):
    """The correction arrived: the reply period runs afresh from this day."""
    request = FLOW.begin("corrected", request, user=user)
    request.correction_received_on = _check_date(
        on, "收到补正日期", not_before=request.correction_requested_on
    )
    request.status = Status.RECEIVED
    _refresh_due(request)
    request.save()
    _event(request, "corrected", "收到补正材料，答复期限重新计算", on, user)
    return request


def supply_correction(
    *, request: DisclosureRequest, text: str, attachments=(), on: date | None = None
) -> DisclosureRequest:
    """The applicant's 补正, supplied online on the status page (the caller has matched the tracking code and
    password: the applicant has no account). Everything is checked before anything is written — the text's
    length, the number of files and each file by its content (core/uploads.py) — so a refusal leaves no trace.
    The reply period runs afresh from ``on`` (today: the day the office receives it, 条例 第三十条), and the
    new due date is recorded in the step the applicant sees and is told of (foi/notify.py)."""
    attachments = list(attachments)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(_("补正材料最多{n}个文件。").format(n=MAX_ATTACHMENTS))
    text = _text(text, "补正内容", required=False, limit=MAX_CORRECTION_TEXT)
    if not text and not attachments:
        raise ValidationError(_("请填写补正内容或上传补正材料。"))
    with transaction.atomic():
        request = _lock(request)
        _expect(request, Status.CORRECTION, what="提交补正")
        already = request.attachments.filter(stage=AttachmentStage.CORRECTION).count()
        if already + len(attachments) > MAX_ATTACHMENTS:
            raise ValidationError(_("补正材料最多{n}个文件。").format(n=MAX_ATTACHMENTS))
        checked = [
            (upload, uploads.check_upload(upload, allowed=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES))
            for upload in attachments
        ]
        on = _check_date(
            on or timezone.localdate(), "提交补正日期", not_before=request.correction_requested_on
        )
        request.correction_reply = text
        request.correction_received_on = on
        request.status = Status.RECEIVED
        _refresh_due(request)
        request.save()
        for upload, content_type in checked:
            RequestAttachment.objects.create(
                request=request,
                stage=AttachmentStage.CORRECTION,
                file=upload,
                content_type=content_type,
                original_name=upload.name[-255:],
                size=upload.size,
            )
        late = request.correction_deadline is not None and on > request.correction_deadline
        _event(
            request,
            "corrected",
            _("申请人网上提交补正材料，答复期限自{on}起重新计算，新的答复期限 {due}").format(
                on=on.isoformat(), due=request.due_date.isoformat()
            ),
            on,
            comment=_("补正期限届满后提交") if late else "",
        )
        officer_notices.correction_supplied(request)  # the unit's officers: the clock runs again
    return request


@transaction.atomic
def abandon(*, user, request: DisclosureRequest, on: date):
    """No correction by the deadline and no good reason: treated as abandoned (其他处理 1)."""
    request = FLOW.begin("abandon", request, user=user)
    if on <= request.correction_deadline:
        raise ValidationError(
            _("补正期限 {value} 尚未届满。").format(value=request.correction_deadline.isoformat())
        )
    return _close(
        request, user=user, on=on, outcome=ABANDONED, text="申请人无正当理由逾期不补正，视为放弃申请。"
    )


@transaction.atomic
def start_consultation(*, user, request: DisclosureRequest, third_party: str, sent_on: date) -> Consultation:
    request = FLOW.begin("consult", request, user=user)
    _check_date(sent_on, "征求意见开始日期", not_before=request.clock_start)
    consultation = Consultation.objects.create(
        request=request, third_party=_text(third_party, "第三方", limit=100), sent_on=sent_on
    )
    request.status = Status.CONSULTING
    _refresh_due(request)
    request.save()
    _event(request, "consult", "征求第三方意见（所需时间不计入答复期限）", sent_on, user)
    return consultation


@transaction.atomic
def end_consultation(
    *, user, consultation: Consultation, replied_on: date, opinion: str = ""
) -> Consultation:
    request = FLOW.begin("consulted", consultation.request, user=user)
    if consultation.replied_on:
        raise ValidationError(_("该征求意见已结束。"))
    consultation.replied_on = _check_date(replied_on, "征求意见结束日期", not_before=consultation.sent_on)
    consultation.opinion = _text(opinion, "第三方意见", required=False, limit=300)
    consultation.save()
    if not request.consultations.filter(replied_on__isnull=True).exists():
        request.status = Status.RECEIVED
    _refresh_due(request)
    request.save()
    _event(request, "consulted", "收到第三方意见", replied_on, user)
    return consultation


@transaction.atomic
def extend(*, user, request: DisclosureRequest, on: date, days: int, approver: str, reason: str):
    """One extension of at most 20 working days, approved by the office head, notified to the applicant."""
    request = FLOW.begin("extend", request, user=user)
    if request.extension_days:
        raise ValidationError(_("答复期限只能延长一次。"))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= clock.MAX_EXTENSION_WORKDAYS:
        raise ValidationError(_("延长期限应为1至20个工作日（条例第三十三条）。"))
    _check_date(on, "延期告知日期", not_before=request.received_on)
    if request.due_date and on > request.due_date:
        raise ValidationError(
            _("答复期限 {value} 已过，不能再延期。").format(value=request.due_date.isoformat())
        )
    request.extension_days, request.extended_on = days, on
    request.extension_approver = _text(approver, "批准人（政府信息公开工作机构负责人）", limit=50)
    request.extension_reason = _text(reason, "延期理由", limit=300)
    _refresh_due(request)
    request.save()
    _event(
        request, "extend", f"延长答复期限 {days} 个工作日，新期限 {request.due_date.isoformat()}", on, user
    )
    return request


# -- handling --------------------------------------------------------------------------------------------
@transaction.atomic
def assign(*, user, request: DisclosureRequest, assignee) -> DisclosureRequest:
    request = FLOW.begin("assign", request, user=user)
    if not perms.can(assignee, perms.CHANGE, AREA, request.unit):
        raise ValidationError(_("{assignee} 无权办理本单位的申请。").format(assignee=assignee))
    request.assignee = assignee
    request.save()
    _event(request, "assign", f"交由 {assignee} 承办", timezone.localdate(), user, public=False)
    return request


@transaction.atomic
def transfer(*, user, request: DisclosureRequest, to_unit: Unit, reason: str) -> DisclosureRequest:
    """Hand the request to the unit that holds the information; the clock keeps running unchanged."""
    request = FLOW.begin("transfer", request, user=user)
    if not to_unit.is_active or to_unit.pk == request.unit_id:
        raise ValidationError(_("请选择另一个在用单位。"))
    reason = _text(reason, "转办理由", limit=300)
    origin = request.unit
    if DisclosureRequest.objects.filter(unit=to_unit, reference=request.reference).exists():
        request.reference = f"{request.reference}-Z{origin.pk}"
    request.unit, request.assignee = to_unit, None
    request.save()
    _event(
        request,
        "transfer",
        f"转由{to_unit.name}办理（答复期限不变）",
        timezone.localdate(),
        user,
        comment=f"自{origin.name}转来：{reason}",
    )
    officer_notices.announce(request, actor=user, origin=origin.name)
    return request


@transaction.atomic
def review_secrecy(*, user, request: DisclosureRequest, approved: bool, note: str = "") -> DisclosureRequest:
    """保密审查 by a reviewer of the unit (never the assignee)."""
    request = FLOW.begin("secrecy", request, user=user)
    if request.assignee_id and request.assignee_id == user.pk and not perms.is_office(user):
        raise PermissionDenied(_("承办人不能审查自己承办的申请。"))
    request.secrecy_note = _text(note, "审查意见", required=not approved, limit=300)
    request.secrecy_reviewed_by = user if approved else None
    request.secrecy_reviewed_at = timezone.now() if approved else None
    request.save()
    _event(
        request,
        "secrecy",
        "保密审查通过" if approved else "保密审查未通过",
        timezone.localdate(),
        user,
        public=False,
        comment=request.secrecy_note,
    )
    return request


def _close(request, *, user, on: date, outcome: tuple[str, int], text: str) -> DisclosureRequest:
    request.result, request.result_reason = outcome
    request.replied_on = on
    request.reply_text = text
    request.status = Status.CLOSED
    _issue_letter_number(request)  # in this transaction: a rolled-back reply gives its number back
    request.save()
    _event(request, "reply", f"办结：{outcome_label(*outcome)}", on, user)
    transaction.on_commit(lambda: request_closed.send(sender=DisclosureRequest, request=request))
    if request.delivery == Delivery.EMAIL and request.email:
        _queue_letter(request)  # in this transaction; delivered by core's outbox after commit
    return request


# -- the reply letter by e-mail (at least once, recorded with its outbox row) -----------------------------
LETTER_MAIL = "foi-letter:"


def letter_mail_key(request: DisclosureRequest) -> str:
    """The outbox key, and so the Message-ID, of a request's reply letter: derived from the request and the
    letter (its reply date and result), so every send of the same letter is recognisably the same message."""
    replied = request.replied_on.isoformat() if request.replied_on else ""
    return f"{LETTER_MAIL}{request.pk}:{request.reference}:{replied}:{request.result}{request.result_reason}"


def _request_of_letter_key(key: str) -> int | None:
    head = key[len(LETTER_MAIL) :].split(":", 1)[0] if key.startswith(LETTER_MAIL) else ""
    return int(head) if head.isdigit() else None


def _queue_letter(request: DisclosureRequest):
    """Put the reply letter in the mail outbox (once per letter), in the caller's transaction."""
    from django.utils.translation import gettext as _t

    from core.mail import queue_mail

    return queue_mail(
        key=letter_mail_key(request),
        to=request.email,
        subject=_t("{unit}政府信息公开申请答复书（受理编号 {reference}）").format(
            unit=request.unit.name, reference=request.reference
        ),
        body=_t(
            "您好：\n\n您的政府信息公开申请已办结（{outcome}），答复书见附件。\n"
            "也可凭查询码 {code} 和查询密码在门户网站查看。\n\n{unit}"
        ).format(outcome=request.outcome, code=request.tracking_code, unit=request.unit.name),
    )


def letter_attachments(key: str) -> list[tuple[str, bytes, str]]:
    """The files of a letter mail, built when it is sent (core.mail.register_attachments)."""
    from .letters import letter_pdf

    pk = _request_of_letter_key(key)
    request = DisclosureRequest.objects.select_related("unit").filter(pk=pk).first() if pk else None
    if request is None or not request.result:
        return []
    return [(letters.letter_filename(request, "pdf"), letter_pdf(request), "application/pdf")]


def record_letter_sent(*, key: str, sent_at) -> bool:
    """The letter mail ``key`` was accepted by the mail server at ``sent_at``: stamp ``letter_sent_at`` and the
    public 送达 step. Runs inside the transaction that marks the outbox row sent (core.mail.mail_sent), so the
    two are recorded together or not at all; True if this call recorded it."""
    pk = _request_of_letter_key(key)
    if pk is None:
        return False
    request = DisclosureRequest.objects.select_for_update().filter(pk=pk).first()
    if request is None or request.letter_sent_at:
        return False
    request.letter_sent_at = sent_at
    request.save(update_fields=["letter_sent_at"])
    Event.objects.create(
        request=request,
        action="delivered",
        label=_("答复书已通过电子邮件送达"),
        on=timezone.localtime(sent_at).date(),
    )
    return True


def deliver_letter(*, request_id: int) -> bool:
    """E-mail the reply letter (PDF) to an applicant who chose e-mail delivery, through the mail outbox; True
    if it was sent by this call. The delivery is recorded (``letter_sent_at``, the public 送达 step) in the
    transaction that marks its outbox row sent; a send whose recording was lost is sent again with the same
    Message-ID (:func:`letter_mail_key`), never recorded twice."""
    from core.mail import deliver

    with transaction.atomic():
        request = DisclosureRequest.objects.select_for_update().select_related("unit").get(pk=request_id)
        if request.letter_sent_at or not request.result or not request.email:
            return False
        mail = _queue_letter(request)
    if mail.sent_at:
        return False
    return deliver(mail.pk)


@transaction.atomic
def reply(
    *, user, request: DisclosureRequest, on: date, result: str, reason: int = 0, text: str
) -> DisclosureRequest:
    """Answer the request with one of table 三's results; disclosing anything needs a 保密审查 first."""
    request = FLOW.begin("reply", request, user=user)
    if result not in Result.values:
        raise ValidationError(_("请选择处理结果。"))
    if result in REASONS:
        if isinstance(reason, bool) or not isinstance(reason, int) or not 1 <= reason <= len(REASONS[result]):
            raise ValidationError(_("请选择具体情形。"))
    else:
        reason = 0
    if result in (Result.PUBLIC, Result.PARTIAL) and request.secrecy_reviewed_at is None:
        raise ValidationError(_("公开前须经保密审查。"))
    _check_date(on, "答复日期", not_before=request.clock_start)
    return _close(request, user=user, on=on, outcome=(result, reason), text=_text(text, "答复内容"))


# -- fees (国办函〔2020〕109号) ----------------------------------------------------------------------
@transaction.atomic
def notify_fee(*, user, request: DisclosureRequest, on: date, deadline: date) -> DisclosureRequest:
    request = FLOW.begin("fee", request, user=user)
    if request.fee_amount <= 0:
        raise ValidationError(_("本申请在申请人当月前10件以内，不收取信息处理费。"))
    if request.fee_notified_on:
        raise ValidationError(_("收费通知已发出。"))
    _check_date(on, "收费通知日期", not_before=request.clock_start)
    if deadline <= on:
        raise ValidationError(_("缴费期限应晚于通知日期。"))
    request.fee_notified_on, request.fee_deadline = on, deadline
    request.status = Status.FEE
    _refresh_due(request)
    request.save()
    _event(
        request,
        "fee",
        f"发出收费通知：信息处理费 {request.fee_amount} 元，缴费期限 {deadline.isoformat()}",
        on,
        user,
    )
    return request


@transaction.atomic
def record_delivery(*, user, request: DisclosureRequest, on: date, note: str = "") -> DisclosureRequest:
    """The reply letter handed over the way the applicant chose (条例 第二十九条): posted (``note``: the
    tracking number) or picked up in person. Once per request; e-mail delivery is recorded by
    :func:`deliver_letter` and online replies need no delivery."""
    request = FLOW.begin("delivered", request, user=user)
    if request.delivery not in (Delivery.POST, Delivery.PICKUP):
        raise ValidationError(
            _("申请人选择的获取方式是「{value}」，无需登记邮寄或领取。").format(
                value=request.get_delivery_display()
            )
        )
    if request.events.filter(action="delivered").exists():
        raise ValidationError(_("答复书送达已登记。"))
    on = _check_date(on, "送达日期", not_before=request.replied_on)
    note = _text(note, "邮寄单号", required=request.delivery == Delivery.POST, limit=100)
    label = _("答复书已邮寄") if request.delivery == Delivery.POST else _("申请人已当面领取答复书")
    _event(request, "delivered", label, on, user, comment=note)
    return request


@transaction.atomic
def record_fee_paid(*, user, request: DisclosureRequest, on: date) -> DisclosureRequest:
    request = FLOW.begin("fee_paid", request, user=user)
    request.fee_paid_on = _check_date(on, "缴费日期", not_before=request.fee_notified_on)
    request.status = Status.RECEIVED
    _refresh_due(request)
    request.save()
    _event(request, "fee_paid", "已缴纳信息处理费", on, user)
    return request


@transaction.atomic
def close_unpaid(*, user, request: DisclosureRequest, on: date) -> DisclosureRequest:
    """The fee was not paid by the deadline: 其他处理 2."""
    request = FLOW.begin("close_unpaid", request, user=user)
    if on <= request.fee_deadline:
        raise ValidationError(_("缴费期限 {value} 尚未届满。").format(value=request.fee_deadline.isoformat()))
    return _close(
        request,
        user=user,
        on=on,
        outcome=FEE_UNPAID,
        text="申请人逾期未按收费通知要求缴纳费用，本机关不再处理该政府信息公开申请。",
    )


# -- appeals ---------------------------------------------------------------------------------------------
@transaction.atomic
def record_appeal(*, user, request: DisclosureRequest, kind: str, filed_on: date, note: str = "") -> Appeal:
    perms.require(user, perms.CHANGE, AREA, request.unit)
    if kind not in AppealKind.values:
        raise ValidationError(_("请选择复议或诉讼类型。"))
    _check_date(filed_on, "提起日期", not_before=request.received_on)
    appeal = Appeal.objects.create(
        request=request, kind=kind, filed_on=filed_on, note=_text(note, "说明", required=False, limit=300)
    )
    _event(request, "appeal", f"申请人提起{appeal.get_kind_display()}", filed_on, user, public=False)
    return appeal


@transaction.atomic
def decide_appeal(*, user, appeal: Appeal, outcome: str, decided_on: date) -> Appeal:
    perms.require(user, perms.CHANGE, AREA, appeal.request.unit)
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.PENDING:
        raise ValidationError(_("请选择审结结果。"))
    appeal.outcome = outcome
    appeal.decided_on = _check_date(decided_on, "审结日期", not_before=appeal.filed_on)
    appeal.save()
    _event(
        appeal.request,
        "appeal_decided",
        f"{appeal.get_kind_display()}审结：{appeal.get_outcome_display()}",
        decided_on,
        user,
        public=False,
    )
    return appeal


# -- 依申请转主动 ----------------------------------------------------------------------------------------
@transaction.atomic
def release_to_public(*, user, request: DisclosureRequest, title: str, body: str):
    """Turn information released to one applicant into a proactive publication (a draft in publishing's
    workflow: review and publish follow there). The applicant is never named."""
    from publishing import services as publishing_services

    request = _lock(request)
    perms.require(user, perms.CHANGE, AREA, request.unit)
    if request.result not in (Result.PUBLIC, Result.PARTIAL):
        raise ValidationError(_("只有予以公开或部分公开的申请可以转为主动公开。"))
    if request.publication_id:
        raise ValidationError(_("该申请已转为主动公开。"))
    title, body = _text(title, "标题", limit=300), _text(body, "正文")
    _refuse_personal_data(request, f"{title}\n{body}", any_number=False)
    publication = publishing_services.create_publication(
        user=user,
        unit=request.unit,
        title=title,
        body=body,
        formed_on=request.replied_on,
    )
    request.publication_id = publication.pk
    request.public_title, request.public_summary = publication.title[:200], publication.body
    request.save()
    _event(
        request,
        "release",
        "依申请公开转为主动公开（草稿已提交发布流程）",
        timezone.localdate(),
        user,
        public=False,
    )
    return publication


# -- the applicant's files and password ----------------------------------------------------------------
@transaction.atomic
def add_released_document(*, user, request: DisclosureRequest, upload) -> RequestAttachment:
    """A file of the information released to the applicant (予以公开 / 部分公开): checked by its content
    (core/uploads.py), kept private, downloadable by the applicant from the status page once the reply is made."""
    request = _lock(request)
    perms.require(user, perms.CHANGE, AREA, request.unit)
    if request.status == Status.CLOSED and request.result not in RELEASED_RESULTS:
        raise ValidationError(_("只有予以公开或部分公开的申请可以提供政府信息文件。"))
    if request.status == Status.SUBMITTED:
        raise ValidationError(_("请先确认收到申请。"))
    if request.attachments.filter(stage=AttachmentStage.RELEASED).count() >= MAX_RELEASED:
        raise ValidationError(_("提供的政府信息文件最多{n}个。").format(n=MAX_RELEASED))
    content_type = uploads.check_upload(upload, allowed=RELEASED_TYPES, max_bytes=RELEASED_MAX_BYTES)
    document = RequestAttachment.objects.create(
        request=request,
        stage=AttachmentStage.RELEASED,
        file=upload,
        content_type=content_type,
        original_name=upload.name[-255:],
        size=upload.size,
    )
    _event(
        request,
        "release_file",
        _("添加提供的政府信息：{name}").format(name=document.original_name[:100]),
        timezone.localdate(),
        user,
        public=False,
    )
    return document


def _digits(value: str) -> str:
    digits = "".join(c for c in unicodedata.normalize("NFKC", value or "") if c.isdigit())
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def verified_contact(request: DisclosureRequest, contact: str) -> str:
    """How to reach the applicant at ``contact`` if it is the e-mail or the phone they gave (``email`` /
    ``sms``), else ``""``. A phone is only usable where an SMS gateway is configured."""
    typed = unicodedata.normalize("NFKC", contact or "").strip()[:254]
    if not typed or request.anonymised:
        return ""
    if "@" in typed:
        stored = (request.email or "").strip().lower()
        return NotifyBy.EMAIL if stored and constant_time_compare(stored, typed.lower()) else ""
    phone = _digits(typed)
    if len(phone) >= 7 and sms_configured() and constant_time_compare(_digits(request.phone), phone):
        return NotifyBy.SMS
    return ""


def reissue_secret(*, request: DisclosureRequest, contact: str) -> bool:
    """A new password for the request, sent to the contact on record when ``contact`` is it (the applicant
    proves it is theirs by typing it); the old password stops working. False, and nothing written or sent,
    otherwise. The caller answers the same either way and limits how often it is asked."""
    via = verified_contact(request, contact)
    if not via:
        return False
    with transaction.atomic():
        request = _lock(request)
        secret = new_secret()
        request.secret_hash = hash_secret(secret)
        request.save(update_fields=["secret_hash", "updated_at"])
        event = _event(
            request,
            "password",
            _("重新发送查询密码"),
            timezone.localdate(),
            public=False,
            comment=_("发送到申请人登记的{via}").format(via=NotifyBy(via).label),
        )
        send_password(request, via=via, secret=show_secret(secret), event=event)
    return True


def log_applicant_access(*, request: DisclosureRequest, where: str) -> None:
    """Record that the applicant (matched by code and password, no account) fetched a file of the request."""
    AccessLog.objects.create(request=request, user=None, where=where[:50])


# -- privacy ---------------------------------------------------------------------------------------------
def log_access(*, user, request: DisclosureRequest, where: str) -> None:
    """Record that ``user`` saw ``request``'s personal data (the admin, the API, a letter download)."""
    perms.require(user, perms.VIEW, AREA, request.unit)
    AccessLog.objects.create(request=request, user=user, where=where[:50])


def log_list_access(*, user, requests: list[DisclosureRequest], where: str) -> None:
    """Record that ``user`` saw the personal data of every request on one list page (one row each)."""
    for unit in {r.unit_id: r.unit for r in requests}.values():
        perms.require(user, perms.VIEW, AREA, unit)
    AccessLog.objects.bulk_create([AccessLog(request=r, user=user, where=where[:50]) for r in requests])


# -- annual reports --------------------------------------------------------------------------------------
REPORT_TEXTS = (
    "overview",
    "problems",
    "other_matters",
    "licences",
    "penalties",
    "enforcement",
    "fees_wan_yuan",
    "template",
)


def _report_permission(user, unit: Unit, district: bool) -> None:
    if district and not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以编写全区年度报告。"))
    perms.require(user, perms.CHANGE, AREA, unit)


def check_report_editable(*, user, unit: Unit, year: int, district: bool = False) -> None:
    """Why :func:`save_report` would refuse, before anything is written (the admin form shows it): the right to
    write this report, the year's range, and not after publication."""
    from .models import AnnualReport

    _report_permission(user, unit, district)
    if not 2008 <= int(year) <= timezone.localdate().year:
        raise ValidationError(_("年度超出范围。"))
    if AnnualReport.objects.filter(
        unit=unit, year=year, district=district, published_at__isnull=False
    ).exists():
        raise ValidationError(_("年度报告已发布，不能修改。"))


@transaction.atomic
def save_report(*, user, unit: Unit, year: int, district: bool = False, **changes):
    """The office writes sections 一, 五, 六 and the table 二 figures kept elsewhere; not after publication."""
    from .models import AnnualReport

    unknown = set(changes) - set(REPORT_TEXTS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    check_report_editable(user=user, unit=unit, year=year, district=district)
    report, _created = AnnualReport.objects.select_for_update().get_or_create(
        unit=unit, year=year, district=district
    )
    if report.published_at:
        raise ValidationError(_("年度报告已发布，不能修改。"))
    for name, value in changes.items():
        if isinstance(value, str):
            value = _text(value, name, required=False, limit=20000)
        setattr(report, name, value)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def publish_report(*, user, unit: Unit, year: int, district: bool = False):
    """Publish the report on the portal: refused unless table 三 balances; the figures are frozen."""
    from dataclasses import asdict

    from . import report as report_module
    from .models import AnnualReport

    _report_permission(user, unit, district)
    report, _created = AnnualReport.objects.select_for_update().get_or_create(
        unit=unit, year=year, district=district
    )
    if report.published_at:
        raise ValidationError(_("年度报告已发布。"))
    data = report_module.build(unit=unit, year=year, district=district)
    try:
        report_module.require_balanced(data)
    except report_module.ReportImbalance as exc:
        raise ValidationError(str(exc)) from exc
    data.published = True
    report.figures = asdict(data)
    report.published_at = timezone.now()
    report.save()
    return report


# -- the reply letter's 文号 (per unit and year, without gaps) ------------------------------------------------
def _letter_series(unit: Unit) -> LetterSeries:
    """The unit's 文号 series: the one the office set, else the default pattern, kept from the first letter."""
    found = LetterSeries.objects.filter(unit=unit).first()
    if found is not None:
        return found
    taken = set(LetterSeries.objects.values_list("pattern", flat=True))
    pattern = letters.default_pattern(unit, taken)
    try:
        with transaction.atomic():
            return LetterSeries.objects.create(unit=unit, pattern=pattern)
    except IntegrityError:  # a concurrent first letter of this unit, or another unit took the pattern
        found = LetterSeries.objects.filter(unit=unit).first()
        if found is not None:
            return found
        return LetterSeries.objects.create(
            unit=unit, pattern=letters.default_pattern(unit, {*taken, pattern})
        )


def _issue_letter_number(request: DisclosureRequest) -> None:
    """Give the letter being issued its 文号: the next number of its unit's year. The year's counter row stays
    locked (select_for_update) until the caller's transaction ends, so two letters never share a number, and
    a reply that rolls back takes its number with it: a year's numbers run 1, 2, 3 … without gaps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a letter number is given inside the transaction that issues the letter")
    if request.replied_on is None:
        raise ValueError(_("答复日期未填写，不能编文号。"))
    year = request.replied_on.year
    series = _letter_series(request.unit)
    LetterCounter.objects.get_or_create(unit=request.unit, year=year)
    counter = LetterCounter.objects.select_for_update().get(unit=request.unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    request.letter_year, request.letter_seq = year, counter.last
    request.letter_number = letters.format_number(series.pattern, year, counter.last)


@transaction.atomic
def set_letter_pattern(*, user, unit: Unit, pattern: str) -> LetterSeries:
    """The district office sets a unit's 文号 pattern (checked by :func:`foi.letters.validate_pattern`, and
    not another unit's); letters already issued keep their numbers, the year's count goes on."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以设置答复书文号。"))
    pattern = letters.validate_pattern(pattern)
    if LetterSeries.objects.filter(pattern=pattern).exclude(unit=unit).exists():
        raise ValidationError(_("文号格式“{value}”已由其他单位使用。").format(value=pattern))
    series = LetterSeries.objects.select_for_update().filter(unit=unit).first() or LetterSeries(unit=unit)
    series.pattern = pattern
    series._change_reason = _("设置答复书文号格式")  # type: ignore[attr-defined]  # django-simple-history
    series.save()
    return series


# -- replies released to the public (条例 第四十四条), for the portal search (foi.search_source) --------------
#: Sent on commit with ``keys=[request ids]`` when a reply's public version changes (foi.search_source).
public_replies_changed = Signal()


def announce_public_replies(ids: list[int]) -> None:
    """After the commit, tell the search (foi.search_source.changed) that these replies' public versions changed."""
    keys = [str(pk) for pk in ids]
    transaction.on_commit(lambda: public_replies_changed.send(sender=DisclosureRequest, keys=keys))


def _refuse_personal_data(request: DisclosureRequest, text: str, *, any_number: bool = True) -> None:
    """The public version names no one: none of the applicant's name, contact person, ID number, phone,
    e-mail or address, and (``any_number``) no ID number, phone number or e-mail address at all."""
    own = [request.applicant_name, request.contact_person, request.id_number, request.phone]
    own += [request.email, request.address]
    found = [value for value in own if value and len(value.strip()) >= 2 and value.strip() in text]
    if found or (any_number and perms.redact_text(text) != text):
        raise ValidationError(_("公开的标题和摘要不能含有申请人的姓名、证件号码、电话、邮箱或地址。"))


@transaction.atomic
def release_reply(*, user, request: DisclosureRequest, title: str, summary: str) -> DisclosureRequest:
    """A reply other people may need too is published on the portal and found by its search: the title and a
    summary written for the public, refused if they carry the applicant's personal data."""
    request = _lock(request)
    perms.require(user, perms.CHANGE, AREA, request.unit)
    _expect(request, Status.CLOSED, what="向社会公开答复")
    if request.result not in (Result.PUBLIC, Result.PARTIAL):
        raise ValidationError(_("只有予以公开或部分公开的答复可以向社会公开。"))
    title, summary = _text(title, "公开标题", limit=200), _text(summary, "公开摘要")
    _refuse_personal_data(request, f"{title}\n{summary}")
    request.general_interest, request.public_title, request.public_summary = True, title, summary
    request.released_on = request.released_on or timezone.localdate()
    request.save()
    _event(request, "released", "答复具有普遍性，已向社会公开", timezone.localdate(), user, public=False)
    announce_public_replies([request.pk])
    return request


@transaction.atomic
def withdraw_reply_release(*, user, request: DisclosureRequest, reason: str) -> DisclosureRequest:
    """Take a released reply off the portal (and out of the search); the request and its history stay."""
    request = _lock(request)
    perms.require(user, perms.CHANGE, AREA, request.unit)
    if not request.general_interest:
        raise ValidationError(_("该答复未向社会公开。"))
    reason = _text(reason, "撤回理由", limit=300)
    request.general_interest = False
    request.save()
    _event(
        request,
        "release_withdrawn",
        "答复撤回，不再向社会公开",
        timezone.localdate(),
        user,
        public=False,
        comment=reason,
    )
    announce_public_replies([request.pk])
    return request
