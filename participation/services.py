"""Writes on ratings and supervisors' reports: keyword-only, validated, permission-checked."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.ratelimit import limited
from organizations import permissions as perms
from organizations.models import Unit

from .models import COMMENT_MAX, Rating, RatingTarget, RatingValue, ReportStatus, SupervisorReport

AREA = "participation"


class RateLimited(Exception):
    """Too many ratings from this visitor on this target in the window."""


def hash_ip(ip: str) -> str:
    """A keyed hash of the visitor's IP: enough to rate-limit and spot floods, never the address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def _take_slot(ip_hash: str, kind: str, code: str) -> None:
    """One rating slot per visitor and target (``settings.RATE_LIMITS["rating"]``), or RateLimited."""
    if limited(f"{ip_hash}:{kind}:{code}", "rating"):
        raise RateLimited


def rate(
    *, target_kind: str, target_code: str, target_label: str = "", value: str, comment: str = "", ip: str
) -> Rating:
    """Record one 好评/差评 (no login). Raises ValidationError on bad input, RateLimited past the limit."""
    if target_kind not in RatingTarget.values:
        raise ValidationError("评价对象无效。")
    if value not in RatingValue.values:
        raise ValidationError("请选择好评或差评。")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(f"意见建议不超过{COMMENT_MAX}字。")
    ip_hash = hash_ip(ip)
    _take_slot(ip_hash, target_kind, target_code)
    return Rating.objects.create(
        target_kind=target_kind,
        target_code=target_code[:80],
        target_label=target_label[:300],
        value=value,
        comment=comment,
        ip_hash=ip_hash,
    )


@transaction.atomic
def file_report(*, user, unit: Unit, subject: str, body: str, page_url: str = "") -> SupervisorReport:
    """A supervisor files a report about a unit (participation:add)."""
    perms.require(user, perms.ADD, AREA, unit)
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError("请填写标题和反映内容。")
    return SupervisorReport.objects.create(
        unit=unit, author=user, subject=subject[:120], body=body[:3000], page_url=page_url[:300]
    )


@transaction.atomic
def answer_report(*, user, report: SupervisorReport, answer: str, close: bool = False) -> SupervisorReport:
    """The district office answers (participation:change on the report's unit); history keeps each answer."""
    report = SupervisorReport.objects.select_for_update().get(pk=report.pk)
    perms.require(user, perms.CHANGE, AREA, report.unit)
    if not answer.strip():
        raise ValidationError("请填写答复内容。")
    report.answer = answer.strip()
    report.answered_by = user
    report.answered_at = timezone.now()
    report.status = ReportStatus.CLOSED if close else ReportStatus.ANSWERED
    report._change_reason = "答复"
    report.save()
    return report
