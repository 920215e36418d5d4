"""Notices to staff: the bell (in-app, with a count) and e-mail, when something waits for someone.

A workflow step (``services.publication_changed``, sent after the commit) becomes one ``Notice`` per person
it concerns: submitted → the reviewers of the unit (待我审核); returned → the drafter and the submitter;
approved / published → the drafter. E-mail never goes out inside a request: mails are queued in core's outbox
(:func:`core.mail.queue_mail`) and delivered by a Celery task after the commit — instant ones with the
notice, digests once a day (:func:`publishing.tasks.email_notice_digests`) — each person as chosen in
``NoticePreference``.

SMS (短信), where a gateway is configured (``SMS_BACKEND``): a person who gives a mobile number may choose
the kinds that ask for action (待我审核, 被退回修改, 即将到期或已逾期, 依申请公开待办) by SMS. SMS are digests: at most one per
person per window (``NOTICE_SMS_WINDOW_MINUTES``, 60 by default) with the count of what waits; events
arriving inside the window wait for the next SMS (:func:`text_notices`, run after each notice and by the
sweep every five minutes). They go through the SMS outbox (:func:`publishing.sms.queue_sms`) and are
delivered after the commit, at least once. A notice already read in the bell is not texted.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import queue_mail
from organizations.models import Membership, Role

from . import sms
from .models import EmailMode, Notice, NoticeKind, NoticePreference, OutgoingSMS, Publication
from .services import publication_changed

User = get_user_model()
log = logging.getLogger(__name__)

#: The kinds that ask someone to act.
TO_ACT = (
    NoticeKind.REVIEW,
    NoticeKind.RETURNED,
    NoticeKind.DUE,
    NoticeKind.FOI,
    NoticeKind.MESSAGE,
    NoticeKind.MESSAGE_LATE,
    NoticeKind.OPINION_WARN,
    NoticeKind.OPINION_LATE,
    NoticeKind.CONSULT_END,
)
#: What a person gets by e-mail before choosing: everything waiting for them, in one daily digest.
DEFAULT_EMAIL_KINDS = TO_ACT
#: What a person may choose by SMS: only what asks them to act (approved / published are news).
SMS_KINDS = TO_ACT
#: A notice older than this is not texted any more (it is in the bell and the mail).
SMS_MAX_AGE = timedelta(days=1)


def reviewers_of(unit) -> list[int]:
    """Active reviewers of ``unit`` or of a unit above it (their review power covers it)."""
    ancestors = unit.get_ancestors(include_self=True)
    return sorted(
        set(
            Membership.objects.filter(
                unit__in=ancestors, role=Role.REVIEWER, user__is_active=True, unit__is_active=True
            ).values_list("user_id", flat=True)
        )
    )


def _authors(publication: Publication) -> list[int]:
    ids = {publication.created_by_id} | set(
        publication.events.filter(action="submit").values_list("actor_id", flat=True)
    )
    return sorted(i for i in ids if i)


def _recipients_and_text(publication: Publication, action: str, comment: str):
    title = publication.title
    if action == "submit":
        return NoticeKind.REVIEW, reviewers_of(publication.unit), _("待审核：%(t)s") % {"t": title}
    if action == "reject":
        text = _("被退回修改：%(t)s（意见：%(c)s）") % {"t": title, "c": comment}
        return NoticeKind.RETURNED, _authors(publication), text
    if action == "approve":
        return NoticeKind.APPROVED, _authors(publication), _("审核通过：%(t)s") % {"t": title}
    if action in ("publish", "schedule"):
        text = (
            _("已发布：%(t)s") % {"t": title}
            if action == "publish"
            else _("已定时发布：%(t)s（%(c)s）") % {"t": title, "c": comment}
        )
        return NoticeKind.PUBLISHED, _authors(publication), text
    return None, [], ""


def notify(*, kind: str, user_ids, text: str, url: str = "", publication=None, exclude=()) -> list[Notice]:
    """Write one notice per person (never to the person who caused it); for those who chose instant e-mail
    of this kind, queue the mail in core's outbox — delivered by a Celery task after the commit, never inside
    the request. Other apps' events (reminders) may call this too."""
    notices = [
        Notice(recipient_id=uid, kind=kind, text=text[:300], url=url, publication=publication)
        for uid in dict.fromkeys(user_ids)
        if uid not in exclude
    ]
    if not notices:
        return []
    with transaction.atomic():
        Notice.objects.bulk_create(notices)
        prefs = preferences_of([n.recipient_id for n in notices])
        users = {u.pk: u for u in User.objects.filter(pk__in=[n.recipient_id for n in notices])}
        mailed = []
        for notice in notices:
            kinds, mode = prefs[notice.recipient_id]
            user = users[notice.recipient_id]
            if mode == EmailMode.INSTANT and kind in kinds and user.email:
                _mail(f"notice:{notice.pk}", user, notice.text, [notice.text])
                mailed.append(notice.pk)
        if mailed:
            Notice.objects.filter(pk__in=mailed).update(emailed_at=timezone.now())
        texted = sms_recipients([n.recipient_id for n in notices], kind)
        if texted:
            transaction.on_commit(lambda: _text_soon(texted))
    return notices


