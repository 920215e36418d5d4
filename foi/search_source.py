"""The portal search's source of FOI replies: ``settings.PORTAL_SEARCH_SOURCES`` names this module and the portal
registers it (portal/search/documents.py: ``KIND``, ``documents(keys)``, ``changed``); a missing or broken
source stops the start with a system check (portal/search/checks.py).

A reply is public once it is released: marked of general interest (条例 第四十四条,
:func:`foi.services.release_reply`) or turned into a proactive publication (依申请转主动) that is now published.
Its document and its page carry what the office wrote for the public (title, summary), the unit, the 文号, the
result and the dates — never the applicant's name, contact person, ID number, phone, e-mail or address, which
are also scrubbed from the text should one have slipped into it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from organizations import permissions as perms
from publishing.models import Publication
from publishing.selectors import published_publications

from . import services
from .categories import Result
from .models import DisclosureRequest, Status

KIND = "reply"
#: Sent on commit with ``keys=[request ids]`` whenever a reply's public version changes.
changed = services.public_replies_changed

RELEASABLE = (Result.PUBLIC, Result.PARTIAL)
MASK = "＊"


def released() -> QuerySet[DisclosureRequest]:
    """Replies released to the public: of general interest, or whose 依申请转主动 publication is published."""
    published = published_publications().values("pk")
    return DisclosureRequest.objects.filter(status=Status.CLOSED, result__in=RELEASABLE).filter(
        Q(general_interest=True) | Q(publication_id__in=published)
    )


@dataclass(frozen=True)
class PublicReply:
    """A released reply as anyone may read it: nothing of the applicant."""

    pk: int
    title: str
    summary: str
    unit_code: str
    unit_name: str
    unit_tier: str
    letter_number: str
    outcome: str
    replied_on: date | None
    released_on: date | None
    publication_url: str

    @property
    def url(self) -> str:
        return reverse("foi:reply", args=[self.pk])


def scrub(text: str, request: DisclosureRequest) -> str:
    """``text`` with the applicant's own data masked, then any ID number, phone number or e-mail address."""
    text = text or ""
    own = [request.applicant_name, request.contact_person, request.id_number, request.phone]
    own += [request.email, request.address]
    for value in sorted({(v or "").strip() for v in own}, key=len, reverse=True):
        if len(value) >= 2:
            text = text.replace(value, MASK * len(value))
    return perms.redact_text(text)


def public_replies(ids: Iterable[int] | None = None) -> Iterator[PublicReply]:
    """The released replies (or those of ``ids``) as :class:`PublicReply`; two queries."""
    qs = released().select_related("unit").order_by("-replied_on", "-pk")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    requests = list(qs)
    publications = {
        pk: (index_number, published_at)
        for pk, index_number, published_at in published_publications()
        .filter(pk__in=[r.publication_id for r in requests if r.publication_id])
        .values_list("pk", "index_number", "published_at")
    }
    for r in requests:
        index_number, published_at = publications.get(r.publication_id or 0, ("", None))
        released_on = r.released_on or (timezone.localtime(published_at).date() if published_at else None)
        title = r.public_title or f"{r.unit.name}政府信息公开申请答复（{r.letter_number or r.reference}）"
        yield PublicReply(
            pk=r.pk,
            title=scrub(title, r),
            summary=scrub(r.public_summary, r),
            unit_code=r.unit.code,
            unit_name=r.unit.name,
            unit_tier=r.unit.tier,
            letter_number=r.letter_number,
            outcome=r.outcome,
            replied_on=r.replied_on,
            released_on=released_on,
            publication_url=reverse("publication", args=[index_number]) if index_number else "",
        )


def public_reply(pk: int) -> PublicReply | None:
    return next(public_replies([pk]), None)


def documents(keys: list[str] | None = None) -> Iterator[dict]:
    """The search documents (portal.search.documents.Doc fields) of the released replies, or of ``keys``."""
    ids = None if keys is None else [int(k) for k in keys if str(k).isdigit()]
    for reply in public_replies(ids):
        on = reply.released_on or reply.replied_on
        yield {
            "key": str(reply.pk),
            "url": reply.url,
            "title": reply.title,
            "doc_number": reply.letter_number,
            "items": ["政府信息公开申请答复"],
            "body": f"{reply.summary} 处理结果：{reply.outcome}",
            "unit_code": reply.unit_code,
            "unit_name": reply.unit_name,
            "tiers": [reply.unit_tier],
            "year": reply.replied_on.year if reply.replied_on else None,
            "date": timezone.make_aware(datetime.combine(on, time(9))) if on else None,
        }


def _publication_saved(sender, instance: Publication, raw: bool = False, **kwargs) -> None:
    """A 依申请转主动 publication published, withdrawn or edited: its replies' documents follow."""
    if raw or not instance.pk:
        return
    ids = list(DisclosureRequest.objects.filter(publication_id=instance.pk).values_list("pk", flat=True))
    if ids:
        services.announce_public_replies(ids)


post_save.connect(_publication_saved, sender=Publication, dispatch_uid="foi-search-source-publication")
