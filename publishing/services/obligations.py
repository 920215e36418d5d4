"""Writes on obligations (三级清单): generated from the approved catalog edition, added or waived by the office.

Every write is keyword-only and atomic, asks :mod:`organizations.permissions`, locks what it changes and
records it (simple_history rows with a change reason). ``refresh_deadlines`` keeps each obligation's stored
deadline summary (``next_due``, ``deadline_base``) in step, so the API filters it in SQL.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from catalog.models import CatalogEdition, DisclosureItem, PublishedItem
from core.chunks import chunked
from organizations import permissions as perms
from organizations.models import Unit

from .. import deadlines, responsibility
from ..models import DeadlineBase, Obligation, ObligationSource, ObligationStatus

AREA = "publishing"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GenerationResult:
    created: int = 0
    reopened: int = 0
    closed: int = 0
    unchanged: int = 0
    #: Leaf items whose 公开主体 named no unit: they wait on the office's desk (待确定责任单位), given to no one.
    unassigned_items: int = 0


def desired_obligations(edition: CatalogEdition) -> tuple[dict[tuple[int, int], tuple], set[int], int]:
    """The (unit id, item id) pairs the edition asks for — the units each item's 公开主体 names
    (:mod:`publishing.responsibility`) — each with (rule, why, to confirm); the edition's item ids; and how
    many items name no unit (unassigned)."""
    plans = responsibility.plan_edition(edition)
    items = set(PublishedItem.objects.filter(edition=edition).values_list("item_id", flat=True))
    return responsibility.desired_pairs(plans), items, sum(1 for p in plans if p.unassigned)


@dataclass
class _Plan:
    """What one generation run changes, as ids and unsaved rows (no model instances of existing rows)."""

    to_create: list[Obligation] = field(default_factory=list)
    reopen: dict[int, tuple] = field(default_factory=dict)  # id -> (rule, why, to confirm)
    close: dict[int, str] = field(default_factory=dict)  # id -> reason
    repoint: list[int] = field(default_factory=list)  # same rule, confirmed by this edition
    new_rules: list[Obligation] = field(default_factory=list)  # the rule snapshot or the reason changed
    unchanged: int = 0


def _close_reason(edition: CatalogEdition, unit_active: bool, item_in_edition: bool) -> str:
    if not unit_active:
        return _("单位已停用")
    if item_in_edition:
        return _("公开主体不含本单位")
    return _("第%(n)s版目录不再要求") % {"n": edition.number}


def _plan(edition: CatalogEdition, desired: dict, edition_items: set[int], today: date) -> _Plan:
    active_units = set(Unit.objects.filter(is_active=True).values_list("id", flat=True))
    # (unit, item) -> (id, status, source, rule, edition id, basis, to confirm): plain tuples.
    existing = {
        (unit_id, item_id): rest
        for unit_id, item_id, *rest in Obligation.objects.values_list(
            "unit_id", "item_id", "id", "status", "source", "rule", "edition_id", "basis", "to_confirm"
        ).iterator(chunk_size=5000)
    }
    plan = _Plan()
    for key, (rule, why, confirm) in desired.items():
        row = existing.get(key)
        if row is None:
            plan.to_create.append(
                Obligation(
                    unit_id=key[0],
                    item_id=key[1],
                    edition=edition,
                    rule=rule,
                    started_on=today,
                    basis=why[:300],
                    to_confirm=confirm,
                )
            )
            continue
        pk, status, _source, old_rule, edition_id, old_basis, old_confirm = row
        if status == ObligationStatus.CLOSED:
            plan.reopen[pk] = (rule, why, confirm)
            continue
        plan.unchanged += 1
        # a duty the office confirmed stays confirmed; one the words now name outright is no longer to confirm
        confirm = old_confirm and confirm
        if old_rule != rule or old_basis != why[:300] or old_confirm != confirm:
            plan.new_rules.append(
                Obligation(pk=pk, rule=rule, edition_id=edition.pk, basis=why[:300], to_confirm=confirm)
            )
        elif edition_id != edition.pk:
            plan.repoint.append(pk)
    for key, (pk, status, source, _rule, _edition_id, _basis, _confirm) in existing.items():
        if key in desired or status == ObligationStatus.CLOSED:
            continue
        unit_gone = key[0] not in active_units
        if source == ObligationSource.ADDED and not unit_gone and key[1] in edition_items:
            continue  # added by the office on purpose: kept while its unit and item exist
        plan.close[pk] = _close_reason(edition, not unit_gone, key[1] in edition_items)
    return plan


def _reopen_and_close(plan: _Plan, edition: CatalogEdition, today: date) -> None:
    now = timezone.now()
    changed = []
    for chunk in chunked(list(plan.reopen) + list(plan.close), 500):  # whole rows: history has every field
        for obligation in Obligation.objects.filter(pk__in=chunk):
            obligation.updated_at = now
            if obligation.pk in plan.reopen:
                obligation.status = ObligationStatus.ACTIVE
                obligation.edition = edition
                obligation.rule, why, obligation.to_confirm = plan.reopen[obligation.pk]
                obligation.basis = why[:300]
                obligation.started_on = today
                obligation.closed_at = None
                obligation.reason = _("第%(n)s版目录重新适用") % {"n": edition.number}
            else:
                obligation.status = ObligationStatus.CLOSED
                obligation.closed_at = now
                obligation.reason = plan.close[obligation.pk]
            changed.append(obligation)
    if changed:
        bulk_update_with_history(
            changed,
            Obligation,
            [
                "status",
                "edition",
                "rule",
                "started_on",
                "closed_at",
                "reason",
                "updated_at",
                "basis",
                "to_confirm",
            ],
            batch_size=500,
            default_change_reason=_("第%(n)s版目录") % {"n": edition.number},
        )


# -- set-based generation on PostgreSQL (issue 17: ≥ 30,000 obligations/s, bounded memory) -------------------
# The (unit, item) pairs an edition asks for, with the rule: the matching of desired_obligations() in SQL. The
# items' JSON is read once per item (the MATERIALIZED CTE), not once per (unit, item) pair.
_ELIGIBLE = """(WITH s AS MATERIALIZED (
        SELECT x.item_id, COALESCE(x.rule, '{}'::jsonb) AS rule, COALESCE(x.kinds, '{}'::jsonb) AS kinds,
               COALESCE(x.units, '{}'::jsonb) AS units
        FROM jsonb_to_recordset(%(spec)s::jsonb) AS x(item_id bigint, rule jsonb, kinds jsonb, units jsonb)
        ORDER BY x.item_id)
    SELECT u.id AS unit_id, m.item_id, m.rule, left(m.kinds ->> u.kind, 300) AS basis, false AS to_confirm
    FROM {units} u CROSS JOIN LATERAL (SELECT s.item_id, s.rule, s.kinds FROM s WHERE s.kinds ? u.kind OFFSET 0) m
    WHERE u.is_active
    UNION ALL
    SELECT e.key::bigint, s.item_id, s.rule, left(e.value ->> 0, 300), (e.value ->> 1)::boolean
    FROM s CROSS JOIN LATERAL jsonb_each(s.units) e JOIN {units} n ON n.id = e.key::bigint AND n.is_active)"""
# The pairs of who owes what (publishing.responsibility), as one JSON parameter per run: per item, the unit
# kinds it goes to whole (every street …: the LATERAL, kept apart by OFFSET 0, is memoized per unit kind) and
# the units named one by one (disjoint from those kinds).
_MATCH = "o.unit_id = d.unit_id AND o.item_id = d.item_id"


def _sql(text: str) -> str:
    """``text`` with {eligible} (the pairs, as a subquery), {obligations}, {history}, {items} and {units}."""
    qn = connection.ops.quote_name
    tokens = (
        ("{eligible}", _ELIGIBLE),
        ("{obligations}", qn(Obligation._meta.db_table)),
        ("{history}", qn(Obligation.history.model._meta.db_table)),
        ("{items}", qn(PublishedItem._meta.db_table)),
        ("{units}", qn(Unit._meta.db_table)),
    )
    for token, value in tokens:
        text = text.replace(token, value)
    return text


def _insert_missing_sql(params: dict, summaries: list | None) -> int:
    """One ``INSERT … SELECT`` of the pairs the edition asks for that have no obligation yet, with their history
    rows in the same statement; returns how many were created. Without ``summaries``: one pair per item (the
    representatives whose deadline summary is then computed); with them, every other pair, its summary taken
    from its item's representative (same rule, all start today with nothing published)."""
    qn = connection.ops.quote_name
    values = {
        "unit_id": "d.unit_id",
        "item_id": "d.item_id",
        "basis": "d.basis",
        "to_confirm": "d.to_confirm",
        "edition_id": "%(edition)s",
        "source": f"'{ObligationSource.GENERATED.value}'",
        "status": f"'{ObligationStatus.ACTIVE.value}'",
        "rule": "d.rule",
        "started_on": "%(today)s",
        "created_at": "%(now)s",
        "updated_at": "%(now)s",
    }
    source = "FROM {eligible} d"
    if summaries:
        rows = ", ".join(f"(%(i{n})s::bigint, %(due{n})s::date, %(base{n})s)" for n in range(len(summaries)))
        for n, (item_id, due, base) in enumerate(summaries):
            params.update({f"i{n}": item_id, f"due{n}": due, f"base{n}": base})
        source += f" LEFT JOIN (VALUES {rows}) AS v(item_id, due, base) ON v.item_id = d.item_id"
        source += f" WHERE NOT EXISTS (SELECT 1 FROM {{obligations}} o WHERE {_MATCH})"
        values.update(next_due="v.due", deadline_base=f"COALESCE(v.base, '{DeadlineBase.PENDING.value}')")
    for f in Obligation._meta.concrete_fields:  # any other NOT NULL column: the field's default
        if not (f.primary_key or f.null or f.column in values):
            params[f"d_{f.column}"] = f.get_db_prep_save(f.get_default(), connection)
            values[f.column] = f"%(d_{f.column})s"
    select = f"SELECT {', '.join(values.values())} {source}"
    if summaries is None:  # one pair per item (its first unit), among those still missing: hashed, not sorted
        select = (
            f"SELECT {', '.join(values.values())} FROM (SELECT DISTINCT ON (d.item_id) d.* "
            f"FROM {{eligible}} d WHERE NOT EXISTS (SELECT 1 FROM {{obligations}} o WHERE {_MATCH}) "
            "ORDER BY d.item_id, d.unit_id) d"
        )
    columns = {f.column for f in Obligation._meta.concrete_fields}
    history = {"history_date": "%(now)s", "history_change_reason": "%(reason)s", "history_type": "'+'"}
    for f in Obligation.history.model._meta.concrete_fields:
        if f.column not in history and f.column != "history_id":
            history[f.column] = f"new.{qn(f.column)}" if f.column in columns else "NULL"
    sql = _sql(
        f"WITH new AS (INSERT INTO {{obligations}} ({', '.join(map(qn, values))}) {select} {{conflict}} "
        f"RETURNING *) INSERT INTO {{history}} ({', '.join(map(qn, history))}) "
        f"SELECT {', '.join(history.values())} FROM new"
    )
    skip_conflicts = sql.replace("{conflict}", "ON CONFLICT (unit_id, item_id) DO NOTHING")
    with connection.cursor() as cursor:
        if summaries is None:
            cursor.execute(skip_conflicts, params)
            return cursor.rowcount
        # The bulk: a plain insert of the pairs no obligation has (ON CONFLICT makes every row a speculative
        # insertion: one more index probe and WAL record each). Should another transaction have added one of
        # them since (an office's add_obligation), the savepoint is rolled back and the conflicts skipped.
        try:
            with transaction.atomic():
                cursor.execute(sql.replace("{conflict}", ""), params)
        except IntegrityError:
            cursor.execute(skip_conflicts, params)
        return cursor.rowcount


