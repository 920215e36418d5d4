"""Helpers for the publishing tests."""

from catalog import services as catalog_services
from catalog.services import ItemData


def make_item(
    user,
    domain,
    name,
    *,
    parent=None,
    subject="各街道",
    tiers=("street",),
    time_limit="信息形成或者变更之日起20个工作日内",
    **kw,
):
    data = ItemData(
        name=name,
        elements=["要素"],
        time_limit_text=time_limit,
        subject_text=subject,
        tier_district="district" in tiers,
        tier_street="street" in tiers,
        tier_community="community" in tiers,
        **kw,
    )
    return catalog_services.save_item(user=user, domain=domain, parent=parent, data=data)


def published(user, unit, title, obligations=(), *, at=None, body="<p>正文内容</p>", formed_on=None, **kw):
    """A publication put straight into the published state at ``at`` (default now), skipping the review
    workflow (tests of channels and monitoring, where only the published record matters)."""
    from datetime import datetime

    from django.utils import timezone

    from publishing import services
    from publishing.models import Publication, PublicationStatus

    at = at or timezone.now()
    if not isinstance(at, datetime):  # a date: noon that day, local time
        at = timezone.make_aware(datetime(at.year, at.month, at.day, 12, 0))
    pub = services.create_publication(
        user=user,
        unit=unit,
        title=title,
        body=body,
        formed_on=formed_on or timezone.localdate(at),
        obligations=obligations,
        **kw,
    )
    Publication.objects.filter(pk=pub.pk).update(status=PublicationStatus.PUBLISHED, published_at=at)
    pub.refresh_from_db()
    return pub
