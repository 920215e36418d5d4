"""The public site's page cache follows the data it shows: receivers connected in PortalConfig.ready().

A publication saved (published, withdrawn, superseded, edited) bumps only the tags of what it appears on
(core.pagecache.bump_tags): its own page, the page of the record it interprets, its unit, its items and their
fields, and ``latest`` (home, screen, sitemap, the policy columns). The search pages follow the index
(``search``, bumped once the index is written, portal/search/signals.py). Catalog editions, units, public
contacts and service points still make every page stale (they show on most pages).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from catalog.models import CatalogEdition
from catalog.services import edition_approved
from core.pagecache import bump_now_and_on_commit, bump_tags, bump_version
from organizations.models import Membership, ServicePoint, Unit
from publishing.models import Fulfilment, Publication
from translations.services import translation_changed

LATEST = "latest"
SEARCH = "search"


def publication_tags(pub) -> list[str]:
    """The cache tags a publication appears under (two queries)."""
    tags = [LATEST, f"pub:{pub.index_number}"]
    interprets = Publication.objects.filter(pk=pub.interprets_id).values_list("index_number", flat=True)
    tags += [f"pub:{number}" for number in interprets] if pub.interprets_id else []
    unit = Unit.objects.filter(pk=pub.unit_id).values_list("code", flat=True).first()
    if unit:
        tags.append(f"unit:{unit}")
    for item, field in Fulfilment.objects.filter(publication_id=pub.pk).values_list(
        "obligation__item__code", "obligation__item__domain__code"
    ):
        tags += [f"item:{item}", f"field:{field}"]
    return tags


def publication_saved(sender, instance, raw=False, **kwargs) -> None:
    """Bump the record's tags at once and again after the commit (its items are linked by then, and a page
    rendered meanwhile from the old rows is not kept)."""
    if raw:
        return
    bump_tags(publication_tags(instance))
    transaction.on_commit(lambda: bump_tags(publication_tags(instance)))


def connect_cache_signals() -> None:
    """Clear the page cache when a publication (by record), a catalog edition, a unit, a public contact or a
    service point (the whole cache) changes."""
    edition_approved.connect(bump_version, dispatch_uid="portal-cache-edition")
    # The edition's own save too: edition_approved is sent on commit, the status change is seen at once.
    post_save.connect(bump_now_and_on_commit, sender=CatalogEdition, dispatch_uid="portal-cache-edition-save")
    post_save.connect(bump_now_and_on_commit, sender=Membership, dispatch_uid="portal-cache-membership")
    post_save.connect(bump_now_and_on_commit, sender=Unit, dispatch_uid="portal-cache-unit")
    post_save.connect(bump_now_and_on_commit, sender=ServicePoint, dispatch_uid="portal-cache-point")
    post_save.connect(publication_saved, sender=Publication, dispatch_uid="portal-cache-publication")
    # a translation reviewed or taken back shows on its record's page (guides, items, board notices)
    translation_changed.connect(bump_version, dispatch_uid="portal-cache-translation")