def _may_skip_fk_triggers() -> bool:
    """Whether this session may set ``session_replication_role`` (a superuser, or on PostgreSQL 15+ a role
    granted ``SET ON PARAMETER session_replication_role``): then the generated rows are written without the
    per-row foreign-key triggers and their references are checked set-based (:func:`_lock_references`)."""
    with connection.cursor() as cursor:
        if connection.pg_version >= 150000:
            cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return bool(cursor.fetchone()[0])


@contextmanager
def _fk_triggers_off(skip: bool):
    """With ``skip``: ``session_replication_role = replica`` for the statements inside (transaction-local,
    restored after them), so PostgreSQL neither queues nor runs the foreign-key triggers of the rows they
    insert: at 2 million obligations the three checks per row (unit, item, edition) cost more than the insert
    itself. The caller must then run :func:`_lock_references`."""
    if not skip:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('session_replication_role', 'replica', true)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [before])


#: The trigger-free rows' references, checked as the foreign-key triggers would at commit: every unit and item
#: they name is locked FOR KEY SHARE (so it cannot be deleted or its key changed before the commit) and must
#: exist. The edition is locked (FOR NO KEY UPDATE) by generate_obligations; waived_by and history_user are NULL.
_LOCK_REFERENCES = """WITH k AS MATERIALIZED (SELECT DISTINCT o.{column} AS id FROM {obligations} o WHERE o.id > %s),
    l AS (SELECT r.id FROM {table} r WHERE r.id IN (SELECT id FROM k) FOR KEY SHARE OF r)
    SELECT (SELECT count(*) FROM k) - (SELECT count(*) FROM l)"""


