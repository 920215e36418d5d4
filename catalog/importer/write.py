"""Stage 4 of an import: write a validated plan in one transaction, all of it or nothing.

:func:`import_catalog` checks the user (``catalog`` ADD, and CHANGE when it updates items), locks the item
table on PostgreSQL, and writes every item the plan touches (the rows, and the 一级/二级 groups made from
merged names) parents first. The default bulk path sets each item's fields through
:func:`catalog.services.apply_item_data` — the same function :func:`catalog.services.write_item` uses — and
inserts level by level; ``bulk=False`` calls :func:`~catalog.services.write_item` per item (the reference
path). Both leave the same catalog and record every item in its history.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from operator import attrgetter, itemgetter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections, models, transaction
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import (
    bulk_create_with_history,
    get_change_reason_from_object,
    get_history_model_for_model,
)

from core.chunks import chunked
from domains.models import Domain
from organizations import permissions as perms

from ..models import (
    BasisDocument,
    ContentElement,
    DisclosureItem,
    ItemBasis,
    ItemChannel,
    ItemStatus,
    RuleStatus,
)
from ..services import AREA, ITEM_FIELDS, BasisRef, ItemData, apply_item_data, write_item
from .collector import collector_paused
from .compare import NO_RELATED, row_related, stored_related
from .results import ImportPlan, ImportResult, PlannedRow

#: Items per INSERT/UPDATE statement when writing.
BATCH_SIZE = 500
#: Element, basis and channel rows (three or four narrow columns; an item has several) per INSERT.
RELATED_PER_STATEMENT = 10 * BATCH_SIZE

#: ``progress(done, total)``: how many of the plan's item rows are written so far.
ProgressCallback = Callable[[int, int], None]

#: At most this many progress calls in between the first (0, total) and the last (total, total).
PROGRESS_STEPS = 40


class _Progress:
    """Reports ``(done, total)`` item rows to an optional callback: first (0, total), then at most
    :data:`PROGRESS_STEPS` steps as batches finish, last (total, total) once everything is written (still
    inside the transaction: the import can yet roll back)."""

    def __init__(self, callback: ProgressCallback | None, total: int):
        self.callback, self.total, self.done = callback, total, 0
        self.step = max(1, -(-total // PROGRESS_STEPS))
        self.reported = -1

    def start(self) -> None:
        self._report(0)

    def add(self, n: int) -> None:
        """``n`` more rows written; reported when a step is reached."""
        self.done = min(self.total, self.done + n)
        if self.done - max(self.reported, 0) >= self.step and self.done < self.total:
            self._report(self.done)

    def finish(self) -> None:
        self._report(self.total)

    def _report(self, done: int) -> None:
        if self.callback is not None and done != self.reported:
            self.reported = done
            self.callback(done, self.total)


def existing_index(domain_ids: Iterable[int]) -> dict[tuple[int, tuple[str, ...]], DisclosureItem]:
    """The items of these fields by (field id, names from the 一级 down); active ones win a name clash."""
    items = {
        item.pk: item for item in DisclosureItem.objects.filter(domain_id__in=list(domain_ids), level__lte=2)
    }
    ids = _index_of([(i.pk, i.parent_id, i.domain_id, i.name, i.level, i.status) for i in items.values()])
    return {key: items[pk] for key, pk in ids.items()}


def existing_ids(domain_ids: Iterable[int]) -> dict[tuple[int, tuple[str, ...]], int]:
    """The ids of :func:`existing_index`'s items, read as plain values (no item objects to build and no JSON
    to decode): what a parse or a summary needs to know which rows update which items."""
    rows = DisclosureItem.objects.filter(domain_id__in=list(domain_ids), level__lte=2).values_list(
        "pk", "parent_id", "domain_id", "name", "level", "status"
    )
    return _index_of(list(rows))


def _index_of(rows: list[tuple]) -> dict[tuple[int, tuple[str, ...]], int]:
    """(pk, parent id, field id, name, level, status) rows → their ids by (field id, names from the 一级
    down); active ones win a name clash."""
    by_id = {row[0]: row for row in rows}
    paths: dict[int, tuple[str, ...]] = {}

    def path_of(row: tuple) -> tuple[str, ...]:
        pk = row[0]
        if pk not in paths:
            parent = by_id.get(row[1])
            paths[pk] = (path_of(parent) if parent else ()) + (row[3],)
        return paths[pk]

    index: dict[tuple[int, tuple[str, ...]], int] = {}
    for row in sorted(rows, key=lambda r: (r[4], r[5] != ItemStatus.ACTIVE, r[0])):
        index.setdefault((row[2], path_of(row)), row[0])
    return index


@dataclass
class _Node:
    domain: Domain
    path: tuple[str, ...]
    order: int
    row: PlannedRow | None  # None: a group made from the names of the rows below it


def plan_nodes(plan: ImportPlan) -> list[_Node]:
    """Every item the plan touches (rows and the groups above them), parents first, in file order; the
    order among siblings is the order of first appearance."""
    nodes: dict[tuple[int, tuple[str, ...]], _Node] = {}
    siblings: dict[tuple[int, tuple[str, ...]], int] = defaultdict(int)
    for row in plan.rows:
        domain_id = row.domain.pk
        for depth in range(1, len(row.path) + 1):
            key = (domain_id, row.path[:depth])
            if key not in nodes:
                parent = (domain_id, row.path[: depth - 1])
                siblings[parent] += 1
                nodes[key] = _Node(row.domain, row.path[:depth], siblings[parent], None)
            if depth == len(row.path):
                nodes[key].row = row
    return sorted(nodes.values(), key=lambda n: len(n.path))


def import_catalog(
    *, user, plan: ImportPlan, bulk: bool = True, progress: ProgressCallback | None = None
) -> ImportResult:
    """Write a validated plan in one transaction: all of it or nothing.

    ``bulk`` (the default) creates items level by level with ``bulk_create_with_history`` and rebuilds the
    tree fields once; ``bulk=False`` calls :func:`catalog.services.write_item` per item (the reference path,
    much slower on large files). Both leave the same catalog and record every item in its history.

    ``progress``, when given, is called as ``progress(done, total)`` with the number of the plan's item
    rows written so far (``total`` is ``len(plan.rows)``): once with 0 before writing, a few times (at most
    :data:`PROGRESS_STEPS`) as batches finish, and once with ``total`` when everything is written — still
    inside the transaction, so an error after it rolls everything back. It is not called for a plan that is
    refused (permission, errors, no rows).
    """
    perms.require(user, perms.ADD, AREA)
    if plan.errors:
        raise ValidationError([str(e) for e in plan.errors])
    if not plan.rows:
        raise ValidationError(_("没有可导入的事项。"))
    reason = (_("Excel导入：%(name)s") % {"name": plan.source_name})[:100]
    with collector_paused(), transaction.atomic():
        _lock_items()
        index = existing_index({row.domain.pk for row in plan.rows})
        nodes = plan_nodes(plan)
        if any(n.row is not None and (n.domain.pk, n.path) in index for n in nodes):
            perms.require(user, perms.CHANGE, AREA)
        history_user = user if isinstance(user, get_user_model()) and user.pk else None
        tracker = _Progress(progress, len(plan.rows))
        tracker.start()
        if bulk:
            result = _write_bulk(nodes, index, history_user, reason, tracker)
        else:
            result = _write_each(nodes, index, reason, tracker)
        tracker.finish()
        return result


def _lock_items() -> None:
    """On PostgreSQL, keep other writers off the item table until the import commits: the tree fields are
    computed from what the table holds now. (SQLite lets one writer in at a time anyway.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{DisclosureItem._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def _group_data(node: _Node) -> ItemData:
    return ItemData(name=node.path[-1], order=node.order, group=True)


def _write_each(nodes: list[_Node], index, reason: str, tracker: _Progress) -> ImportResult:
    written: dict[tuple[int, tuple[str, ...]], DisclosureItem] = {}
    created = updated = groups = 0
    unparsed: list[PlannedRow] = []
    for node in nodes:
        key = (node.domain.pk, node.path)
        parent = written.get((node.domain.pk, node.path[:-1])) if len(node.path) > 1 else None
        if parent is not None:
            parent.refresh_from_db()  # the tree fields moved with every insert
        existing = index.get(key)
        if node.row is None:
            if existing is None:
                existing = write_item(domain=node.domain, parent=parent, data=_group_data(node))
                groups += 1
            written[key] = existing
            continue
        if existing is not None:
            existing = DisclosureItem.objects.get(pk=existing.pk)
            existing._change_reason = reason
        data = replace(node.row.data, order=node.order)
        if node.row.tier_pending:  # no tier yet (待核对): passes the tier check as a group does
            data = replace(data, group=True)
        item = write_item(domain=node.domain, parent=parent, data=data, item=existing)
        written[key] = item
        tracker.add(1)
        created += existing is None
        updated += existing is not None
        if item.time_limit_status == RuleStatus.UNPARSED and not item.is_negative:
            unparsed.append(node.row)
    return ImportResult(created + updated, created, updated, groups, unparsed)


class _Codes:
    """Item codes as :func:`catalog.services.next_code` gives them, allocated in memory."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.next: dict[str, int] = defaultdict(lambda: 1)

    def allocate(self, prefix: str) -> str:
        n = self.next[prefix]
        while f"{prefix}-{n:02d}" in self.taken:
            n += 1
        code = f"{prefix}-{n:02d}"
        self.taken.add(code)
        self.next[prefix] = n + 1
        return code


@dataclass
class _Placement:
    """The items a bulk import saves, in saving order."""

    new_items: list[DisclosureItem]
    updated: list[DisclosureItem]
    placed: list[tuple[DisclosureItem, bool]]  # (item, is new)
    rows: list[tuple[DisclosureItem, PlannedRow]]
    groups: int = 0
    #: Existing items whose row changes nothing (fields, elements, bases, channels): not written at all.
    unchanged: set[int] = field(default_factory=set)


class _ItemFactory:
    """New unsaved items with every field at its default: the same object ``DisclosureItem()`` gives, made
    by copying the attributes of one such item (its field values, MPTT's remembered tree values) instead of
    running ``Model.__init__`` and MPTT's for each of thousands of items. A field with a callable default
    (a new dict or list) gets a new value for each item, and each item its own :class:`ModelState`."""

    #: Values an item can share with the others (immutable); anything else is made afresh per item.
    SHARED = (str, int, float, bool, type(None))

    def __init__(self):
        fields = DisclosureItem._meta.concrete_fields
        self.fresh = [(f.attname, f) for f in fields if f.has_default() and callable(f.default)]
        self.shared = dict(vars(DisclosureItem()))  # in its order; _state and fresh values replaced per item
        fresh = {name for name, _f in self.fresh} | {"_state"}
        self.copied = [n for n, v in self.shared.items() if n not in fresh and isinstance(v, dict)]
        self.usable = all(
            isinstance(value, self.SHARED)
            or (name in self.copied and all(isinstance(v, self.SHARED) for v in value.values()))
            for name, value in self.shared.items()
            if name not in fresh
        )
        if signals.pre_init.has_listeners(DisclosureItem) or signals.post_init.has_listeners(DisclosureItem):
            self.usable = False  # a receiver may expect to see each item made

    def __call__(self) -> DisclosureItem:
        if not self.usable:
            return DisclosureItem()
        item = DisclosureItem.__new__(DisclosureItem)
        attributes = item.__dict__
        attributes.update(self.shared)
        for name in self.copied:
            attributes[name] = dict(attributes[name])  # MPTT's _mptt_cached_fields
        for name, f in self.fresh:
            attributes[name] = f.get_default()  # a new dict / list for each item
        attributes["_state"] = ModelState()
        return item


def _place(nodes: list[_Node], index) -> _Placement:
    """Build (new) or rewrite (existing) every item in memory, parents first, through the services' own
    :func:`~catalog.services.apply_item_data`."""
    codes = _Codes(set(DisclosureItem.objects.values_list("code", flat=True)))
    new_item = _ItemFactory()
    item_fields = attrgetter(*ITEM_FIELDS)  # the values apply_item_data may change, as a tuple
    written: dict[tuple[int, tuple[str, ...]], DisclosureItem] = {}
    out = _Placement([], [], [], [])
    for node in nodes:
        key = (node.domain.pk, node.path)
        parent = written[(node.domain.pk, node.path[:-1])] if len(node.path) > 1 else None
        existing = index.get(key)
        if existing is not None:
            written[key] = existing
            if node.row is not None:
                stored = (existing.time_limit_text, existing.time_limit_status)
                before = item_fields(existing)
                apply_item_data(existing, node.row.data, stored_time_limit=stored)
                existing.order = node.order  # the row's data with the order of the file (as _write_each)
                if before == item_fields(existing):
                    out.unchanged.add(existing.pk)  # until its related rows say otherwise (_settle_unchanged)
                out.updated.append(existing)
                out.placed.append((existing, False))
                out.rows.append((existing, node.row))
            continue
        item = new_item()
        item.domain, item.parent = node.domain, parent
        apply_item_data(item, node.row.data if node.row else _group_data(node))
        item.order = node.order
        item.code = codes.allocate(parent.code if parent else node.domain.code.upper()[:12])
        out.new_items.append(item)
        out.placed.append((item, True))
        written[key] = item
        if node.row is not None:
            out.rows.append((item, node.row))
        else:
            out.groups += 1
    return out


def _settle_unchanged(out: _Placement) -> None:
    """Keep an existing item out of the write only when its related rows are unchanged too: re-importing an
    unchanged catalog writes nothing and adds no history."""
    if not out.unchanged:
        return
    stored = stored_related(out.unchanged)
    empty = NO_RELATED
    for item, row in out.rows:
        if item.pk in out.unchanged and stored.get(item.pk, empty) != row_related(row.data):
            out.unchanged.discard(item.pk)
    out.updated = [item for item in out.updated if item.pk not in out.unchanged]


def _write_bulk(nodes: list[_Node], index, history_user, reason: str, tracker: _Progress) -> ImportResult:
    out = _place(nodes, index)
    _settle_unchanged(out)
    moved = layout_tree_fields(out.placed)
    history = {"batch_size": BATCH_SIZE, "default_user": history_user, "default_change_reason": reason}
    with_row = {id(item) for item, _row in out.rows}
    tracker.add(len(out.unchanged))  # nothing to write for them
    for level in (0, 1, 2):  # parents get their ids before their children are inserted
        for batch in chunked([item for item in out.new_items if item.level == level], BATCH_SIZE):
            _create_items(batch, history)
            tracker.add(sum(1 for item in batch if id(item) in with_row))
    for batch in chunked(out.updated, BATCH_SIZE):
        _update_items(batch, history)
        tracker.add(len(batch))
    if moved:
        DisclosureItem.objects.bulk_update(moved, TREE_FIELDS, batch_size=BATCH_SIZE)
    _replace_related_bulk(out, history)
    new_ids = {id(item) for item in out.new_items}
    created = sum(1 for item, _row in out.rows if id(item) in new_ids)
    unparsed = [
        row
        for item, row in out.rows
        if item.time_limit_status == RuleStatus.UNPARSED and not item.is_negative
    ]
    return ImportResult(len(out.rows), created, len(out.rows) - created, out.groups, unparsed)


def _create_items(batch: list[DisclosureItem], history: dict) -> None:
    """Insert new items (one statement per batch, their ids read back) and their "+" history rows: what
    ``bulk_create_with_history`` writes, without compiling every value of every row through the ORM."""
    if not connection.features.can_return_rows_from_bulk_insert:
        bulk_create_with_history(batch, DisclosureItem, **history)
        return
    for item in batch:
        if item.parent_id is None and item.parent is not None:
            item.parent_id = item.parent.pk  # the parent was inserted with the level above
    table = _rows_of(DisclosureItem)
    values = table.prepare(table.values_of(batch))
    ids = table.insert(values, returning=True)
    for item, pk in zip(batch, ids, strict=True):
        item.pk = pk
        item._state.adding, item._state.db = False, connection.alias
    _history_rows(DisclosureItem, batch, "+", history, prepared=(table, values))


_PLAIN, _JSON, _OTHER = 0, 1, 2
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


class _Rows:
    """Rows of a model written as plain multi-row INSERTs of the values its fields prepare
    (``get_db_prep_save``, as ``bulk_create`` does) — skipped for a plain str, int, bool or None in a text,
    integer, boolean or foreign-key column, where preparing returns the value itself."""

    def __init__(self, model, attnames: tuple[str, ...] | None = None):
        meta = model._meta
        self.table, self.pk = meta.db_table, meta.pk
        if attnames is None:
            self.fields = [f for f in meta.concrete_fields if not isinstance(f, models.AutoField)]
        else:
            by_attname = {f.attname: f for f in meta.concrete_fields}
            self.fields = [by_attname[name] for name in attnames]
        self.get = attrgetter(*(f.attname for f in self.fields))
        self.kinds = [
            _JSON
            if isinstance(f, models.JSONField)
            else _PLAIN
            if isinstance(f.target_field if f.is_relation else f, _PLAIN_FIELDS)
            else _OTHER
            for f in self.fields
        ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
        self.placeholder = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.returning = " RETURNING " + quote(meta.pk.column)

    def values_of(self, objs) -> list[list]:
        """The objects' values of :attr:`fields`, a list per object."""
        if len(self.fields) == 1:
            return [[self.get(obj)] for obj in objs]
        return [list(self.get(obj)) for obj in objs]

    def prepare(self, rows: list[list], done: frozenset[int] = frozenset()) -> list[list]:
        """The rows' values (in the order of :attr:`fields`) prepared for the database, in place; the
        columns in ``done`` are prepared already. A plain column whose values are all plain is left as
        it is at once (the types of a column are gathered without a Python loop)."""
        db = connections[connection.alias]
        ops = db.ops
        for i, (column, kind) in enumerate(zip(self.fields, self.kinds, strict=True)):
            if i in done or (kind == _PLAIN and _PLAIN_TYPES.issuperset(map(type, map(itemgetter(i), rows)))):
                continue
            for row in rows:
                value = row[i]
                if kind == _PLAIN and type(value) in _PLAIN_TYPES:
                    continue
                if kind == _JSON and value is not None and not hasattr(value, "as_sql"):
                    row[i] = ops.adapt_json_value(column.get_prep_value(value), column.encoder)
                else:
                    row[i] = column.get_db_prep_save(value, db)
        return rows

    def insert(self, rows: list[list], *, returning: bool = False, most: int = BATCH_SIZE) -> list:
        """INSERT prepared rows, ``most`` a statement; the new primary keys when ``returning``. On PostgreSQL
        one COPY (the keys drawn from the table's sequence first)."""
        ids: list = []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                return self._copy(cursor, rows, returning)
            for batch in chunked(rows, _rows_per_statement(len(self.fields), most)):
                sql = self.head + ", ".join([self.placeholder] * len(batch))
                params = [value for row in batch for value in row]
                if returning:
                    _execute(cursor, sql + self.returning, params)
                    ids.extend(row[0] for row in cursor.fetchall())
                else:
                    _execute(cursor, sql, params)
        return ids

    def _copy(self, cursor, rows: list[list], returning: bool) -> list:
        if not rows:
            return []
        columns, ids = [f.column for f in self.fields], []
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(self.table), self.pk.column, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            rows = [[pk, *row] for pk, row in zip(ids, rows, strict=True)]
            columns = [self.pk.column, *columns]
        _copy_rows(cursor, self.table, columns, rows)
        return ids

    def update(self, objs: list) -> list[list]:
        """UPDATE the fields of saved objects to their values, :data:`BATCH_SIZE` objects a statement, as
        ``bulk_update`` does (one CASE on the primary key per column, cast where the database needs it).
        On PostgreSQL the rows are copied into a temporary table and updated from it in one statement.
        Returns the values written, prepared, a row per object."""
        quote, cast = connection.ops.quote_name, connection.features.requires_casted_case_in_updates
        pk = quote(self.pk.column)
        per_statement = _rows_per_statement(2 * len(self.fields) + 1)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                return self._update_from_copy(cursor, objs)
            if connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 33):
                return self._update_from_values(cursor, objs)
            written: list[list] = []
            for batch in chunked(objs, per_statement):
                rows = self.prepare(self.values_of(batch))
                written += rows
                ids = [obj.pk for obj in batch]
                sets, params = [], []
                for i, column in enumerate(self.fields):
                    case = f"CASE {pk} " + " ".join(["WHEN %s THEN %s"] * len(batch)) + " END"
                    if cast:
                        case = f"CAST({case} AS {column.cast_db_type(connection)})"
                    sets.append(f"{quote(column.column)} = {case}")
                    for pk_value, row in zip(ids, rows, strict=True):
                        params += [pk_value, row[i]]
                where = ", ".join(["%s"] * len(ids))
                _execute(
                    cursor,
                    f"UPDATE {quote(self.table)} SET {', '.join(sets)} WHERE {pk} IN ({where})",
                    params + ids,
                )
        return written

    def _update_from_values(self, cursor, objs: list) -> list[list]:
        """SQLite: ``WITH incoming(...) AS (VALUES …) UPDATE … FROM incoming`` — each row found by its key, where a
        CASE over every key of the batch would be read for every column of every row."""
        quote = connection.ops.quote_name
        table, pk = quote(self.table), quote(self.pk.column)
        columns = [quote(f.column) for f in self.fields]
        sets = ", ".join(f"{c} = incoming.{c}" for c in columns)
        placeholder = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
        written: list[list] = []
        for batch in chunked(objs, _rows_per_statement(len(columns) + 1)):
            rows = self.prepare(self.values_of(batch))
            written += rows
            _execute(
                cursor,
                f"WITH incoming ({pk}, {', '.join(columns)}) AS (VALUES {', '.join([placeholder] * len(batch))}) "
                f"UPDATE {table} SET {sets} FROM incoming WHERE {table}.{pk} = incoming.{pk}",
                [value for obj, row in zip(batch, rows, strict=True) for value in (obj.pk, *row)],
            )
        return written

    def _update_from_copy(self, cursor, objs: list) -> list[list]:
        if not objs:
            return []
        quote = connection.ops.quote_name
        table, temp, pk = quote(self.table), quote(f"import_{self.table}"), quote(self.pk.column)
        columns = [quote(f.column) for f in self.fields]
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS SELECT {pk}, {', '.join(columns)} "
            f"FROM {table} WITH NO DATA"
        )
        rows = self.prepare(self.values_of(objs))
        _copy_rows(
            cursor,
            f"import_{self.table}",
            [self.pk.column] + [f.column for f in self.fields],
            [[obj.pk, *row] for obj, row in zip(objs, rows, strict=True)],
        )
        sets = ", ".join(f"{c} = incoming.{c}" for c in columns)
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM {temp} AS incoming WHERE {table}.{pk} = incoming.{pk}"
        )
        cursor.execute(f"DROP TABLE {temp}")
        return rows


