"""Writes on ratings and supervisors' reports: keyword-only, validated, permission-checked."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.once import once
from core.ratelimit import limited
from organizations import permissions as perms
from organizations.models import Unit

from . import selectors
from .models import (
    COMMENT_MAX,
    BadReason,
    Correction,
    CorrectionKind,
    CorrectionStatus,
    FollowUp,
    Rating,
    RatingTarget,
    RatingValue,
    ReportStatus,
    SupervisorReport,
)

AREA = "participation"


class RateLimited(Exception):
    """Too many ratings from this visitor on this target in the window."""


def hash_ip(ip: str) -> str:
    """A keyed hash of the visitor's IP: enough to rate-limit and spot floods, never the address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def _take_slot(ip_hash: str, kind: str, code: str) -> None:
    """One rating slot per visitor and target (``settings.RATE_LIMITS["rating"]``) and a cap per visitor
    over all targets (``"rating_any"``), or RateLimited."""
    if limited(f"{ip_hash}:{kind}:{code}", "rating") or limited(ip_hash, "rating_any"):
        raise RateLimited


#: Identical error reports from one visitor within this many seconds are one (a double submit).
ONCE_SECONDS = 600
#: Identical ratings from one address within this many seconds are one: short, as neighbours behind one
#: address may rate the same thing alike (a second rating by the same browser is AlreadyRated anyway).
RATING_ONCE_SECONDS = 60


def _first(model, pk: str):
    """The record the first of identical submissions made (core.once)."""
    first = model.objects.filter(pk=pk or None).first()
    if first is None:
        raise ValidationError(_("您的提交正在处理，请勿重复提交。"))
    return first


class AlreadyRated(Exception):
    """This browser (or signed-in user) already rated this target today."""


def _validate(target_kind: str, value: str, comment: str, reason: str, contact: str) -> None:
    if target_kind not in RatingTarget.values:
        raise ValidationError(_("评价对象无效。"))
    if value not in RatingValue.values:
        raise ValidationError(_("请选择好评或差评。"))
    if len(comment) > COMMENT_MAX:
        raise ValidationError(_("意见建议不超过%(n)d字。") % {"n": COMMENT_MAX})
    if value == RatingValue.BAD and reason not in BadReason.values:
        raise ValidationError(_("请选择差评的原因。"))
    if len(contact) > 100:
        raise ValidationError(_("联系方式不超过100字。"))


def rate(
    *,
    target_kind: str,
    target_code: str,
    value: str,
    comment: str = "",
    ip: str,
    browser: str = "",
    user=None,
    reason: str = "",
    contact: str = "",
    target_label: str = "",
) -> Rating:
    """Record one 好评/差评 on a public target (no login needed). The label is read from the target itself,
    never from the form. Raises ValidationError on bad input or an unknown target, AlreadyRated for a second
    rating of the same target by the same browser or user on the same day, RateLimited past the limit."""
    comment, reason, contact = (comment or "").strip(), (reason or "").strip(), (contact or "").strip()
    _validate(target_kind, value, comment, reason, contact)
    label = selectors.public_target_label(target_kind, target_code)
    if label is None:
        raise ValidationError(_("评价对象不存在或未公开。"))
    user = user if user is not None and user.is_authenticated else None
    day = timezone.localdate()
    browser_hash = hash_ip(f"browser:{browser}") if browser else ""
    same = Rating.objects.filter(target_kind=target_kind, target_code=target_code, day=day)
    if (browser_hash and same.filter(browser_hash=browser_hash).exists()) or (
        user is not None and same.filter(user=user).exists()
    ):
        raise AlreadyRated
    ip_hash = hash_ip(ip)
    # the same rating from the same address (and account) within the window is the first one: two POSTs at
    # once without the browser cookie make one rating
    result = once(
        "participation.rating",
        [ip_hash, user.pk if user else "", target_kind, target_code, value, comment, reason, contact],
        window=RATING_ONCE_SECONDS,
        action=lambda: _record_rating(
            ip_hash=ip_hash,
            browser_hash=browser_hash,
            user=user,
            day=day,
            target_kind=target_kind,
            target_code=target_code,
            label=label,
            value=value,
            comment=comment,
            reason=reason,
            contact=contact,
        ),
    )
    return result.made if not result.repeated else _first(Rating, result.first)


