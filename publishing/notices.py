"""Notices to staff: the bell (in-app, with a count) and e-mail, when something waits for someone.

A workflow step (``services.publication_changed``, sent after the commit) becomes one ``Notice`` per person
it concerns: submitted → the reviewers of the unit (待我审核); returned → the drafter and the submitter;
approved / published → the drafter. E-mail never goes out inside a request: instant mails are queued as a
Celery task after the commit (:func:`publishing.tasks.email_notices`), digests once a day
(:func:`publishing.tasks.email_notice_digests`), each person as chosen in ``NoticePreference``.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Membership, Role

from .models import EmailMode, Notice, NoticeKind, NoticePreference, Publication
from .services import publication_changed

#: What a person gets by e-mail before choosing: everything waiting for them, in one daily digest.
DEFAULT_EMAIL_KINDS = (NoticeKind.REVIEW, NoticeKind.RETURNED, NoticeKind.DUE)


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
    """Write one notice per person (never to the person who caused it) and queue the instant e-mails
    after the commit. Other apps' events (reminders) may call this too."""
    notices = [
        Notice(recipient_id=uid, kind=kind, text=text[:300], url=url, publication=publication)
        for uid in dict.fromkeys(user_ids)
        if uid not in exclude
    ]
    if not notices:
        return []
    with transaction.atomic():
        Notice.objects.bulk_create(notices)
        ids = [n.pk for n in notices]

        def queue():
            from .tasks import email_notices

            email_notices.delay(ids)

        transaction.on_commit(queue)
    return notices


@receiver(publication_changed)
def notice_on_step(sender, publication, action, user_id=None, comment="", **kwargs):
    kind, user_ids, text = _recipients_and_text(publication, action, comment)
    if kind is None:
        return
    url = reverse("publishing:review") if kind == NoticeKind.REVIEW else reverse("publishing:desk")
    notify(kind=kind, user_ids=user_ids, text=text, url=url, publication=publication, exclude={user_id})


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_of(user) -> tuple[list[str], str]:
    pref = NoticePreference.objects.filter(user=user).first()
    if pref is None:
        return list(DEFAULT_EMAIL_KINDS), EmailMode.DIGEST
    return list(pref.email_kinds), pref.email_mode


def _mail(user, subject: str, lines: list[str]) -> bool:
    if not user.email:
        return False
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")
    body = "\n".join(lines + ["", _("进入工作台：%(url)s") % {"url": base + reverse("publishing:desk")}])
    send_mail(subject, body, None, [user.email])
    return True


def email_instant(notice_ids) -> int:
    """Mail the notices whose recipients want them one by one; mark them e-mailed. Returns how many mails."""
    sent = 0
    notices = Notice.objects.filter(pk__in=list(notice_ids), emailed_at__isnull=True).select_related(
        "recipient"
    )
    for notice in notices:
        kinds, mode = preference_of(notice.recipient)
        if mode != EmailMode.INSTANT or notice.kind not in kinds:
            continue
        if _mail(notice.recipient, notice.text, [notice.text]):
            sent += 1
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return sent


def email_digests() -> int:
    """One mail per person with everything unread and not yet mailed of the kinds they chose (digest mode)."""
    pending = defaultdict(list)
    for notice in Notice.objects.filter(read_at__isnull=True, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        pending[notice.recipient].append(notice)
    sent = 0
    for user, notices in pending.items():
        kinds, mode = preference_of(user)
        chosen = [n for n in notices if n.kind in kinds]
        if mode == EmailMode.DIGEST and chosen:
            lines = [f"· {n.text}" for n in chosen]
            if _mail(user, _("政务公开工作提醒（%(n)s 条）") % {"n": len(chosen)}, lines):
                sent += 1
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return sent
