"""Stage 2 of an import: read the item rows of a sheet into :class:`~catalog.services.ItemData`.

A :class:`RowReader` reads one sheet row by row and carries what continues from one row to the next (the
current field, 一级 and 二级, the row above for 同上). Each row is read through a :class:`RowCells`: the row's
cells, its problems and its notes, each located by sheet, row and column.

What a cell cannot fully say becomes a **warning** naming what was kept (an unknown tick, a local channel
name, a note in the channel list). What an officer settles afterwards is imported as an **assumption**
(:class:`~catalog.importer.results.Assumption`, the item 待核对): no tick in 公开对象 / 公开方式 (the default,
全社会 / 主动), no tick in 公开层级 (the tier given, else no tier: no duty until the office sets one), words in
a tick column (ticked, the words kept: "特定群体：项目单位"), an empty 公开内容 / 公开时限 / 公开主体 (a
公开主体 taken from a 责任科室 column where there is one), a column the catalog lacks, a time limit read with a
default or not read at all, a continuation row (no name and no 序号 of its own, only text: joined to the item
above). An **error** is left only where the file contradicts itself or an item cannot be named: the same
item twice, a 一级's own row after its children, 同上 with nothing above, a negative-list item without its
ground or ticked 主动, a cell too long to keep (the rules the admin applies, :mod:`catalog.checks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from domains.models import Domain

from .. import excel
from ..checks import TIERS
from ..services import BasisRef, ItemData, item_problems_of
from ..timelimits import MEDIUM, parse_time_limit
from .layout import (
    AUDIENCE_WORDS,
    COMMUNITY,
    DISTRICT,
    MODE_WORDS,
    NAME_KEYS,
    NON_DATA_KEYS,
    REQUIRED_COLUMNS,
    STREET,
    TIER_NAMES,
    Col,
    Layout,
    is_header_row,
    is_sub_label,
    label_key,
    tier_of,
)
from .results import Assumption, ImportPlan, PlannedRow, RowError

MAX_LENGTHS = {
    "time_limit_text": 300,
    "subject_text": 200,
    "form": 100,
    "duration": 100,
    "responsible_office": 100,
}
SAME_AS_ABOVE = {"同上", "同上。", "同上.", "同 上"}
TICK_HELP = "勾选请填 √ ● ■（不勾选请留空或填 □）"
#: A name that only says "none" ("—", "─", "/"): the row has no name at this level.
NO_NAME_RE = re.compile(r"^[\-—─–－/／\\_＿]+$")
_WORDS_RE = re.compile(r"[\u3400-\u9fff]")
AUDIENCE_GROUP, MODE_GROUP = gettext_lazy("公开对象"), gettext_lazy("公开方式")


class DomainMatcher:
    """Find a field by a sheet name, a title or a cell: its name or a former name (扶贫 → 乡村振兴)."""

    def __init__(self, domains: Iterable[Domain]):
        self.domains = list(domains)
        self.aliases: list[tuple[str, Domain]] = []
        for domain in self.domains:
            names = [domain.name, *re.split(r"[,，、;；/\s]+", domain.former_names or "")]
            for name in names:
                key = self._key(name)
                if len(key) >= 2:
                    self.aliases.append((key, domain))

    @staticmethod
    def _key(text: str) -> str:
        return re.sub(r"[\s\u3000]+", "", excel.cell_text(text))

    def exact(self, text: str) -> Domain | None:
        key = self._key(text)
        for candidate in (key, key.removesuffix("领域")):
            for alias, domain in self.aliases:
                if alias == candidate:
                    return domain
        return None

    def find(self, text: str) -> Domain | None:
        """The field whose name is the longest one contained in ``text``; None if none, or a tie."""
        key = self._key(text)
        hits = [(len(alias), domain) for alias, domain in self.aliases if alias in key]
        if not hits:
            return None
        longest = max(n for n, _d in hits)
        found = {d.pk: d for n, d in hits if n == longest}
        return next(iter(found.values())) if len(found) == 1 else None

    def resolve(self, text: str) -> Domain | None:
        return self.exact(text) or self.find(text)

    def by_code(self, code: str) -> Domain | None:
        return next((d for d in self.domains if d.code == code), None) or self.exact(code)


@dataclass
class Registry:
    """What the rows of every sheet of a workbook share: the items seen, the groups, the headings."""

    seen: dict[tuple[int, tuple[str, ...]], tuple[str, int]]  # → (sheet, row) of its first row
    parents_with_children: set[tuple[int, tuple[str, ...]]]
    headings: list[tuple[str, int, Domain, tuple[str, ...], Col]]


class RowCells:
    """One row of a sheet: its cells (同上 resolved), and its problems and notes, located."""

    def __init__(self, sheet: str, r: int, values: list, layout: Layout):
        self.sheet, self.r, self.values, self.layout = sheet, r, values, layout
        self._texts: dict[int, str] = {}
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.notes: list[str] = []
        self.assumptions: list[Assumption] = []

    def raw(self, col: Col):
        index, values = col.index, self.values
        return values[index - 1] if index <= len(values) else None

    def text_of(self, col: Col | None) -> str:
        if col is None:
            return ""
        index = col.index
        text = self._texts.get(index)
        if text is None:
            values = self.values
            text = self._texts[index] = excel.cell_text(values[index - 1] if index <= len(values) else None)
        return text

    def text(self, key: str) -> str:
        return self.text_of(self.layout.columns.get(key))

    def error(self, col: Col | None, message: str) -> None:
        self.errors.append(
            RowError(self.sheet, self.r, col.letter if col else "", col.label if col else "", message)
        )

    def warn(self, col: Col | None, message: str) -> None:
        self.warnings.append(
            RowError(self.sheet, self.r, col.letter if col else "", col.label if col else "", message)
        )

    def assume(self, col: Col | None, kind: str, message: str) -> None:
        self.assumptions.append(
            Assumption(self.sheet, self.r, col.letter if col else "", col.label if col else "", message, kind)
        )

    def tick(self, col: Col) -> bool:
        value = excel.parse_tick(self.raw(col))
        if value is None and _WORDS_RE.search(self.text_of(col)):
            # words where a tick goes ("项目单位" under 特定群体): ticked, the words kept with the item
            words = self.text_of(col)
            self.notes.append(f"{col.label}：{words}")
            self.assume(
                col,
                "words",
                _("勾选列中写的是文字「%(w)s」：按已勾选导入，文字记在导入说明里") % {"w": words},
            )
            return True
        if value is None:
            self.warn(
                col,
                _("无法识别的勾选内容「%(v)s」，按未勾选处理（%(help)s）")
                % {"v": self.text_of(col), "help": TICK_HELP},
            )
            return False
        return value


class RowReader:
    """Reads the item rows of one sheet, carrying the field, the 一级/二级 names and the row above."""

    def __init__(self, plan: ImportPlan, sheet: str, layout: Layout, registry: Registry, fields):
        self.plan, self.sheet, self.layout, self.registry = plan, sheet, layout, registry
        self.fields = fields  # a plan.FieldFinder: which field a row belongs to
        self.domain: Domain | None = None
        self.l1 = self.l2 = ""
        self.above: tuple[list, int] | None = None  # (cells, row) of the last data row, for 同上
        self.in_repeated_header = False
        self.columns = [*layout.columns.values(), *layout.tier_columns, *layout.note_columns]
        self.content_columns = [c for c in self.columns if c.key != "seq"]  # a row holding only 序号 is empty
        self.data_columns = [c for c in self.columns if c.key not in NON_DATA_KEYS]
        #: (row, column) cells that hold a vertically merged cell's value, not their own
        self.merged_cells: set[tuple[int, int]] = set()
        self.last: PlannedRow | None = None  # the item row a continuation row joins
        self.name_columns = [layout.columns[k] for k in NAME_KEYS if k in layout.columns]
        self.seq_column = layout.columns.get("seq")
        self.text_keys = {"content", "basis", "note"}

    # -- one row ------------------------------------------------------------------------------------
    def read(self, r: int, values: list) -> None:
        if self._repeated_header(r, values):
            return
        row = RowCells(self.sheet, r, list(values), self.layout)
        self._same_as_above(row)
        if not any(row.text_of(c) for c in self.content_columns):
            if any(excel.cell_text(v) for v in values):
                row.warn(None, _("本行没有事项内容（只有序号或说明文字），已跳过"))
            self.plan.warnings.extend(row.warnings)
            return
        if self._continues(row):
            self.plan.warnings.extend(row.warnings)
            return
        self.above = (row.values, r)  # not changed after this: 同上 is resolved above
        self.last = None
        self._item(row)
        self.plan.warnings.extend(row.warnings)
        self.plan.errors.extend(row.errors)

    def own(self, row: RowCells, col: Col) -> str:
        """The cell's own text ("" for a blank, a "—", or a value merged down from the row above)."""
        if (row.r, col.index) in self.merged_cells:
            return ""
        text = row.text_of(col)
        return "" if col.key in NAME_KEYS and NO_NAME_RE.match(text) else text

    def _continues(self, row: RowCells) -> bool:
        """A row with no name and no 序号 of its own holding only text (公开内容, 公开依据, 备注) right under an
        item row continues that item: its text is joined to it (a cell the publisher split over rows)."""
        last = self.last
        if last is None or any(self.own(row, c) for c in self.name_columns):
            return False
        if self.seq_column is not None and self.own(row, self.seq_column):
            return False
        own = [c for c in self.data_columns if self.own(row, c)]
        if not own or any(c.key not in self.text_keys for c in own):
            return False
        data = last.data
        for col in own:
            text = self.own(row, col)
            if col.key == "content":
                data.content = f"{data.content}\n{text}" if data.content else text
                data.elements = data.elements + excel.split_elements(text)
            elif col.key == "basis":
                data.basis_text = f"{data.basis_text}\n{text}" if data.basis_text else text
                data.bases = data.bases + [
                    BasisRef(name=n, doc_number=num, article=art) for n, num, art in excel.parse_bases(text)
                ]
            else:
                data.notes = [*(data.notes or []), f"{col.label}：{text}"]
        labels = "、".join(c.label for c in own)
        message = _("第%(r)d行没有事项名称和序号，只有%(cols)s：已并入本事项（第%(last)d行）") % {
            "r": row.r,
            "cols": labels,
            "last": last.row,
        }
        last.assumptions.append(
            Assumption(self.sheet, row.r, own[0].letter, own[0].label, message, "continued")
        )
        return True

    def _repeated_header(self, r: int, values: list) -> bool:
        """A header printed again on every page is skipped (with its second row)."""
        if is_header_row(values):
            self.plan.warnings.append(RowError(self.sheet, r, "", "", _("重复的表头行，已跳过")))
            self.in_repeated_header = True
            return True
        if self.in_repeated_header:
            self.in_repeated_header = False
            cells = [v for v in values if excel.cell_text(v)]
            if cells and all(is_sub_label(v) or label_key(v) is not None for v in cells):
                return True
        return False

    def _same_as_above(self, row: RowCells) -> None:
        """同上 in a cell is the value of the cell above; the item records it."""
        cells = row.values
        for col in self.columns:
            index = col.index
            raw = cells[index - 1] if index <= len(cells) else None
            if not (isinstance(raw, str) and "同" in raw):  # every spelling of 同上 has 同: skip the rest
                continue
            if row.text_of(col) not in SAME_AS_ABOVE:
                continue
            above = self._above(col.index)
            if above is None or not excel.cell_text(above[0]):
                row.error(col, _("填写了“同上”，但上一行没有可沿用的内容"))
                continue
            value, source = above
            while len(row.values) < col.index:
                row.values.append(None)
            row.values[col.index - 1] = value
            row._texts.pop(col.index, None)
            row.notes.append(_("%(col)s：同上（沿用第%(r)d行）") % {"col": col.label, "r": source})

    def _above(self, index: int) -> tuple[object, int] | None:
        """(value, row) of this column in the last data row; None before the first."""
        if self.above is None:
            return None
        cells, r = self.above
        return (cells[index - 1] if index <= len(cells) else None, r)

    def _item(self, row: RowCells) -> None:
        domain = self.fields.find(row, self.domain)
        if domain is None:
            return
        if self.domain is not None and domain.pk != self.domain.pk:
            self.l1 = self.l2 = ""  # names never continue across fields
        self.domain = domain
        path = self._path(row)
        if path is None or row.errors:
            return
        if not any(row.text_of(c) for c in self.data_columns):  # a heading row: only names
            deepest = self.layout.columns[NAME_KEYS[len(path) - 1]]
            self.registry.headings.append((self.sheet, row.r, domain, path, deepest))
            return
        self._check_place(row, domain, path)
        reader = ItemReader(row, self.layout, self.plan)
        data, result = reader.read(path[-1])
        if row.errors:
            return
        planned = PlannedRow(
            self.sheet,
            row.r,
            domain,
            path,
            data,
            result.understood,
            confidence=result.confidence,
            assumptions=row.assumptions,
            tier_pending=reader.tier_pending,
        )
        self.plan.rows.append(planned)
        self.last = planned

    def _path(self, row: RowCells) -> tuple[str, ...] | None:
        cols = self.layout.columns
        l1, l2, l3 = (excel.clean_name(row.raw(cols[k])) if k in cols else "" for k in NAME_KEYS)
        l1, l2, l3 = ("" if NO_NAME_RE.match(n) else n for n in (l1, l2, l3))
        if l1:
            if l1 != self.l1:
                self.l2 = ""
            self.l1 = l1
        elif self.l1:
            l1 = self.l1
        else:
            row.error(cols["l1"], _("不能为空：本行之前没有可沿用的一级事项"))
            return None
        if "l3" in cols:
            if l3 and not l2:
                if not self.l2:
                    row.error(cols["l2"], _("不能为空：三级事项缺少所属的二级事项"))
                    return None
                l2 = self.l2
            if l2:
                self.l2 = l2
        return tuple(p for p in (l1, l2, l3) if p)

    def _check_place(self, row: RowCells, domain: Domain, path: tuple[str, ...]) -> None:
        cols, registry = self.layout.columns, self.registry
        key = (domain.pk, path)
        if key in registry.parents_with_children:
            col = cols.get(NAME_KEYS[len(path)]) or cols[NAME_KEYS[len(path) - 1]]
            level = (_("二级"), _("三级"))[len(path) - 1]
            row.error(
                col,
                _(
                    "不能为空：「%(path)s」下面已有下级事项，本行应填写%(level)s事项名称（事项本身的内容行应排在其下级事项之前）"
                )
                % {"path": "／".join(path), "level": level},
            )
        elif key in registry.seen:
            first_sheet, first_row = registry.seen[key]
            where = (
                _("工作表「%(s)s」第%(r)d行") % {"s": first_sheet, "r": first_row}
                if first_sheet != self.sheet
                else _("第%(r)d行") % {"r": first_row}
            )
            row.error(
                cols[NAME_KEYS[len(path) - 1]],
                _("与%(where)s重复：同一领域中已有事项「%(path)s」")
                % {"where": where, "path": "／".join(path)},
            )
        # the names count for the rows below even when this row's cells have errors: every error is listed
        registry.seen.setdefault(key, (self.sheet, row.r))
        for depth in range(1, len(path)):
            registry.parents_with_children.add((domain.pk, path[:depth]))