def _execute(cursor, sql: str, params: list) -> None:
    """``cursor.execute(sql, params)`` for the import's own statements (``%s`` placeholders, no literal %). On
    SQLite the statement goes to the sqlite3 cursor with ``?`` placeholders directly: Django's SQLite cursor
    rewrites each ``%s`` with a regular expression, which on a multi-row INSERT of thousands of values cost
    more than running it. Database errors are Django's as usual, and the statement is logged where Django
    logs them (``CaptureQueriesContext``, DEBUG)."""
    if connection.vendor != "sqlite":
        cursor.execute(sql, params)
        return
    connection.validate_no_broken_transaction()
    started = time.monotonic()
    with connection.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql.replace("%s", "?"), params)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})


def _copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    """PostgreSQL: COPY rows into a table (psycopg adapts each value: no SQL text to build, send and parse),
    logged like a statement where Django logs them (``CaptureQueriesContext``, DEBUG)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    started = time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})


def _rows_per_statement(columns: int, most: int = BATCH_SIZE) -> int:
    """``most`` (:data:`BATCH_SIZE`), or fewer where the database takes fewer parameters per statement."""
    limit = connection.features.max_query_params
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(most, (limit or 65535) // columns))


_TABLES: dict[tuple, _Rows] = {}
_UNREAD = object()


def _rows_of(model, attnames: tuple[str, ...] | None = None) -> _Rows:
    key = (connection.vendor, model, attnames)
    if key not in _TABLES:
        _TABLES[key] = _Rows(model, attnames)
    return _TABLES[key]


def _update_items(batch: list[DisclosureItem], history: dict) -> None:
    """Rewrite existing items (every field :func:`~catalog.services.apply_item_data` sets) and add their
    "~" history rows, as ``bulk_update_with_history`` does."""
    table = _rows_of(DisclosureItem, tuple(ITEM_FIELDS))
    _history_rows(DisclosureItem, batch, "~", history, prepared=(table, table.update(batch)))


def _delete_related(model, item_ids: list[int]) -> None:
    """Delete the rows of these items, each recorded in the history as its post_delete signal records it
    (a "-" row, the user of the request if any, no reason): one SELECT, one history INSERT and one DELETE
    per :data:`BATCH_SIZE` items instead of one history INSERT per row. Through the ORM where another
    table points at the rows (nothing does today)."""
    if any(rel.on_delete is not models.DO_NOTHING for rel in model._meta.related_objects):
        for ids in chunked(item_ids, BATCH_SIZE):
            model.objects.filter(item_id__in=ids).delete()
        return
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field("item").column)
    for ids in chunked(item_ids, BATCH_SIZE):
        if not _deleted_history(model, ids):
            continue
        with connection.cursor() as cursor:
            _execute(
                cursor,
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {column} IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )


def _deleted_history(model, item_ids: list[int]) -> bool:
    """Write the "-" history rows of these items' rows (read as plain values, not as model instances),
    as their post_delete signal would: the date, the request's user if any, no reason. False when the items
    have no rows."""
    historical = get_history_model_for_model(model)
    table = _rows_of(historical)
    names = [f.attname for f in table.fields]
    tracked = [f.attname for f in historical.tracked_fields]
    found = list(model.objects.filter(item_id__in=item_ids).order_by("pk").values_list(*tracked))
    if not found or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return bool(found)
    user = historical.get_default_history_user(model())  # rows read from the table carry no _history_user
    date = names.index("history_date")
    extra = {
        "history_date": table.fields[date].get_db_prep_save(timezone.now(), connections[connection.alias]),
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": None,
        "history_type": "-",
    }
    # each history column picked from (the row's tracked values…, the extra values…)
    others = [name for name in names if name not in tracked]
    at = {name: i for i, name in enumerate(tracked)} | {n: len(tracked) + k for k, n in enumerate(others)}
    pick, tail = itemgetter(*(at[name] for name in names)), tuple(extra[name] for name in others)
    rows = [list(pick(values + tail)) for values in found]
    table.insert(table.prepare(rows, frozenset({date})), most=RELATED_PER_STATEMENT)
    return True


def _history_rows(
    model, objs, history_type: str, history: dict, prepared=None, most: int = BATCH_SIZE
) -> None:
    """The history rows ``bulk_create_with_history`` / ``bulk_update_with_history`` (``history_type`` "+" or
    "~") and a deletion's post_delete ("-") write: every tracked field, the date, the user, the reason.
    ``prepared`` is (the model's :class:`_Rows`, the objects' prepared rows) to reuse their values."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = get_history_model_for_model(model)
    table = _rows_of(historical)
    names = [f.attname for f in table.fields]
    tracked = {f.attname for f in historical.tracked_fields}
    source = {f.attname: i for i, f in enumerate(prepared[0].fields)} if prepared else {}
    own = [name for name in names if name in tracked and name not in source]
    extra = [name for name in names if name not in tracked]
    # each history column picked from [the object's prepared row…, its own attributes…, the extra values…]
    width = len(prepared[0].fields) if prepared else 0
    at = {name: width + k for k, name in enumerate(own)} | {
        n: width + len(own) + k for k, n in enumerate(extra)
    }
    pick = itemgetter(*(source[name] if name in source else at[name] for name in names))
    attributes = attrgetter(*own) if len(own) > 1 else (lambda obj: (getattr(obj, own[0]),) if own else ())
    db = connections[connection.alias]
    date = names.index("history_date")
    now = timezone.now()
    now_prepared = table.fields[date].get_db_prep_save(now, db)
    default_user, reason = history.get("default_user"), history.get("default_change_reason")
    rows, context_user = [], _UNREAD
    for n, obj in enumerate(objs):
        if hasattr(obj, "_history_user"):
            user = obj._history_user
        elif default_user:
            user = default_user
        else:  # the request's user, if any (what simple_history's get_user gives an object without its own)
            if context_user is _UNREAD:
                context_user = historical.get_default_history_user(obj)
            user = context_user
        own_date = getattr(obj, "_history_date", None)
        values = {
            "history_date": table.fields[date].get_db_prep_save(own_date, db) if own_date else now_prepared,
            "history_user_id": user.pk if user is not None else None,
            "history_change_reason": get_change_reason_from_object(obj) or reason,
            "history_type": history_type,
        }
        reused = prepared[1][n] if prepared else ()
        rows.append(list(pick([*reused, *attributes(obj), *(values[name] for name in extra)])))
    done = frozenset(i for i, name in enumerate(names) if name in source) | {date}
    table.insert(table.prepare(rows, done), most=most)