@receiver(publication_changed)
def notice_on_step(sender, publication, action, user_id=None, comment="", **kwargs):
    kind, user_ids, text = _recipients_and_text(publication, action, comment)
    if kind is None:
        return
    url = reverse("publishing:review") if kind == NoticeKind.REVIEW else reverse("publishing:desk")
    notify(kind=kind, user_ids=user_ids, text=text, url=url, publication=publication, exclude={user_id})


def due_notices(today=None) -> int:
    """One notice a day per person with reminders made today (即将到期 / 已逾期): "N 项公开义务…" with a link
    to the desk — a digest, never one bell entry per duty. Idempotent for the day. Returns how many."""
    from .models import Reminder

    today = today or timezone.localdate()
    counts = defaultdict(int)
    for recipient_id in Reminder.objects.filter(created_at__date=today).values_list(
        "recipient_id", flat=True
    ):
        counts[recipient_id] += 1
    # today's digest is the "due" notice pointing at the desk: another app's notice of the day (a 舆情 warning,
    # a pilot task's reminder) does not count as it
    already = set(
        Notice.objects.filter(
            kind=NoticeKind.DUE,
            url=reverse("publishing:desk"),
            created_at__date=today,
            recipient_id__in=list(counts),
        ).values_list("recipient_id", flat=True)
    )
    made = 0
    for user_id, n in counts.items():
        if user_id not in already:
            text = _("您有 %(n)s 项公开义务即将到期或已逾期，请到工作台处理。") % {"n": n}
            made += len(
                notify(kind=NoticeKind.DUE, user_ids=[user_id], text=text, url=reverse("publishing:desk"))
            )
    return made


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_of(user_ids) -> dict[int, tuple[list[str], str]]:
    """Each person's (e-mail kinds, mode); the default for those who never chose. One query."""
    found = {
        p.user_id: (list(p.email_kinds), p.email_mode)
        for p in NoticePreference.objects.filter(user_id__in=list(user_ids))
    }
    return {uid: found.get(uid, (list(DEFAULT_EMAIL_KINDS), EmailMode.DIGEST)) for uid in user_ids}


def _mail(key: str, user, subject: str, lines: list[str]) -> None:
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")
    body = "\n".join(lines + ["", _("进入工作台：%(url)s") % {"url": base + reverse("publishing:desk")}])
    queue_mail(key=key, to=user.email, subject=subject, body=body)


def email_digests(today=None) -> int:
    """One mail per person with everything unread and not yet mailed of the kinds they chose (digest mode);
    queued in core's outbox, once per person and day. Returns how many mails were queued."""
    today = today or timezone.localdate()
    pending = defaultdict(list)
    for notice in Notice.objects.filter(read_at__isnull=True, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        pending[notice.recipient].append(notice)
    prefs = preferences_of([u.pk for u in pending])
    queued = 0
    for user, notices in pending.items():
        kinds, mode = prefs[user.pk]
        chosen = [n for n in notices if n.kind in kinds]
        with transaction.atomic():
            if mode == EmailMode.DIGEST and chosen and user.email:
                subject = _("政务公开工作提醒（%(n)s 条）") % {"n": len(chosen)}
                _mail(
                    f"notice-digest:{user.pk}:{today.isoformat()}",
                    user,
                    subject,
                    [f"· {n.text}" for n in chosen],
                )
                queued += 1
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return queued


# -- SMS ------------------------------------------------------------------------------------------------------
def sms_window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "NOTICE_SMS_WINDOW_MINUTES", 60)))


