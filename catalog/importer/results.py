"""What an import reports: located problems, the planned rows, the plan and the result."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from domains.models import Domain

from ..services import ItemData


@dataclass(frozen=True)
class RowError:
    """One problem, located: ``工作表「义务教育」第5行 F列（公开时限）：不能为空``."""

    sheet: str = ""
    row: int = 0
    column: str = ""  # the column letter, "F"
    column_label: str = ""  # the header as the file says it, "公开时限" or "公开层级/区级"
    message: str = ""

    def __str__(self) -> str:
        where = _("工作表「%(s)s」") % {"s": self.sheet} if self.sheet else ""
        if self.row:
            where += _("第%(r)d行") % {"r": self.row}
        if self.column:
            where += (
                " "
                + _("%(c)s列") % {"c": self.column}
                + (f"（{self.column_label}）" if self.column_label else "")
            )
        elif self.column_label:
            where += f"（{self.column_label}）"
        return f"{where.strip()}：{self.message}" if where else self.message


@dataclass(frozen=True)
class Assumption(RowError):
    """What an import assumed where the file did not say (a default applied, words kept in a tick column, a
    column mapped by guess, a tier given): imported, listed for review (待核对) until the office confirms or
    corrects it. ``kind`` is one of :data:`ASSUMPTION_KINDS`."""

    kind: str = ""

    @property
    def kind_label(self) -> str:
        return str(ASSUMPTION_KINDS.get(self.kind, self.kind))


#: The kinds of assumption an import makes, and how the review list names them.
ASSUMPTION_KINDS = {
    "column": gettext_lazy("列的用途按推测"),
    "audience": gettext_lazy("公开对象未勾选，按全社会"),
    "mode": gettext_lazy("公开方式未勾选，按主动"),
    "tier": gettext_lazy("公开层级未勾选，按指定层级"),
    "no_tier": gettext_lazy("没有公开层级，待指定"),
    "words": gettext_lazy("勾选列中写的是文字"),
    "subject": gettext_lazy("公开主体取自责任科室"),
    "empty": gettext_lazy("必填内容为空"),
    "missing": gettext_lazy("目录缺少的列"),
    "continued": gettext_lazy("续行并入上一事项"),
    "time_limit": gettext_lazy("公开时限待确认"),
}


@dataclass
class PlannedRow:
    """One item row of the file, validated: where it is, which field, its names, and its data."""

    sheet: str
    row: int
    domain: Domain
    path: tuple[str, ...]
    data: ItemData
    rule_understood: bool
    action: str = "create"  # or "update": what importing it now would do
    confidence: str = ""  # the time-limit parser's: high | medium | low
    # set by :func:`catalog.importer.compare.compare_plan`:
    status: str = ""  # new | changed | unchanged
    changes: list = field(default_factory=list)  # [compare.Change] of a changed row
    item_id: int | None = None  # the existing item the row updates
    is_leaf: bool = True  # no item of the file or of the catalog below it
    needs_rule: bool = False  # a leaf whose time-limit rule will have to be set by hand
    #: what the import assumed for this row (listed for review, the item marked 待核对)
    assumptions: list[Assumption] = field(default_factory=list)
    #: no tier ticked and none given: the item comes in without a tier (no duty) until the office sets one
    tier_pending: bool = False

    @property
    def status_label(self) -> str:
        return {"new": _("新增"), "changed": _("有变更"), "unchanged": _("无变更")}.get(self.status, "")

    @property
    def label(self) -> str:
        return "／".join(self.path)

    @property
    def level_label(self) -> str:
        return (_("一级事项"), _("二级事项"), _("三级事项"))[len(self.path) - 1]


@dataclass
class ImportPlan:
    """What a workbook would import; nothing is written until :func:`import_catalog`."""

    source_name: str = ""
    field_code: str | None = None
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets read as catalog sheets
    tier: str | None = None  # the tier given for catalogs without a tier column (--tier)
    allow_missing: frozenset[str] = frozenset()  # required columns allowed to be missing (--allow-missing)
    compared: bool = False  # rows marked by compare.compare_plan
    groups_to_create: int = 0  # 一级 (二级) groups the write would create from merged names
    #: how each sheet was read (catalog.importer.mapping.SheetMap), in sheet order
    mapping: list = field(default_factory=list)
    #: what was assumed about whole sheets (columns mapped by guess); the rows' own are on each row
    assumptions: list[Assumption] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def items(self) -> list[PlannedRow]:
        return self.rows

    @property
    def count(self) -> int:
        """The number of item rows (what ``imported N items`` counts)."""
        return len(self.rows)

    @property
    def unparsed(self) -> list[PlannedRow]:
        """Rows whose time-limit wording the parser did not understand (imported, flagged for the office)."""
        return [r for r in self.rows if not r.rule_understood and not r.data.is_negative]

    @property
    def to_review(self) -> list[PlannedRow]:
        """Rows the import made an assumption for (待核对)."""
        return [r for r in self.rows if r.assumptions]

    def all_assumptions(self) -> list[Assumption]:
        """Every assumption: the sheets' first, then the rows', in file order."""
        return [*self.assumptions, *(a for r in self.rows for a in r.assumptions)]

    @property
    def manual(self) -> list[PlannedRow]:
        """Leaf item rows whose time-limit rule will have to be set by hand (after :func:`compare_plan`)."""
        return [r for r in self.rows if r.needs_rule]

    def per_domain(self) -> list[dict]:
        """[{domain, rows, create, update, new, changed, unchanged, manual}] in the order the fields first
        appear (new / changed / unchanged / manual once the rows are compared)."""
        summary: dict[int, dict] = {}
        for row in self.rows:
            entry = summary.setdefault(
                row.domain.pk,
                {
                    "domain": row.domain,
                    "rows": 0,
                    "create": 0,
                    "update": 0,
                    "new": 0,
                    "changed": 0,
                    "unchanged": 0,
                    "manual": 0,
                },
            )
            entry["rows"] += 1
            entry[row.action] += 1
            if row.status:
                entry[row.status] += 1
            entry["manual"] += row.needs_rule
        return list(summary.values())

    def status_counts(self) -> dict[str, int]:
        """{new, changed, unchanged, manual}: the rows of each status, and the leaves needing a rule by hand."""
        counts = {"new": 0, "changed": 0, "unchanged": 0, "manual": 0}
        for row in self.rows:
            if row.status:
                counts[row.status] += 1
            counts["manual"] += row.needs_rule
        return counts

    def by_column(self) -> list[tuple[str, int]]:
        """[(column, changed rows)] most changed first: which cells the file changes."""
        counts: dict[str, int] = {}
        for row in self.rows:
            for change in row.changes:
                counts[change.column] = counts.get(change.column, 0) + 1
        return sorted(counts.items(), key=lambda entry: (-entry[1], entry[0]))

    def filtered(self, status: str = "") -> list[PlannedRow]:
        """The rows of one status (new / changed / unchanged), or ``manual`` for the leaves needing a rule."""
        if status == "manual":
            return self.manual
        if status == "review":
            return self.to_review
        if status in ("new", "changed", "unchanged"):
            return [r for r in self.rows if r.status == status]
        return self.rows

    @property
    def to_create(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def to_update(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")


@dataclass
class ImportResult:
    count: int  # item rows written (created + updated)
    created: int
    updated: int
    groups_created: int  # 一级 (二级) group items created from merged labels, not counted in ``count``
    unparsed: list[PlannedRow]  # item rows imported with a time-limit rule to be set by hand