def _replace_related_bulk(out: _Placement, history: dict) -> None:
    """Elements, bases and channels replaced as services.write_item replaces them (the deletions of the
    updated items' rows are recorded in their history; the new rows, like write_item's, are not)."""
    replaced = [item.pk for item in out.updated]
    for model in (ContentElement, ItemBasis, ItemChannel):
        _delete_related(model, replaced)
    rows = [(item, row) for item, row in out.rows if item.pk not in out.unchanged]
    documents = _basis_documents([ref for _item, row in rows for ref in row.data.bases], history)
    document_ids = {name: doc.pk for name, doc in documents.items()}
    elements, bases, channels = [], [], []
    for item, row in rows:
        data, pk = row.data, item.pk
        elements += [(pk, text[:500], i) for i, text in enumerate(data.elements)]
        bases += [(pk, document_ids[ref.name[:200]], ref.article, i) for i, ref in enumerate(data.bases)]
        for entry in data.channels:
            channel, required, *rest = entry
            channels.append((pk, str(channel), required, (rest[0] if rest else "")[:200]))
    _insert(ContentElement, ("item", "text", "order"), elements)
    _insert(ItemBasis, ("item", "document", "article", "order"), bases)
    _insert(ItemChannel, ("item", "channel", "required", "words"), channels)


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain multi-row INSERTs for the thousands of element, basis and channel rows of an import: the same
    rows ``bulk_create`` would write (plain columns: no defaults to compute, no signals), without building a
    model instance and compiling every value."""
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_rows(cursor, meta.db_table, [meta.get_field(name).column for name in fields], rows)
            return
        for batch in chunked(rows, _rows_per_statement(len(fields), RELATED_PER_STATEMENT)):
            _execute(
                cursor, sql + ", ".join([placeholder] * len(batch)), [value for row in batch for value in row]
            )


def _basis_documents(refs: list[BasisRef], history: dict) -> dict[str, BasisDocument]:
    """The basis documents by name, created where missing (as services._basis_document does)."""
    wanted: dict[str, BasisRef] = {}
    for ref in refs:
        wanted.setdefault(ref.name[:200], ref)
    found: dict[str, BasisDocument] = {}
    for names in chunked(list(wanted), BATCH_SIZE):
        found.update({doc.name: doc for doc in BasisDocument.objects.filter(name__in=names)})
    missing = [
        BasisDocument(name=name, issuer=ref.issuer, doc_number=ref.doc_number)
        for name, ref in wanted.items()
        if name not in found
    ]
    if missing:
        for doc in bulk_create_with_history(missing, BasisDocument, **history):
            found[doc.name] = doc
    for name, ref in wanted.items():
        doc = found[name]
        if (ref.issuer and not doc.issuer) or (ref.doc_number and not doc.doc_number):
            doc.issuer = doc.issuer or ref.issuer
            doc.doc_number = doc.doc_number or ref.doc_number
            doc.save()
    return found


TREE_FIELDS = ["tree_id", "lft", "rght", "level"]


def layout_tree_fields(placed: list[tuple[DisclosureItem, bool]]) -> list[DisclosureItem]:
    """Give the items about to be saved their MPTT fields without MPTT's per-insert UPDATEs.

    ``placed`` lists, in saving order, new (unsaved) items and existing items being rewritten. It replays
    what saving them one by one through MPTT would do (``order_insertion_by = ["order", "code"]``): a new
    item goes just before the sibling with the smallest (order, code) above its own, else last; a rewritten
    item whose order changed moves the same way. Every other item keeps its place, so an order the office
    set by dragging in the admin is kept. The new items get their fields set in memory; the existing rows
    whose fields change are returned (with the new values) to be saved."""
    rows = DisclosureItem.objects.order_by("tree_id", "lft").values_list(
        "pk", "parent_id", "order", "code", "tree_id", "lft", "rght", "level"
    )
    children: dict[object, list[object]] = defaultdict(list)  # parent key (None for roots) → child keys
    sort_key: dict[object, tuple[int, str]] = {}
    parent_of: dict[object, object] = {}
    current: dict[int, tuple[int, int, int, int]] = {}
    for pk, parent_id, order, code, *tree in rows:
        children[parent_id].append(pk)
        sort_key[pk] = (order, code)
        parent_of[pk] = parent_id
        current[pk] = tuple(tree)
    new_key = {id(item): ("new", n) for n, (item, is_new) in enumerate(placed) if is_new}
    objects: dict[object, DisclosureItem] = {}

    def key_of(item: DisclosureItem | None):
        if item is None:
            return None
        return new_key.get(id(item), item.pk)

    highest: dict[object, tuple[int, str]] = {}  # per parent, at least its children's largest (order, code)

    def insert(key, parent) -> None:
        siblings, wanted = children[parent], sort_key[key]
        top = highest.get(parent)
        if top is None and siblings:
            top = max(sort_key[s] for s in siblings)
        above = [s for s in siblings if sort_key[s] > wanted] if top is not None and top > wanted else []
        if above:
            siblings.insert(siblings.index(min(above, key=sort_key.__getitem__)), key)
        else:
            siblings.append(key)
        highest[parent] = wanted if top is None or wanted > top else top

    for item, is_new in placed:
        key = key_of(item)
        objects[key] = item
        wanted = (item.order, item.code)
        if is_new:  # its parent is the object it was built with (no query)
            sort_key[key] = wanted
            insert(key, key_of(item.parent))
        elif sort_key[key] != wanted:
            children[parent_of[key]].remove(key)
            sort_key[key] = wanted
            insert(key, parent_of[key])

    moved: list[DisclosureItem] = []
    for tree_id, root in enumerate(children[None], start=1):
        counter = 1
        stack: list[tuple[object, int, int | None]] = [(root, 0, None)]
        while stack:
            key, level, left = stack.pop()
            if left is None:
                stack.append((key, level, counter))
                counter += 1
                stack.extend((child, level + 1, None) for child in reversed(children.get(key, [])))
                continue
            values = (tree_id, left, counter, level)
            counter += 1
            if key in objects and key not in current:  # new
                item = objects[key]
                item.tree_id, item.lft, item.rght, item.level = values
            elif current[key] != values:
                moved.append(
                    DisclosureItem(pk=key, tree_id=values[0], lft=values[1], rght=values[2], level=values[3])
                )
                if key in objects:
                    item = objects[key]
                    item.tree_id, item.lft, item.rght, item.level = values
    return moved
