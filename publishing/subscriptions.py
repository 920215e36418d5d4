"""Subscriptions and targeted push (精准推送).

A citizen subscribes to a field, a unit or a catalog item with an email address and/or a mobile number;
nothing is sent until the subscription is confirmed through the link in the confirmation message (double
opt-in: by email when an address is given, else by SMS). When a publication is published, the
``publication_published`` signal enqueues :func:`publishing.tasks.push_publication` after the commit; it
writes one ``Push`` row per (publication, subscription) — unique — and claims the rows of one address in the
transaction that queues its message in the outbox, so a retried or doubled task never sends the same thing
twice, and a mail server that is down delays the message without losing it. A person with several matching subscriptions
gets one message per channel.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import DisclosureItem
from core.mail import queue_mail
from core.once import once

from . import sms
from .channels import absolute, publication_path
from .models import Publication, PublicationStatus, Push, Subscription

log = logging.getLogger(__name__)
CONFIRM_DAYS = 7
#: The same subscription sent again within this many seconds is the first one (no second row, no second link):
#: a double submit; a citizen trying again later gets the link again.
SUBSCRIBE_ONCE_SECONDS = 60
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def base_url() -> str:
    """Where links in messages point (no request in a task): ``settings.PORTAL_BASE_URL``."""
    return getattr(settings, "PORTAL_BASE_URL", "http://localhost:8000")


def _path(name: str, token: str) -> str:
    try:
        return reverse(f"channels:{name}", args=[token])
    except NoReverseMatch:
        return f"/channels/subscribe/{'confirm' if name == 'confirm' else 'unsubscribe'}/{token}/"


def normalize_phone(phone: str) -> str:
    digits = re.sub(r"[\s-]", "", phone or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if digits and not PHONE_RE.match(digits):
        raise ValidationError(_("请填写正确的11位手机号码。"))
    return digits


@transaction.atomic
def subscribe(
    *, email: str = "", phone: str = "", domain=None, unit=None, item=None, base: str | None = None
) -> Subscription:
    """Record a subscription (unconfirmed) and send the confirmation link; an existing unconfirmed one for
    the same contact and target is reused (the link is sent again), a confirmed one is left as it is."""
    email = (email or "").strip().lower()
    phone = normalize_phone(phone)
    if email:
        validate_email(email)
    if not email and not phone:
        raise ValidationError(_("请填写电子邮箱或手机号码。"))
    if sum(x is not None for x in (domain, unit, item)) != 1:
        raise ValidationError(_("请选择一个订阅对象（领域、单位或事项）。"))
    target = {"domain": domain, "unit": unit, "item": item}
    # the same subscription twice at once (a double submit) is one, and the link goes out once
    parts = [email, phone, *(getattr(t, "pk", "") for t in target.values())]
    result = once(
        "publishing.subscribe",
        parts,
        window=SUBSCRIBE_ONCE_SECONDS,
        action=lambda: _subscribe(email=email, phone=phone, target=target, base=base),
    )
    if not result.repeated:
        return result.made
    first = Subscription.objects.filter(pk=result.first or None).first()
    if first is None:
        raise ValidationError(_("您的订阅正在提交，请勿重复提交。"))
    return first


def _subscribe(*, email: str, phone: str, target: dict, base: str | None) -> Subscription:
    existing = (
        Subscription.objects.select_for_update()
        .filter(email=email, phone=phone, unsubscribed_at__isnull=True, **target)
        .first()
    )
    if existing is not None and existing.confirmed:
        return existing
    subscription = existing or Subscription.objects.create(email=email, phone=phone, **target)
    if existing is not None:
        subscription.created_at = timezone.now()  # the link's week starts again
        Subscription.objects.filter(pk=subscription.pk).update(created_at=subscription.created_at)
    link = absolute(base or base_url(), _path("confirm", subscription.token))
    send_confirmation(subscription, link)  # queued in this transaction, delivered after commit
    return subscription


def send_confirmation(subscription: Subscription, link: str) -> None:
    what = subscription.target_label
    if subscription.email:
        # A mail in core's outbox, sent by a Celery task after commit with retries: a missing mail server
        # never fails (or slows) the citizen's form. Keyed by the subscription and its (re)start.
        queue_mail(
            key=f"subscription-confirm:{subscription.pk}:{subscription.created_at.isoformat()}",
            to=subscription.email,
            subject="请确认您的政务公开信息订阅",
            body=(
                f"您好：\n\n有人用此邮箱订阅了{getattr(settings, 'PORTAL_SITE_NAME', '政务公开平台')}的"
                f"「{what}」新信息推送。\n请在{CONFIRM_DAYS}天内打开以下链接确认订阅：\n{link}\n\n"
                "如果不是您本人操作，请忽略本邮件，您不会收到任何推送。"
            ),
        )
    else:
        text = f"【政务公开】您订阅了「{what}」新信息推送，确认请打开 {link} ，非本人操作请忽略。"
        transaction.on_commit(lambda: _sms_quietly(subscription.phone, text))


def _sms_quietly(phone: str, text: str) -> None:
    """The SMS gateway failing must not fail the form: logged; the citizen can subscribe again."""
    try:
        sms.send_sms(phone, text)
    except Exception:  # noqa: BLE001
        log.warning("confirmation SMS to a subscriber could not be sent", exc_info=True)


@transaction.atomic
def confirm(token: str) -> Subscription | None:
    """Confirm by the link's token; None when unknown, expired or unsubscribed."""
    subscription = (
        Subscription.objects.select_for_update().filter(token=token, unsubscribed_at__isnull=True).first()
    )
    if subscription is None:
        return None
    if not subscription.confirmed:
        if subscription.created_at < timezone.now() - timedelta(days=CONFIRM_DAYS):
            return None
        subscription.confirmed = True
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed", "confirmed_at"])
    return subscription


