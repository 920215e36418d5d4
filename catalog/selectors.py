"""Reads on the catalog."""
from __future__ import annotations

from .diff import EditionDiff, diff_catalogs
from .models import CatalogEdition, EditionStatus, PublishedItem
from .snapshot import edition_data, working_copy


def current_edition() -> CatalogEdition | None:
    return CatalogEdition.objects.current()


def public_items():
    """What the public may see: the items of the approved edition in force."""
    return PublishedItem.objects.current().select_related("domain")


def edition_diff(edition: CatalogEdition) -> EditionDiff:
    """The edition against the one before it. A draft is compared as the working copy stands now."""
    if edition.status == EditionStatus.DRAFT:
        new = working_copy()
        previous = CatalogEdition.objects.current()
    else:
        new = edition_data(edition)
        previous = edition.previous
        if previous is None:
            previous = CatalogEdition.objects.approved().filter(number__lt=edition.number).order_by("-number").first()
    return diff_catalogs(edition_data(previous), new)
