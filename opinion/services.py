"""The writes of the 舆情 ledger: record an entry (office), add evidence, record a response, hand over, close
(the unit's officers and the office), and the clock check the beat runs. Each asks organizations.permissions,
locks the entry, changes it, and appends an :class:`~opinion.models.EntryEvent`; nothing is deleted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core import uploads
from organizations import permissions as perms
from organizations.models import Role, Unit
from organizations.sectors import sector_names, sectors_in
from organizations.selectors import people_of

from . import clocks
from .models import (
    AREA,
    ClockAlert,
    Entry,
    EntryEvent,
    Evidence,
    HandedTo,
    Kind,
    Level,
    Response,
    ResponseKind,
    Source,
    State,
)
from .selectors import met_at

EVIDENCE_TYPES = (uploads.PNG, uploads.JPEG, uploads.PDF)
#: A clock on a computer ahead of the server's by a little is no future time.
FUTURE_SLACK = timedelta(minutes=2)
#: How far back the clock check looks (a 48-hour clock is long over after a week; a beat down longer is lost).
CHECK_WINDOW = timedelta(days=7)


def _when(moment: datetime, *, after: datetime | None = None, what: str) -> datetime:
    """A time an officer typed: aware, to the minute, not in the future, not before ``after``."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, clocks.BEIJING)
    moment = clocks.minute(moment)
    if moment > timezone.now() + FUTURE_SLACK:
        raise ValidationError(_("%(what)s不能晚于当前时间。") % {"what": what})
    if after is not None and moment < clocks.minute(after):
        raise ValidationError(_("%(what)s不能早于发现时间。") % {"what": what})
    return moment


def _text(value: str, limit: int, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s。") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过 %(n)d 字。") % {"what": what, "n": limit})
    return value


def _choice(value: str, choices: Any, what: str) -> str:
    if value not in choices.values:
        raise ValidationError(_("%(what)s无效。") % {"what": what})
    return value


def _log(entry: Entry, user: Any, action: str, note: str = "") -> None:
    EntryEvent.objects.create(entry=entry, user=user, action=action, note=note[:500])


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("unit").get(pk=entry.pk)


@transaction.atomic
def record_entry(
    *,
    user: Any,
    found_at: datetime,
    source: str,
    summary: str,
    unit: Unit,
    kind: str,
    level: str,
    emergency: bool = False,
    link: str = "",
    evidence: File[bytes] | None = None,
) -> Entry:
    """Enter a 舆情 the office found (to the minute, not in the future), for the unit it chose; the sectors the
    summary names are kept as the proposal from the responsibility vocabulary (organizations/sectors.py)."""
    perms.require(user, perms.ADD, AREA, unit)
    summary = _text(summary, 2000, _("舆情摘要"))
    entry = Entry.objects.create(
        found_at=_when(found_at, what=_("发现时间")),
        source=_choice(source, Source, _("来源")),
        link=_text(link, 500, _("原文链接"), required=False),
        summary=summary,
        unit=unit,
        sector=sector_names(sectors_in(strip_tags(summary)))[:40],
        kind=_choice(kind, Kind, _("舆情类别")),
        level=_choice(level, Level, _("级别")),
        emergency=bool(emergency),
        created_by=user,
    )
    due = "；".join(f"{d.label} {clocks.beijing(d.due)}" for d in entry.deadlines())
    _log(entry, user, "record", _("登记舆情，时限：%(due)s") % {"due": due})
    if evidence is not None:
        _store_evidence(entry, user, evidence)
    return entry