def _lock_references(after_pk: int) -> None:
    """After a trigger-free insert: what the foreign-key triggers would have checked, one statement per key."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in ("unit", "item"):
            f = Obligation._meta.get_field(name)
            table = qn(f.related_model._meta.db_table)
            cursor.execute(_sql(_LOCK_REFERENCES.replace("{column}", qn(f.column)).replace("{table}", table)),
                           [after_pk])  # fmt: skip
            if cursor.fetchone()[0]:
                raise IntegrityError(_("生成的公开义务引用了不存在的%(what)s。") % {"what": f.verbose_name})


def _create_sql(params: dict, after_pk: int) -> int:
    """Create the missing obligations: one representative per item first, its deadline summary through
    :func:`refresh_deadlines`, then all the others in one statement carrying those summaries."""
    skip = _may_skip_fk_triggers()
    with _fk_triggers_off(skip):
        created = _insert_missing_sql(params, None)
    if not created:
        return 0
    reps = Obligation.objects.filter(
        pk__gt=after_pk, edition_id=params["edition"], started_on=params["today"]
    )
    refresh_deadlines(obligations=reps, today=params["today"])
    summaries = list(reps.values_list("item_id", "next_due", "deadline_base"))
    with _fk_triggers_off(skip):
        created += _insert_missing_sql(params, summaries)
    if skip:
        _lock_references(after_pk)
    return created


def _spec(plans) -> str:
    """Who owes what, as the JSON parameter of :data:`_ELIGIBLE`."""
    return json.dumps(
        [
            {
                "item_id": p.item_id,
                "rule": p.rule,
                "kinds": p.kinds,
                "units": {str(u): [why, confirm] for u, (why, confirm) in p.units.items()},
            }
            for p in plans
            if p.unit_ids
        ],
        ensure_ascii=False,
    )


def _plan_sql(edition: CatalogEdition, today: date, after_pk: int, plans) -> tuple[_Plan, int, list[int]]:
    """PostgreSQL: create the missing obligations and update rules and edition pointers in SQL; returns the
    plan of what is left for :func:`_reopen_and_close` (reopened and closed rows: few), how many were created
    and the ids whose rule changed."""
    params = {
        "edition": edition.pk,
        "today": today,
        "now": timezone.now(),
        "reason": _("由目录生成"),
        "spec": _spec(plans),
    }
    plan = _Plan()
    with connection.cursor() as cursor:
        cursor.execute(_sql(f"SELECT count(*) FROM {{obligations}} o JOIN {{eligible}} d ON {_MATCH} "
                            "WHERE o.status <> 'closed'"), params)  # fmt: skip
        plan.unchanged = cursor.fetchone()[0]
        cursor.execute(_sql(f"UPDATE {{obligations}} o SET rule = d.rule, edition_id = %(edition)s, "
                            "basis = d.basis, to_confirm = o.to_confirm AND d.to_confirm "
                            f"FROM {{eligible}} d WHERE {_MATCH} AND o.status <> 'closed' AND (o.rule <> d.rule "
                            "OR o.basis <> d.basis OR (o.to_confirm AND NOT d.to_confirm)) "
                            "RETURNING o.id, o.rule = d.rule"), params)  # fmt: skip
        new_rule_ids = [pk for pk, same_rule in cursor.fetchall() if not same_rule]
        cursor.execute(_sql(f"UPDATE {{obligations}} o SET edition_id = %(edition)s FROM {{eligible}} d "
                            f"WHERE {_MATCH} AND o.status <> 'closed' AND o.edition_id <> %(edition)s"), params)  # fmt: skip
        cursor.execute(_sql(f"SELECT o.id, d.rule, d.basis, d.to_confirm FROM {{obligations}} o "
                            f"JOIN {{eligible}} d ON {_MATCH} WHERE o.status = 'closed'"), params)  # fmt: skip
        plan.reopen = {
            pk: (json.loads(rule) if isinstance(rule, str) else rule, basis, confirm)
            for pk, rule, basis, confirm in cursor.fetchall()
        }
        cursor.execute(_sql("SELECT o.id, o.source, u.is_active, o.item_id FROM {obligations} o "
                            "JOIN {units} u ON u.id = o.unit_id WHERE o.status <> 'closed' AND NOT EXISTS "
                            f"(SELECT 1 FROM {{eligible}} d WHERE {_MATCH})"), params)  # fmt: skip
        leaving = cursor.fetchall()
    # Last: the rows it adds need none of the updates above, which then never scan them.
    created = _create_sql(params, after_pk)
    edition_items = set(PublishedItem.objects.filter(edition=edition).values_list("item_id", flat=True))
    for pk, source, unit_active, item_id in leaving:
        if source == ObligationSource.ADDED and unit_active and item_id in edition_items:
            continue  # added by the office on purpose: kept while its unit and item exist
        plan.close[pk] = _close_reason(edition, unit_active, item_id in edition_items)
    return plan, created, new_rule_ids


def _summarise_created(edition: CatalogEdition, after_pk: int, today: date) -> None:
    """SQLite and the like: the deadline summary of the obligations just generated (all started today with
    nothing published, so it depends on the rule alone), computed by ``refresh_deadlines`` for one obligation
    per distinct rule and copied to the others with that rule."""
    created = Obligation.objects.filter(
        pk__gt=after_pk, edition=edition, source=ObligationSource.GENERATED, started_on=today
    )
    reps = list(created.order_by().values("rule").annotate(rep=Min("pk")).values_list("rep", flat=True))
    refresh_deadlines(obligations=Obligation.objects.filter(pk__in=reps), today=today)
    for rule, next_due, base in Obligation.objects.filter(pk__in=reps).values_list(
        "rule", "next_due", "deadline_base"
    ):
        created.filter(rule=rule).update(next_due=next_due, deadline_base=base)


@transaction.atomic
def generate_obligations(*, edition: CatalogEdition, today: date | None = None) -> GenerationResult:
    """Bring the 三级清单 in line with an approved edition: create, reopen and close — never delete.

    Set-based: on PostgreSQL the new obligations (with their history rows) are one ``INSERT … SELECT`` and
    the rule and edition updates are ``UPDATE … FROM`` (:func:`_plan_sql`); a role that may set
    ``session_replication_role`` (superuser, or ``GRANT SET ON PARAMETER session_replication_role TO …`` on
    PostgreSQL 15+) writes them without the per-row foreign-key triggers, the units and items they name
    then locked and checked in one statement each; elsewhere the desired pairs come
    from two queries, the existing obligations from one, and the changes are written in bulk (with history
    rows). Only what changed gets its deadline summary recomputed.
    """
    if not edition.is_frozen:
        raise ValidationError(_("只能从已批准的目录版本生成公开义务。"))
    today = today or timezone.localdate()
    # Serialise runs (an approval and a unit change may regenerate at the same moment). NO KEY UPDATE: an
    # obligation another transaction inserts meanwhile (its foreign-key check takes KEY SHARE on the edition)
    # is not blocked by this lock while this run waits on its (unit, item) key — no deadlock.
    CatalogEdition.objects.select_for_update(no_key=True).filter(pk=edition.pk).values_list(
        "pk", flat=True
    ).first()
    after_pk = Obligation.objects.aggregate(m=Max("pk"))["m"] or 0
    if connection.vendor == "postgresql":
        plans = responsibility.plan_edition(edition)
        plan, created, changed_rules = _plan_sql(edition, today, after_pk, plans)
        unassigned = sum(1 for p in plans if p.unassigned)
    else:
        desired, edition_items, unassigned = desired_obligations(edition)
        plan = _plan(edition, desired, edition_items, today)
        created, changed_rules = len(plan.to_create), [o.pk for o in plan.new_rules]
        if plan.to_create:
            bulk_create_with_history(
                plan.to_create, Obligation, batch_size=1000, default_change_reason=_("由目录生成")
            )
    _reopen_and_close(plan, edition, today)
    # The pointer to the confirming edition and the rule snapshot are kept current without history rows.
    if plan.new_rules:
        Obligation.objects.bulk_update(
            plan.new_rules, ["rule", "edition", "basis", "to_confirm"], batch_size=500
        )
    for chunk in chunked(plan.repoint, 500):
        Obligation.objects.filter(pk__in=chunk).update(edition=edition)
    if created and connection.vendor != "postgresql":
        _summarise_created(edition, after_pk, today)
    refresh_deadlines(
        obligations=Obligation.objects.filter(pk__in=list(plan.reopen) + changed_rules), today=today
    )
    result = GenerationResult(created, len(plan.reopen), len(plan.close), plan.unchanged, unassigned)
    if unassigned:
        log.info("%s items name no unit: they wait on the office's desk, unassigned", unassigned)
    return result


@transaction.atomic
def add_obligation(*, user, unit: Unit, item: DisclosureItem, reason: str) -> Obligation:
    """The office adds an obligation by hand (or reopens a closed one)."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以添加公开义务。"))
    perms.require(user, perms.ADD, AREA, unit)
    if not reason.strip():
        raise ValidationError(_("添加公开义务须说明理由。"))
    entry = PublishedItem.objects.current().filter(item=item).first()
    edition = entry.edition if entry else CatalogEdition.objects.current()
    if edition is None:
        raise ValidationError(_("尚无已批准的目录版本。"))
    rule = (entry.data.get("time_limit_rule") if entry else item.time_limit_rule) or {}
    obligation = Obligation.objects.select_for_update().filter(unit=unit, item=item).first()
    if obligation is None:
        obligation = Obligation(unit=unit, item=item)
    elif obligation.status == ObligationStatus.ACTIVE:
        raise ValidationError(_("该单位已有此公开义务。"))
    obligation.edition = edition
    obligation.source = ObligationSource.ADDED
    obligation.status = ObligationStatus.ACTIVE
    obligation.rule = rule
    obligation.started_on = timezone.localdate()
    obligation.reason = reason
    obligation.closed_at = None
    obligation._change_reason = _("公开办添加：%(reason)s") % {"reason": reason}
    obligation.save()
    refresh_deadlines(obligations=Obligation.objects.filter(pk=obligation.pk))
    obligation.refresh_from_db()
    return obligation