class ItemReader:
    """Reads the data cells of one item row into :class:`ItemData`, noting what it assumed."""

    def __init__(self, row: RowCells, layout: Layout, plan: ImportPlan):
        self.row, self.layout, self.plan = row, layout, plan
        self.cols = layout.columns
        self.tier_pending = False

    def read(self, name: str):
        row = self.row
        negative, ground = self._negative()
        texts = self._texts(negative)
        time_limit = texts["time_limit"]
        result = parse_time_limit(time_limit)
        if time_limit and not negative:
            self._time_limit(result)
        audience = self._pair(
            ("audience_public", "audience_specific"),
            "audience_text",
            AUDIENCE_WORDS,
            (True, False),
            negative,
            AUDIENCE_GROUP,
        )
        mode = self._pair(
            ("mode_proactive", "mode_on_request"),
            "mode_text",
            MODE_WORDS,
            (not negative, False),
            negative,
            MODE_GROUP,
        )
        tiers = self._tiers(negative)
        basis = texts["basis"]
        data = ItemData(
            name=name,
            elements=excel.split_elements(texts["content"]),
            content=texts["content"],
            basis_text=basis,
            bases=[BasisRef(name=n, doc_number=num, article=art) for n, num, art in excel.parse_bases(basis)],
            time_limit_text=time_limit,
            subject_text=texts["subject"],
            channels=self._channels(),
            audience_public=audience[0],
            audience_specific=audience[1],
            mode_proactive=mode[0],
            mode_on_request=mode[1],
            tier_district=DISTRICT in tiers,
            tier_street=STREET in tiers,
            tier_community=COMMUNITY in tiers,
            five_public=self._five_public(),
            form=texts["form"],
            duration=texts["duration"],
            responsible_office=texts["responsible_office"],
            is_negative=negative,
            negative_ground=ground,
            notes=row.notes + self._missing_notes() + self._note_columns(),
        )
        self._check(data)
        return data, result

    def _negative(self) -> tuple[bool, str]:
        """The negative list first: it relaxes what else is required."""
        ground = self.row.text("negative_ground")
        if "is_negative" in self.cols:
            return self.row.tick(self.cols["is_negative"]), ground
        return bool(ground), ground

    def _texts(self, negative: bool) -> dict[str, str]:
        row, texts = self.row, {}
        for key in ("content", "basis", "time_limit", "subject", "form", "duration", "responsible_office"):
            texts[key] = row.text(key)
        office = self.cols.get("responsible_office")
        if not texts["subject"] and texts["responsible_office"] and not negative:
            # no 公开主体 (no column, or a blank cell): the responsible office is offered as the subject
            texts["subject"] = texts["responsible_office"]
            row.assume(
                office,
                "subject",
                _("没有公开主体：取责任科室「%(o)s」作为公开主体，请核对") % {"o": texts["subject"]},
            )
        for key in ("content", "time_limit", "subject"):
            if key in self.cols and not texts[key] and not negative:
                col = self.cols[key]
                row.assume(col, "empty", _("「%(c)s」为空：已导入，待补充") % {"c": col.label})
        for key, attr in (
            ("time_limit", "time_limit_text"),
            ("subject", "subject_text"),
            ("form", "form"),
            ("duration", "duration"),
            ("responsible_office", "responsible_office"),
        ):
            if len(texts[key]) > MAX_LENGTHS[attr]:
                limit = MAX_LENGTHS[attr]
                row.error(
                    self.cols.get(key) or office,
                    _("内容过长（%(n)d字，上限%(max)d字）") % {"n": len(texts[key]), "max": limit},
                )
        return texts

    def _time_limit(self, result) -> None:
        """A wording the parser could not read, or read only with a default, is shown to be confirmed."""
        col = self.cols.get("time_limit")
        if not result.understood:
            self.row.assume(col, "time_limit", _("未能识别，待人工设置：%(r)s") % {"r": result.reason})
        elif result.confidence == MEDIUM:
            self.row.assume(col, "time_limit", _("按推定读取，请确认：%(r)s") % {"r": result.reason})

    def _channels(self) -> list[tuple[str, bool, str]]:
        col = self.cols.get("channels")
        if col is None:
            return []
        entries, problems = excel.parse_channels(self.row.text_of(col))
        for problem in problems:
            self.row.warn(col, problem)
        return [(e.channel, e.required, e.words) for e in entries]

    def _pair(self, keys, text_key, words, default, negative, group) -> tuple[bool, bool]:
        """Two tick columns (or one column of words) of a group such as 公开对象; nothing ticked or written
        is the documented default (全社会 / 主动), assumed and listed."""
        row, cols = self.row, self.cols
        kind = "audience" if text_key == "audience_text" else "mode"
        fallback = _("全社会") if kind == "audience" else _("主动")
        if any(k in cols for k in keys):
            values = [row.tick(cols[k]) if k in cols else False for k in keys]
            if not any(values) and not negative:
                row.assume(
                    cols.get(keys[0]) or cols.get(keys[1]),
                    kind,
                    _("%(g)s未勾选：按%(d)s导入") % {"g": group, "d": fallback},
                )
                return default
            return values[0], values[1]
        if text_key not in cols:
            return default
        value, values = row.text(text_key), [False, False]
        for word in (w for w in re.split(r"[、，,；;/\s]+", value) if w):
            index = words.get(excel.norm_label(word))
            if index is None:
                row.warn(cols[text_key], _("无法识别的%(g)s「%(w)s」，已忽略") % {"g": group, "w": word})
            else:
                values[index] = True
        if not any(values) and not negative:
            row.assume(cols[text_key], kind, _("%(g)s未填写：按%(d)s导入") % {"g": group, "d": fallback})
            return default
        return values[0], values[1]

    def _tiers(self, negative: bool) -> set[str]:
        row, layout = self.row, self.layout
        tiers: set[str] = set()
        for col in layout.tier_columns:
            if row.tick(col):
                tiers.update(col.tiers)
        if "tiers_text" in layout.columns:
            col = layout.columns["tiers_text"]
            value = row.text_of(col)
            words = [value] if tier_of(value) else [w for w in re.split(r"[、，,；;/\s]+", value) if w]
            for word in words:
                found = tier_of(word)
                if found is None:
                    row.warn(col, _("无法识别的公开层级「%(w)s」，已忽略") % {"w": word})
                else:
                    tiers.update(t if t in (DISTRICT, STREET, COMMUNITY) else DISTRICT for t in found)
        if tiers or negative:
            return tiers
        has_columns = bool(layout.tier_columns) or "tiers_text" in layout.columns
        first = layout.tier_columns[0] if layout.tier_columns else layout.columns.get("tiers_text")
        if layout.tier:
            tiers.add(layout.tier)
            if has_columns:  # the sheet has tier columns but this row ticks none: the given tier, assumed
                row.assume(
                    first,
                    "tier",
                    _("公开层级未勾选：按指定的%(t)s导入") % {"t": TIER_NAMES.get(layout.tier, layout.tier)},
                )
        else:
            self.tier_pending = True
            row.assume(
                first,
                "no_tier",
                _("公开层级未勾选：已导入，暂无层级（不生成公开责任），待政务公开办指定层级"),
            )
        return tiers

    def _five_public(self) -> str:
        col = self.cols.get("five_public")
        if col is None:
            return ""
        value = self.row.text_of(col)
        parsed = excel.parse_five_public(value)
        if parsed is None:
            self.row.warn(
                col,
                _("无法识别的五公开类别「%(v)s」（应为 决策、执行、管理、服务、结果 之一），已留空")
                % {"v": value},
            )
            return ""
        return parsed

    def _missing_notes(self) -> list[str]:
        notes = []
        for key in self.layout.missing:
            name = REQUIRED_COLUMNS[key]
            if key in self.layout.reviewed_missing:
                notes.append(_("目录缺少「%(name)s」列") % {"name": name})
                self.row.assume(None, "missing", _("目录缺少「%(name)s」列，本项待补充") % {"name": name})
            else:
                notes.append(_("目录缺少「%(name)s」列（按 --allow-missing 导入）") % {"name": name})
        return notes

    def _note_columns(self) -> list[str]:
        return [f"{col.label}：{text}" for col in self.layout.note_columns if (text := self.row.text_of(col))]

    def _check(self, data: ItemData) -> None:
        """The rules the admin applies too (:mod:`catalog.checks`), named by column; an item without a tier
        that waits for the office's (tier pending) passes."""
        problems = item_problems_of(data)
        if not problems:
            return
        cols, layout = self.cols, self.layout
        where = {
            "name": cols.get(NAME_KEYS[0]),
            "negative_ground": cols.get("negative_ground") or cols.get("is_negative"),
            "mode_proactive": cols.get("mode_proactive") or cols.get("mode_text"),
            TIERS: layout.tier_columns[0] if layout.tier_columns else cols.get("tiers_text"),
            "elements": cols.get("content"),
        }
        for field_name, message in problems:
            if field_name == TIERS and self.tier_pending:
                continue
            self.row.error(where.get(field_name), message)
