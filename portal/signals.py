"""The public site's page cache follows the data it shows: receivers connected in PortalConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import post_save

from catalog.models import CatalogEdition
from catalog.services import edition_approved
from core.pagecache import bump_now_and_on_commit, bump_version
from organizations.models import Membership, ServicePoint, Unit
from publishing.models import Publication


def connect_cache_signals() -> None:
    """Clear the page cache when a publication, a catalog edition, a unit, a public contact or a service point
    changes."""
    edition_approved.connect(bump_version, dispatch_uid="portal-cache-edition")
    # The edition's own save too: edition_approved is sent on commit, the status change is seen at once.
    post_save.connect(bump_now_and_on_commit, sender=CatalogEdition, dispatch_uid="portal-cache-edition-save")
    post_save.connect(bump_now_and_on_commit, sender=Membership, dispatch_uid="portal-cache-membership")
    post_save.connect(bump_now_and_on_commit, sender=Unit, dispatch_uid="portal-cache-unit")
    post_save.connect(bump_now_and_on_commit, sender=ServicePoint, dispatch_uid="portal-cache-point")
    post_save.connect(bump_now_and_on_commit, sender=Publication, dispatch_uid="portal-cache-publication")