@transaction.atomic
def waive_obligation(*, user, obligation: Obligation, reason: str) -> Obligation:
    """The office exempts a unit from an obligation (recorded with who and why)."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以豁免公开义务。"))
    perms.require(user, perms.CHANGE, AREA, obligation.unit)
    if not reason.strip():
        raise ValidationError(_("豁免须说明理由。"))
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.status != ObligationStatus.ACTIVE:
        raise ValidationError(_("只有有效的公开义务可以豁免。"))
    obligation.status = ObligationStatus.WAIVED
    obligation.reason = reason
    obligation.waived_by = user
    obligation.waived_at = timezone.now()
    obligation._change_reason = _("豁免：%(reason)s") % {"reason": reason}
    obligation.save()
    return obligation


# -- the stored deadline summary ---------------------------------------------------------------------------
def refresh_deadlines(*, obligations=None, today: date | None = None, batch_size: int = 2000) -> int:
    """Store each active obligation's deadline summary (``next_due``: the earliest due date of what is still
    to publish; ``deadline_base``: dated / pending / done), so lists filter on it in SQL.

    Computed by :func:`publishing.deadlines.obligation_status` in batches (two queries per batch). The
    publication services call it for the obligations they touch; the nightly task for all (a new period of a
    periodic duty begins with the calendar, not with a write). Returns how many rows changed.
    """
    today = today or timezone.localdate()
    queryset = Obligation.objects.active() if obligations is None else obligations.filter(status="active")
    changed = 0
    for ids in chunked(list(queryset.order_by().values_list("pk", flat=True)), batch_size):
        board = deadlines.obligation_status(
            Obligation.objects.filter(pk__in=ids), today, recent_days=365 * 100, soon_workdays=0
        )
        summary = {pk: (None, DeadlineBase.PENDING) for pk in ids}
        for entry in board.done:
            summary[entry.obligation.pk] = (None, DeadlineBase.DONE)
        for entry in board.overdue + board.due_soon + board.upcoming:
            due, _base = summary[entry.obligation.pk]
            if entry.due is not None and (due is None or entry.due < due):
                summary[entry.obligation.pk] = (entry.due, DeadlineBase.DATED)
        stored = {
            pk: (due, base)
            for pk, due, base in Obligation.objects.filter(pk__in=ids).values_list(
                "pk", "next_due", "deadline_base"
            )
        }
        # One UPDATE per distinct (next due, base) — a few dates cover thousands of duties — instead of a
        # CASE per row.
        groups: dict[tuple, list[int]] = {}
        for pk, value in summary.items():
            if stored.get(pk) != value:
                groups.setdefault(value, []).append(pk)
        for (due, base), pks in groups.items():
            for chunk in chunked(pks, 900):
                Obligation.objects.filter(pk__in=chunk).update(next_due=due, deadline_base=base)
            changed += len(pks)
    return changed


@transaction.atomic
def confirm_obligation(*, user, obligation: Obligation) -> Obligation:
    """The office confirms a duty the words did not name outright ("相关部门" → the field's units)."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以确认责任单位。"))
    perms.require(user, perms.CHANGE, AREA, obligation.unit)
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.status != ObligationStatus.ACTIVE or not obligation.to_confirm:
        raise ValidationError(_("该义务无需确认。"))
    obligation.to_confirm = False
    obligation._change_reason = _("公开办确认责任单位")
    obligation.save()
    return obligation


def replan_obligations(*, user, edition: CatalogEdition | None = None) -> GenerationResult:
    """The office re-plans who owes what under the edition in force (after units' sectors or names changed):
    duties the words no longer give are closed ("公开主体不含本单位"), never deleted; publications are kept."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以重新确定责任单位。"))
    edition = edition or CatalogEdition.objects.current()
    if edition is None:
        raise ValidationError(_("尚无已批准的目录版本。"))
    return generate_obligations(edition=edition)