def _store_evidence(entry: Entry, user: Any, upload: File[bytes]) -> Evidence:
    content_type = uploads.check_upload(upload, allowed=EVIDENCE_TYPES)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    evidence = Evidence(
        entry=entry,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    evidence.file.save(name or "evidence", upload, save=False)
    evidence.save()
    _log(
        entry,
        user,
        "evidence",
        _("上传证据 %(name)s（SHA-256 %(hash)s）") % {"name": name, "hash": evidence.sha256},
    )
    return evidence


@transaction.atomic
def add_evidence(*, user: Any, entry: Entry, upload: File[bytes]) -> Evidence:
    """Keep a screenshot or file (PNG, JPEG or PDF by its content) as evidence, with its SHA-256."""
    perms.require(user, perms.CHANGE, AREA, entry.unit)
    entry = _locked(entry)
    return _store_evidence(entry, user, upload)


@transaction.atomic
def record_response(
    *, user: Any, entry: Entry, kind: str, responded_at: datetime, link: str = "", note: str = ""
) -> Response:
    """Record a response (when, how, where): the clocks it meets stop at its time; the entry is 已回应（持续发布）
    and takes further responses until it is closed."""
    perms.require(user, perms.CHANGE, AREA, entry.unit)
    entry = _locked(entry)
    if entry.state == State.CLOSED:
        raise ValidationError(_("该舆情已办结，不能再登记回应。"))
    response = Response.objects.create(
        entry=entry,
        kind=_choice(kind, ResponseKind, _("回应方式")),
        responded_at=_when(responded_at, after=entry.found_at, what=_("回应时间")),
        link=_text(link, 500, _("回应链接"), required=False),
        note=_text(note, 500, _("说明"), required=False),
        recorded_by=user,
    )
    if entry.state == State.MONITORING:
        entry.state = State.RESPONDED
        entry.save(update_fields=["state"])
    _log(
        entry,
        user,
        "respond",
        _("%(kind)s，时间 %(at)s")
        % {"kind": response.get_kind_display(), "at": clocks.beijing(response.responded_at)},
    )
    return response


@transaction.atomic
def hand_over(*, user: Any, entry: Entry, to: str, party: str, handed_at: datetime) -> Entry:
    """Hand the 舆情 to 公安 or 网信 (with whom, when): a clock still running then stops and is not overdue."""
    perms.require(user, perms.CHANGE, AREA, entry.unit)
    entry = _locked(entry)
    if entry.state not in (State.MONITORING, State.RESPONDED):
        raise ValidationError(_("只有监测中或已回应的舆情可以移交。"))
    entry.handed_to = _choice(to, HandedTo, _("移交对象"))
    entry.handover_party = _text(party, 200, _("接收方"))
    entry.handed_at = _when(handed_at, after=entry.found_at, what=_("移交时间"))
    entry.state = State.HANDED_OVER
    entry.save(update_fields=["handed_to", "handover_party", "handed_at", "state"])
    _log(
        entry,
        user,
        "hand_over",
        _("移交%(to)s（%(party)s），时间 %(at)s")
        % {
            "to": entry.get_handed_to_display(),
            "party": entry.handover_party,
            "at": clocks.beijing(entry.handed_at),
        },
    )
    return entry


@transaction.atomic
def close(*, user: Any, entry: Entry, note: str = "") -> Entry:
    """Close a 舆情 that was answered or handed over (已办结); an unmet clock stays as it stands."""
    perms.require(user, perms.CHANGE, AREA, entry.unit)
    entry = _locked(entry)
    if entry.state not in (State.RESPONDED, State.HANDED_OVER):
        raise ValidationError(_("只有已回应或已移交的舆情可以办结。"))
    entry.state = State.CLOSED
    entry.closed_at = timezone.now()
    entry.save(update_fields=["state", "closed_at"])
    _log(entry, user, "close", _text(note, 500, _("办结说明"), required=False))
    return entry


# -- the clock check (beat, every 10 minutes) ------------------------------------------------------------------
def _recipients(entry: Entry, step: str) -> list[int]:
    officers = [m.user_id for m in people_of([entry.unit], Role.OFFICER)]
    if step != clocks.ESCALATE:
        return officers
    office = [m.user_id for m in people_of(Unit.objects.all(), Role.OFFICE)]
    return list(dict.fromkeys(office + officers))


def _alert_text(entry: Entry, deadline: clocks.Deadline, step: str, now: datetime) -> str:
    head = entry.summary[:40]
    if step == clocks.ESCALATE:
        return _("舆情超时上报：%(unit)s「%(head)s」%(kind)s时限 %(due)s 已过（%(late)s）") % {
            "unit": entry.unit.name,
            "head": head,
            "kind": deadline.label,
            "due": clocks.beijing(deadline.due),
            "late": clocks.remaining_words(deadline, now),
        }
    return _("舆情回应提醒：「%(head)s」%(kind)s须在 %(due)s 前完成（%(left)s）") % {
        "head": head,
        "kind": deadline.label,
        "due": clocks.beijing(deadline.due),
        "left": clocks.remaining_words(deadline, now),
    }


def _send(entry: Entry, deadline: clocks.Deadline, steps: list[str], now: datetime) -> int:
    """Record each of ``steps`` once; only the latest is sent (a missed run does not send stale warnings)."""
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    sent = 0
    for step in steps:
        latest = step == steps[-1]
        recipients = _recipients(entry, step) if latest else []
        try:
            with transaction.atomic():
                ClockAlert.objects.create(
                    entry=entry, clock=deadline.kind, step=step, notified=len(recipients)
                )
                if recipients:
                    url = reverse("opinion:entry", args=[entry.pk]) + f"?clock={deadline.kind}&alert={step}"
                    notify_staff(
                        kind=NoticeKind.OPINION_LATE if step == clocks.ESCALATE else NoticeKind.OPINION_WARN,
                        user_ids=recipients,
                        text=_alert_text(entry, deadline, step, now)[:300],
                        url=url,
                    )
                    sent += 1
        except IntegrityError:
            continue  # another run got there first: sent once
    return sent


def check_clocks(now: datetime | None = None) -> int:
    """Warn before each deadline and escalate when one passes, each once per entry, clock and step (keyed by
    :class:`~opinion.models.ClockAlert`); safe to run again. Returns how many alerts went out."""
    now = now or timezone.now()
    entries = (
        Entry.objects.open()
        .filter(found_at__gte=now - CHECK_WINDOW, found_at__lte=now)
        .select_related("unit")
        .prefetch_related("responses")
    )
    done = set(ClockAlert.objects.filter(entry__in=entries).values_list("entry_id", "clock", "step"))
    sent = 0
    for entry in entries:
        for deadline in entry.deadlines():
            state = clocks.outcome(
                deadline, met_at=met_at(entry, deadline.kind), handed_at=entry.handed_at, now=now
            )
            steps = [
                s for s in clocks.alerts_due(deadline, state, now) if (entry.pk, deadline.kind, s) not in done
            ]
            if steps:
                sent += _send(entry, deadline, steps, now)
    return sent
