"""Search documents: one per public record, built from the apps' selectors, backend-neutral.

A *source* builds plain :class:`Doc` values for a kind of record; the index stores them as
``SearchDocument`` rows whose segmented columns the database backend indexes. Built-in sources: catalog
items and service guides of the edition in force, and published publications. Another app adds its own
records (the FOI replies) without importing the portal (which sits above it): it provides a module
``<app>/search_source.py`` with

* ``KIND`` — e.g. ``"reply"``;
* ``documents(keys=None)`` — an iterable of dicts with the :class:`Doc` fields (``key``, ``url``, ``title``
  required; personal data never included), for all public records or only those ``keys``;
* optionally ``changed`` — a ``django.dispatch.Signal`` it sends with ``keys=[...]`` after a commit.

``settings.PORTAL_SEARCH_SOURCES`` lists such modules; ``PortalConfig.ready`` registers them.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

from django.db import transaction
from django.utils.html import strip_tags

from catalog.models import DisclosureItem, ServiceGuide
from core.chunks import chunked
from publishing.models import Publication
from translations import selectors as translation_selectors

from .. import selectors
from ..models import DocumentKind, SearchDocument
from . import genres, synonyms, text

logger = logging.getLogger(__name__)
BODY_MAX = 20000
SUMMARY_MAX = 2000
BATCH = 500


@dataclass
class Doc:
    """A record as the index sees it; every field is plain text or a date, whatever the backend."""

    key: str
    url: str
    title: str
    doc_number: str = ""
    items: list[str] = field(default_factory=list)
    body: str = ""
    field_code: str = ""
    field_name: str = ""
    unit_code: str = ""
    unit_name: str = ""
    tiers: list[str] = field(default_factory=list)
    year: int | None = None
    genre: str = ""
    validity: str = ""
    date: datetime | None = None


Builder = Callable[[list[str] | None], Iterable[Doc]]
SOURCES: dict[str, Builder] = {}


def register(kind: str, build: Builder) -> None:
    """Add (or replace) the source of one kind of record."""
    SOURCES[kind] = build


def register_module(path: str) -> None:
    """Register an app's ``search_source`` module (see the module docstring); dict documents become Docs."""
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name != path:  # the module exists but something it imports does not: a real error
            raise
        # not registered; the system check portal.E001 (portal/search/checks.py) stops the start with the reason
        logger.error("search source %s named in PORTAL_SEARCH_SOURCES does not exist", path)
        return
    names = {f.name for f in fields(Doc)}

    def build(keys):
        for row in module.documents(keys):
            yield row if isinstance(row, Doc) else Doc(**{k: v for k, v in row.items() if k in names})

    register(module.KIND, build)
    signal = getattr(module, "changed", None)
    if signal is not None:
        kind = module.KIND

        def receiver(sender=None, keys=None, **kwargs):
            from core.pagecache import bump_tags

            reindex(kind, keys)
            bump_tags(["search"])  # the cached search pages read the index

        receiver.__name__ = f"reindex_{kind}"
        signal.connect(receiver, weak=False, dispatch_uid=f"portal-search-{kind}")


# -- the built-in sources ---------------------------------------------------------------------------------
def _tiers_of(entry) -> list[str]:
    return [t for t in ("district", "street", "community") if getattr(entry, f"tier_{t}")]


def item_docs(keys: list[str] | None) -> Iterable[Doc]:
    entries = selectors.public_entries(keys)
    parents = selectors.entry_names({e.parent_item_id for e in entries if e.parent_item_id})
    translated = translation_selectors.reviewed_texts(DisclosureItem)  # 藏文 / 彝文, reviewed only
    for e in entries:
        data = e.data or {}
        yield Doc(
            key=e.code,
            url=f"/items/{e.code}/",
            title=e.name,
            items=[n for n in (parents.get(e.parent_item_id), e.domain.name) if n],
            body=" ".join(
                [e.search_text or "", data.get("basis_text", ""), data.get("subject_text", "")]
                + translated.get(str(e.item_id), [])
            ),
            field_code=e.domain.code,
            field_name=e.domain.name,
            tiers=_tiers_of(e),
            genre=genres.ITEM[0],
        )