def sms_recipients(user_ids, kind: str) -> list[int]:
    """Of ``user_ids``, those who gave a mobile number and chose ``kind`` by SMS; none when no gateway is
    configured (one query, none without a gateway)."""
    if not sms.configured() or kind not in SMS_KINDS:
        return []
    rows = (
        NoticePreference.objects.filter(user_id__in=list(user_ids))
        .exclude(mobile="")
        .values_list("user_id", "sms_kinds")
    )
    return sorted(uid for uid, kinds in rows if kind in (kinds or []))


def _text_soon(user_ids: list[int]) -> None:
    from .tasks import text_notices as task

    try:
        task.delay(user_ids)
    except Exception:  # noqa: BLE001 - the notices stay untexted; the sweep sends them
        log.warning("notice SMS: could not queue the task now; the sweep will send it")


def _sms_text(pending: list[Notice]) -> str:
    if len(pending) == 1:
        text = _("【政务公开】%(t)s") % {"t": pending[0].text[:80]}
    else:
        counts = Counter(n.kind for n in pending)
        parts = "、".join(
            _("%(k)s %(n)s 条") % {"k": NoticeKind(k).label, "n": n} for k, n in sorted(counts.items())
        )
        text = _("【政务公开】您有 %(n)s 条工作提醒（%(p)s）") % {"n": len(pending), "p": parts}
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")
    where = base + reverse("publishing:desk") if base else _("政务公开工作台")
    return text + _("，请登录%(w)s处理。") % {"w": where}


def _text_one(user_id: int, now) -> bool:
    """Queue one SMS digest for one person if something waits and no SMS went to them within the window.
    The preference row is locked, so two runs never both text the same person."""
    with transaction.atomic():
        pref = NoticePreference.objects.select_for_update().filter(user_id=user_id).first()
        if pref is None or not pref.mobile:
            return False
        kinds = [k for k in (pref.sms_kinds or []) if k in SMS_KINDS]
        pending = list(
            Notice.objects.filter(
                recipient_id=user_id,
                kind__in=kinds,
                read_at__isnull=True,
                texted_at__isnull=True,
                created_at__gte=now - SMS_MAX_AGE,
            ).order_by("created_at", "id")[:200]
        )
        if not pending:
            return False
        if OutgoingSMS.objects.filter(recipient_id=user_id, created_at__gt=now - sms_window()).exists():
            return False  # one SMS per window: these wait for the next
        sms.queue_sms(
            key=f"notice-sms:{user_id}:{pending[-1].pk}",
            to=pref.mobile,
            text=_sms_text(pending),
            recipient_id=user_id,
        )
        Notice.objects.filter(pk__in=[n.pk for n in pending]).update(texted_at=now)
    return True


def text_notices(user_ids=None, now=None) -> int:
    """SMS digests for ``user_ids`` (default: everyone with a mobile number and unread, untexted notices of
    the kinds they chose by SMS in the last day); nothing when no gateway is configured. Returns how many SMS
    were queued."""
    if not sms.configured():
        return 0
    now = now or timezone.now()
    people = NoticePreference.objects.filter(user__is_active=True).exclude(mobile="")
    if user_ids is not None:
        people = people.filter(user_id__in=list(user_ids))
    waiting = set(
        Notice.objects.filter(
            recipient_id__in=people.values("user_id"),
            read_at__isnull=True,
            texted_at__isnull=True,
            created_at__gte=now - SMS_MAX_AGE,
        ).values_list("recipient_id", flat=True)
    )
    return sum(_text_one(uid, now) for uid in sorted(waiting))
