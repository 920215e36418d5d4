"""Keep the index in step: a publication's every save (publish, withdraw, supersede, edit) and an edition's
approval re-index what changed, after the commit. Connected in PortalConfig.ready()."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from catalog.models import DisclosureItem, ServiceGuide
from catalog.services import edition_approved
from core.pagecache import bump_tags
from publishing.models import Publication
from translations.services import translation_changed

from ..models import DocumentKind, SynonymGroup
from . import documents, synonyms


def _search_pages_stale() -> None:
    """The cached search pages and the 信息公开目录 read the index: stale once it is written."""
    bump_tags(["search"])


def reindex_publication(sender, instance, raw=False, **kwargs):
    if raw or not instance.index_number:
        return
    key = instance.index_number

    def reindex():
        documents.reindex(DocumentKind.PUBLICATION, [key])
        _search_pages_stale()

    transaction.on_commit(reindex)


def reindex_catalog(sender=None, **kwargs):
    """A new edition is in force: items, guides, and the publications' item names."""
    for kind in (DocumentKind.ITEM, DocumentKind.GUIDE):
        documents.reindex(kind)
    _search_pages_stale()


def reindex_translated(sender, translation=None, **kwargs):
    """A translation reviewed or taken back: re-index its record (a guide, an item or a publication)."""
    model = translation.content_type.model_class()
    kinds = {
        ServiceGuide: (DocumentKind.GUIDE, "code"),
        DisclosureItem: (DocumentKind.ITEM, "code"),
        Publication: (DocumentKind.PUBLICATION, "index_number"),
    }
    if model not in kinds:
        return
    kind, key_field = kinds[model]
    keys = list(model.objects.filter(pk=translation.object_id).values_list(key_field, flat=True))
    if keys:
        documents.reindex(kind, keys)
        _search_pages_stale()


def dictionary_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(synonyms.bump)


def connect() -> None:
    post_save.connect(reindex_publication, sender=Publication, dispatch_uid="portal-search-publication")
    edition_approved.connect(reindex_catalog, dispatch_uid="portal-search-edition")
    post_save.connect(dictionary_changed, sender=SynonymGroup, dispatch_uid="portal-search-synonyms")
    translation_changed.connect(reindex_translated, dispatch_uid="portal-search-translation")
