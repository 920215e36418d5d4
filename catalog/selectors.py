"""Reads on the catalog."""

from __future__ import annotations

from .diff import EditionDiff, diff_catalogs
from .guides import guide_context as guide_context
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
            previous = (
                CatalogEdition.objects.approved()
                .filter(number__lt=edition.number)
                .order_by("-number")
                .first()
            )
    return diff_catalogs(edition_data(previous), new)


TIER_LABELS = {"district": "区级", "street": "街道级", "community": "社区级"}


def field_tiers(domain) -> list[tuple[str, str, list]]:
    """The field's 三级清单: for each tier, the public leaf items (with their 一级 heading), in catalog order."""
    entries = list(public_items().filter(domain=domain).order_by("position"))
    parents = {e.item_id: e for e in entries}
    has_children = {e.parent_item_id for e in entries if e.parent_item_id}
    tiers = []
    for tier, label in TIER_LABELS.items():
        rows = [
            (parents.get(e.parent_item_id), e)
            for e in entries
            if e.item_id not in has_children and getattr(e, f"tier_{tier}")
        ]
        tiers.append((tier, label, rows))
    return tiers


def public_item(code: str):
    """One item of the edition in force, by its code (raises PublishedItem.DoesNotExist)."""
    return public_items().get(code=code)


def item_guides(item_id: int):
    from .models import ServiceGuide

    return (
        ServiceGuide.objects.filter(item_id=item_id, is_active=True)
        .prefetch_related("materials", "steps")
        .order_by("id")
    )


def open_import_reviews():
    """What imports assumed and the office has not confirmed or corrected yet (待核对), newest first: the
    office's desk shows their count and links to the review list (/admin/catalog/importreview/?status__exact=open)."""
    from .models import ImportReview, ReviewStatus

    return (
        ImportReview.objects.filter(status=ReviewStatus.OPEN)
        .select_related("item")
        .order_by("-created_at", "id")
    )


def adoption_adjustments(edition: CatalogEdition):
    """How the streets' and communities' adopted catalogs change who owes what under ``edition`` (issue 25
    part 4): the template items each unit withholds (excluded with a reason, or not adopted yet) and the local
    items each owes alone. See :class:`catalog.tiers.catalogs.Adjustments`."""
    from .tiers.catalogs import adjustments

    return adjustments(edition)