def guide_docs(keys: list[str] | None) -> Iterable[Doc]:
    translated = translation_selectors.reviewed_texts(ServiceGuide)
    for guide, entry in selectors.public_guides(keys):
        body = " ".join(
            [guide.applicants, guide.conditions, guide.basis, guide.place]
            + [m.name for m in guide.materials.all()]
            + [s.name for s in guide.steps.all()]
            + translated.get(str(guide.pk), [])
        )
        yield Doc(
            key=guide.code,
            url=f"/guides/{guide.code}/",
            title=guide.title,
            items=[entry.name, entry.domain.name],
            body=body,
            field_code=entry.domain.code,
            field_name=entry.domain.name,
            tiers=_tiers_of(entry),
            genre=genres.GUIDE[0],
        )


def publication_docs(keys: list[str] | None) -> Iterable[Doc]:
    pubs, items_of = selectors.publications_for_index(keys)
    translated = translation_selectors.reviewed_texts(Publication)
    for p in pubs:
        items = items_of.get(p.pk, [])
        yield Doc(
            key=p.index_number,
            url=f"/publications/{p.index_number}/",
            title=p.title,
            doc_number=p.doc_number,
            items=[name for name, _code, _field in items],
            body=" ".join([strip_tags(p.body or ""), *translated.get(str(p.pk), [])]),
            field_code=items[0][1] if items else "",
            field_name=items[0][2] if items else "",
            unit_code=p.unit.code,
            unit_name=p.unit.name,
            tiers=[p.unit.tier],
            year=p.formed_on.year if p.formed_on else None,
            genre=genres.genre_of(p.title, interprets=bool(p.interprets_id), doc_number=p.doc_number),
            validity=p.validity,
            date=p.published_at,
        )


def register_builtins() -> None:
    register(DocumentKind.ITEM, item_docs)
    register(DocumentKind.GUIDE, guide_docs)
    register(DocumentKind.PUBLICATION, publication_docs)


# -- writing the index ----------------------------------------------------------------------------------
def row(kind: str, doc: Doc) -> SearchDocument:
    body = " ".join((doc.body or "").split())[:BODY_MAX]
    return SearchDocument(
        kind=kind,
        key=doc.key[:120],
        url=doc.url[:300],
        title=doc.title[:300],
        doc_number=(doc.doc_number or "")[:100],
        items="、".join(doc.items)[:500],
        summary=body[:SUMMARY_MAX],
        title_seg=text.segment(doc.title),
        docno_seg=text.segment(doc.doc_number),
        item_seg=text.segment(" ".join(doc.items)),
        body_seg=text.segment(body),
        field_code=doc.field_code[:40],
        field_name=doc.field_name[:100],
        unit_code=doc.unit_code[:32],
        unit_name=doc.unit_name[:200],
        tiers=f" {' '.join(doc.tiers)} " if doc.tiers else "",
        year=doc.year,
        genre=doc.genre[:20],
        validity=doc.validity[:10],
        date=doc.date,
    )


def reindex(kind: str, keys: list[str] | None = None) -> int:
    """Rebuild the documents of ``kind`` (all of them, or those ``keys``): what is no longer public goes."""
    build = SOURCES[kind]
    synonyms.current()  # teach the dictionary's words to the segmenter first
    count = 0
    with transaction.atomic():
        existing = SearchDocument.objects.filter(kind=kind)
        if keys is not None:
            keys = [str(k) for k in keys]
            existing = existing.filter(key__in=keys)
        existing.delete()
        for batch in chunked(build(keys), BATCH):
            SearchDocument.objects.bulk_create([row(kind, doc) for doc in batch])
            count += len(batch)
    return count


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the whole index (or some kinds); returns the number of documents per kind."""
    return {kind: reindex(kind) for kind in (kinds or list(SOURCES))}


def as_dict(doc: Doc) -> dict:
    return asdict(doc)