def _record_rating(
    *, ip_hash, browser_hash, user, day, target_kind, target_code, label, value, comment, reason, contact
) -> Rating:
    _take_slot(ip_hash, target_kind, target_code)
    bad = value == RatingValue.BAD
    try:
        with transaction.atomic():
            return Rating.objects.create(
                target_kind=target_kind,
                target_code=target_code[:80],
                target_label=label[:300],
                value=value,
                comment=comment,
                ip_hash=ip_hash,
                browser_hash=browser_hash,
                user=user,
                day=day,
                reason=reason if bad else "",
                contact=contact if bad else "",
                follow_up=FollowUp.OPEN if bad and (comment or contact) else "",
            )
    except IntegrityError as exc:  # the same browser, twice at once
        raise AlreadyRated from exc


@transaction.atomic
def answer_rating(*, user, rating: Rating, answer: str, close: bool = False) -> Rating:
    """The office answers a 差评 (整改): participation:change; the history keeps every answer."""
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    perms.require(user, perms.CHANGE, AREA)
    if rating.value != RatingValue.BAD:
        raise ValidationError(_("只有差评需要整改答复。"))
    if not (answer or "").strip():
        raise ValidationError(_("请填写整改答复。"))
    rating.answer = answer.strip()
    rating.answered_by = user
    rating.answered_at = timezone.now()
    rating.follow_up = FollowUp.CLOSED if close else FollowUp.ANSWERED
    rating._change_reason = "整改答复"
    rating.save()
    return rating


def file_correction(*, page_url: str, kind: str, description: str, contact: str = "", ip: str) -> Correction:
    """Anyone reports a mistake on the site (网站纠错); returns the report with its tracking code."""
    description = (description or "").strip()
    if kind not in CorrectionKind.values:
        raise ValidationError(_("请选择问题类型。"))
    if not description:
        raise ValidationError(_("请描述发现的问题。"))
    if len(description) > 1000:
        raise ValidationError(_("问题描述不超过1000字。"))
    ip_hash = hash_ip(ip)
    page_url, contact = (page_url or "")[:300], (contact or "").strip()[:100]

    def file() -> Correction:
        if limited(ip_hash, "correction", 10, 3600):
            raise RateLimited
        return Correction.objects.create(
            page_url=page_url, kind=kind, description=description, contact=contact, ip_hash=ip_hash
        )

    # the same report from the same visitor within the window (two POSTs at once) is the first one
    result = once(
        "participation.correction",
        [ip_hash, page_url, kind, description, contact],
        window=ONCE_SECONDS,
        action=file,
    )
    return result.made if not result.repeated else _first(Correction, result.first)


@transaction.atomic
def answer_correction(*, user, correction: Correction, answer: str) -> Correction:
    """The office answers a 网站纠错 report (participation:change)."""
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    perms.require(user, perms.CHANGE, AREA)
    if not (answer or "").strip():
        raise ValidationError(_("请填写答复内容。"))
    correction.answer = answer.strip()
    correction.answered_by = user
    correction.answered_at = timezone.now()
    correction.status = CorrectionStatus.ANSWERED
    correction._change_reason = "答复"
    correction.save()
    return correction


@transaction.atomic
def file_report(*, user, unit: Unit, subject: str, body: str, page_url: str = "") -> SupervisorReport:
    """A supervisor files a report about a unit (participation:add)."""
    perms.require(user, perms.ADD, AREA, unit)
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("请填写标题和反映内容。"))
    return SupervisorReport.objects.create(
        unit=unit, author=user, subject=subject[:120], body=body[:3000], page_url=page_url[:300]
    )


@transaction.atomic
def answer_report(*, user, report: SupervisorReport, answer: str, close: bool = False) -> SupervisorReport:
    """The district office answers (participation:change on the report's unit); history keeps each answer."""
    report = SupervisorReport.objects.select_for_update().get(pk=report.pk)
    perms.require(user, perms.CHANGE, AREA, report.unit)
    if not answer.strip():
        raise ValidationError(_("请填写答复内容。"))
    report.answer = answer.strip()
    report.answered_by = user
    report.answered_at = timezone.now()
    report.status = ReportStatus.CLOSED if close else ReportStatus.ANSWERED
    report._change_reason = "答复"
    report.save()
    return report
