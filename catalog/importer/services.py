"""The import's writes besides the items: saved layouts and the review list (待核对), each permission-checked.

* :func:`save_layout` keeps a confirmed sheet mapping as a named :class:`~catalog.models.ImportLayout`
  (keyed by the header's signature); :func:`edit_layout` and :func:`retire_layout` are the admin's.
* :func:`import_and_review` writes a plan (:func:`~catalog.importer.write.import_catalog`) and, in the same
  transaction, one :class:`~catalog.models.ImportReview` per assumption the plan made, and counts the use of
  the layouts it applied — all of it or nothing.
* :func:`decide_reviews` marks review entries confirmed or corrected (who, when).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms

from ..models import CatalogImportJob, ImportLayout, ImportReview, ReviewStatus
from ..services import AREA
from .mapping import SheetMap, is_role, layout_mapping, role_of_words
from .results import ImportPlan, ImportResult
from .write import ProgressCallback, existing_ids, import_catalog

#: Review rows written per INSERT.
REVIEW_BATCH = 1000


def _history_user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _check_mapping(mapping: dict[str, Any]) -> dict[str, Any]:
    columns = []
    for entry in mapping.get("columns") or ():
        role = str(entry.get("role", ""))
        if not is_role(role):
            found = role_of_words(role)
            if found is None:
                raise ValidationError(_("无法识别的列用途「%(r)s」") % {"r": role})
            role = found
        columns.append(
            {"column": str(entry.get("column", "")), "header": str(entry.get("header", "")), "role": role}
        )
    if not columns:
        raise ValidationError(_("版式没有任何列。"))
    return {"columns": columns, "field": mapping.get("field") or "", "tier": mapping.get("tier") or ""}


@transaction.atomic
def save_layout(*, user: Any, title: str, sheet_map: SheetMap) -> ImportLayout:
    """Keep a sheet's confirmed mapping as a layout named ``title`` (a layout of that name is updated: its
    history keeps the old mapping). Needs the catalog CHANGE permission."""
    perms.require(user, perms.CHANGE, AREA)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("请填写版式名称。"))
    mapping = _check_mapping(layout_mapping(sheet_map))
    layout = ImportLayout.objects.select_for_update().filter(title=title).first() or ImportLayout(title=title)
    layout.signature = sheet_map.signature
    layout.headers = [c.header for c in sheet_map.columns]
    layout.mapping = mapping
    layout.is_active = True
    layout.confirmed_by = _history_user(user)
    layout.confirmed_at = timezone.now()
    reason = _("确认映射：工作表「%(s)s」") % {"s": sheet_map.sheet}
    layout._change_reason = reason  # type: ignore[attr-defined]  # the history row's reason
    layout.save()
    return layout


def save_layouts(*, user: Any, title: str, plan: ImportPlan) -> list[ImportLayout]:
    """Keep the mapping of every distinct header of a plan: one layout named ``title`` when the sheets share
    one header, else one per header named ``title（sheet）``."""
    distinct: dict[str, SheetMap] = {}
    for sheet_map in plan.mapping:
        distinct.setdefault(sheet_map.signature, sheet_map)
    maps = list(distinct.values())
    return [
        save_layout(user=user, title=title if len(maps) == 1 else f"{title}（{m.sheet}）"[:100], sheet_map=m)
        for m in maps
    ]


@transaction.atomic
def edit_layout(
    *, user: Any, layout: ImportLayout, title: str, mapping: dict[str, Any], is_active: bool = True
) -> ImportLayout:
    """The admin's edit of a layout: its name, its column roles, retired or in use."""
    perms.require(user, perms.CHANGE, AREA)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("请填写版式名称。"))
    if ImportLayout.objects.filter(title=title).exclude(pk=layout.pk).exists():
        raise ValidationError(_("已有同名的版式。"))
    layout.title = title
    layout.mapping = _check_mapping(mapping)
    layout.is_active = is_active
    layout.confirmed_by = _history_user(user)
    layout.confirmed_at = timezone.now()
    layout._change_reason = _("修改版式")  # type: ignore[attr-defined]
    layout.save()
    return layout


@transaction.atomic
def retire_layout(*, user: Any, layout: ImportLayout) -> ImportLayout:
    """Stop proposing a layout (kept, with its history)."""
    perms.require(user, perms.CHANGE, AREA)
    layout.is_active = False
    layout._change_reason = _("停用版式")  # type: ignore[attr-defined]
    layout.save()
    return layout


@transaction.atomic
def decide_reviews(*, user: Any, reviews: Iterable[ImportReview], status: str) -> int:
    """Mark open review entries confirmed (the assumption was right) or corrected (the office fixed the item)."""
    perms.require(user, perms.CHANGE, AREA)
    if status not in (ReviewStatus.CONFIRMED, ReviewStatus.CORRECTED):
        raise ValidationError(_("核对结果只能是“已确认”或“已更正”。"))
    ids = [r.pk for r in reviews]
    return ImportReview.objects.filter(pk__in=ids, status=ReviewStatus.OPEN).update(
        status=status, decided_by=_history_user(user), decided_at=timezone.now()
    )


def import_and_review(
    *,
    user: Any,
    plan: ImportPlan,
    job: CatalogImportJob | None = None,
    progress: ProgressCallback | None = None,
    bulk: bool = True,
) -> ImportResult:
    """Write the plan and its review list in one transaction (see the module docstring)."""
    with transaction.atomic():
        result = import_catalog(user=user, plan=plan, progress=progress, bulk=bulk)
        record_reviews(plan, user=user, job=job)
        used = {m.layout for m in plan.mapping if m.layout}
        if used:
            ImportLayout.objects.filter(title__in=used).update(
                uses=F("uses") + 1, last_used_at=timezone.now()
            )
    return result


def record_reviews(plan: ImportPlan, *, user: Any, job: CatalogImportJob | None = None) -> int:
    """One open review entry per assumption of the plan, linked to its item (after the write)."""
    ids = existing_ids({row.domain.pk for row in plan.rows})
    source = (plan.source_name or "")[:200]
    creator = _history_user(user)
    entries = [
        ImportReview(
            job=job,
            source_name=source,
            sheet=a.sheet[:100],
            row=a.row,
            column=a.column[:10],
            column_label=a.column_label[:200],
            kind=a.kind[:20],
            message=a.message,
            created_by=creator,
        )
        for a in plan.assumptions
    ]
    for row in plan.rows:
        item_id = ids.get((row.domain.pk, row.path))
        entries += [
            ImportReview(
                job=job,
                item_id=item_id,
                source_name=source,
                sheet=a.sheet[:100],
                row=a.row,
                column=a.column[:10],
                column_label=a.column_label[:200],
                kind=a.kind[:20],
                message=a.message,
                created_by=creator,
            )
            for a in row.assumptions
        ]
    ImportReview.objects.bulk_create(entries, batch_size=REVIEW_BATCH)
    return len(entries)