@transaction.atomic
def unsubscribe(token: str) -> Subscription | None:
    subscription = Subscription.objects.select_for_update().filter(unsubscribe_token=token).first()
    if subscription is not None and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


# -- targeted push ---------------------------------------------------------------------------------------
def matching_subscriptions(publication: Publication):
    """Live subscriptions to the publication's unit, to the units and fields of the obligations it fulfils,
    or to those obligations' items or any item above them. Three queries (plus the result)."""
    links = list(
        publication.fulfilments.values_list(
            "obligation__unit_id", "obligation__item_id", "obligation__item__domain_id"
        )
    )
    unit_ids = {publication.unit_id} | {unit_id for unit_id, _item, _domain in links}
    domain_ids = {domain_id for _unit, _item, domain_id in links}
    item_ids = set()
    if links:
        items = DisclosureItem.objects.filter(pk__in={item_id for _u, item_id, _d in links})
        item_ids = set(
            DisclosureItem.objects.get_queryset_ancestors(items, include_self=True).values_list(
                "pk", flat=True
            )
        )
    return Subscription.objects.live().filter(
        Q(unit_id__in=unit_ids) | Q(domain_id__in=domain_ids) | Q(item_id__in=item_ids)
    )


def _claim(push_ids: list[int], field: str) -> bool:
    """Mark the rows as handed over on ``field`` if none of them is yet; True when this caller owns the send."""
    return (
        Push.objects.filter(pk__in=push_ids, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
        > 0
    )


def _recipient_key(publication_id: int, channel: str, to: str) -> str:
    """The outbox key of one publication's message to one address or number (the address itself stays out
    of the key, which is logged)."""
    digest = hashlib.sha256(to.strip().lower().encode()).hexdigest()[:24]
    return f"push:{publication_id}:{channel}:{digest}"


def push_publication(publication_id: int, *, base: str | None = None) -> dict:
    """Hand the publication to the outboxes for every matching confirmed subscriber, once per address and
    channel: each claim of the ``Push`` rows and its queued message are one transaction, and the outboxes
    (:mod:`core.mail`, :func:`publishing.sms.queue_sms`) deliver after the commit, with their retries and
    sweep. Returns counts of messages queued."""
    publication = Publication.objects.select_related("unit").filter(pk=publication_id).first()
    if publication is None or publication.status != PublicationStatus.PUBLISHED:
        return {"emails": 0, "sms": 0, "skipped": "not published"}
    subscriptions = list(matching_subscriptions(publication))
    if subscriptions:
        Push.objects.bulk_create(
            [Push(publication=publication, subscription=s) for s in subscriptions], ignore_conflicts=True
        )
    pushes = list(
        Push.objects.filter(publication=publication, subscription__in=subscriptions).select_related(
            "subscription"
        )
    )
    by_email: dict[str, list[Push]] = defaultdict(list)
    by_phone: dict[str, list[Push]] = defaultdict(list)
    for push in pushes:
        if push.subscription.email and push.emailed_at is None:
            by_email[push.subscription.email].append(push)
        if push.subscription.phone and push.texted_at is None:
            by_phone[push.subscription.phone].append(push)

    base = base or base_url()
    link = absolute(base, publication_path(publication))
    day = timezone.localdate(publication.published_at) if publication.published_at else publication.formed_on
    emails = texts = 0
    for address, rows in by_email.items():
        unsubscribe_links = "\n".join(
            f"退订「{p.subscription.target_label}」：{absolute(base, _path('unsubscribe', p.subscription.unsubscribe_token))}"
            for p in rows
        )
        with transaction.atomic():
            if not _claim([p.pk for p in rows], "emailed_at"):
                continue  # another run queued it
            queue_mail(
                key=_recipient_key(publication.pk, "mail", address),
                to=address,
                subject=f"【政务公开】{publication.title}",
                body=(
                    f"{publication.unit.name}于{day:%Y年%m月%d日}发布了新的公开信息：\n\n"
                    f"{publication.title}\n索引号：{publication.index_number}\n查看全文：{link}\n\n"
                    f"您收到本邮件是因为订阅了相关信息。\n{unsubscribe_links}"
                ),
            )
        emails += 1
    for phone, rows in by_phone.items() if sms.configured() else ():  # no gateway: nothing is texted
        with transaction.atomic():
            if not _claim([p.pk for p in rows], "texted_at"):
                continue
            sms.queue_sms(
                key=_recipient_key(publication.pk, "sms", phone),
                to=phone,
                text=f"【政务公开】{publication.unit.display_name}发布「{publication.title}」，详见 {link}",
            )
        texts += 1
    if emails or texts:
        log.info("publication %s pushed: %s emails, %s SMS", publication_id, emails, texts)
    return {"emails": emails, "sms": texts}
