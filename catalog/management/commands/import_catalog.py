"""``manage.py import_catalog FILE.xlsx [--field CODE] [--tier TIER] [--map COLUMN=ROLE ...]
[--layout NAME|FILE.json] [--show-layout] [--save-layout NAME] [--allow-missing COLUMN ...] [--dry-run]
[--user USERNAME]``.

Reads a district catalog workbook (layout: :mod:`catalog.importer`) with the same column mapping as the
admin's mapping page (:mod:`catalog.importer.mapping`): each sheet's columns are guessed from the header,
then the office's saved layout for the same header words is applied, then the corrections given here:

* ``--map COLUMN=ROLE`` (repeatable): COLUMN is a letter (``F``) or header words (``公开要求``, ``责任科室``);
  ROLE a role key (``time_limit``) or words (时限, 主体, 备注, 忽略, 一级, 二级, 县级, 乡镇, 社区…);
* ``--layout NAME`` applies a saved layout to every sheet; ``--layout FILE.json`` the mapping of a file in
  the shape ``--show-layout`` prints (edit the roles, then pass it back);
* ``--show-layout`` prints the mapping as JSON (header words, three samples and the role of every column of
  every sheet) and stops without importing;
* ``--save-layout NAME`` keeps the mapping used as a named layout once the import succeeds.

Everything is validated first. A file that cannot be read (not a workbook, no header, no item names,
formulas, the same item twice…) is refused: every problem is listed (sheet, row, column) on stderr, nothing
is written and the exit code is 1. What an officer settles afterwards is imported and listed as 待核对 (a
default applied, words kept, a column mapped by guess, no tier): printed here, and kept as the review list in
the admin. On success the last line of stdout is ``imported N items`` (N = item rows created or updated; 一级
groups made from merged labels are reported on their own line), exit code 0. ``--dry-run`` validates and
reports what would be imported (last line ``would import N items``) without writing.

``--tier district|street|community`` (or 区级, 街道, 社区…) gives the tier of the items that do not say (a
catalog without a 公开层级 column, rows without a tick). ``--allow-missing 公开依据`` notes a missing element
column on every item without marking it 待核对.

Without ``--user`` the command acts as the server operator (full rights, no history user), like
``createsuperuser``; with ``--user`` the import is checked against that user's permissions and recorded
under their name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.importer import ImportPlan, parse_workbook
from catalog.importer.compare import compare_plan
from catalog.importer.mapping import ROLES, role_of_words
from catalog.importer.memory import layout_named
from catalog.importer.services import import_and_review, save_layouts

#: Unparsed time-limit wordings listed one by one before the rest are counted.
LISTED_UNPARSED = 50
LISTED_CHANGED = 20
#: Assumptions (待核对) listed one by one before the rest are counted.
LISTED_ASSUMPTIONS = 100


class CommandLineOperator:
    """The person at the server's shell: trusted with every permission, like ``createsuperuser``."""

    is_superuser = True
    is_active = True
    is_authenticated = True
    is_staff = True
    pk = None
    username = "命令行"

    def __str__(self):
        return self.username


class Command(BaseCommand):
    help = "从 Excel（.xlsx）导入政务公开事项标准目录：先识别各列用途（可用 --map、--layout 改正），再校验并导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="目录文件（.xlsx）")
        parser.add_argument(
            "--field",
            dest="field",
            help="指定领域代码（如 compulsory-education），覆盖工作表名称/标题/领域列",
        )
        parser.add_argument(
            "--tier",
            help="未写明层级的事项（没有层级列、或层级未勾选）的层级：district|street|community（也可写 区级、街道、社区）",
        )
        parser.add_argument(
            "--map",
            dest="maps",
            action="append",
            default=[],
            metavar="列=用途",
            help="改正某列的用途，如 --map 公开要求=时限、--map F=主体、--map 责任科室=备注；可重复",
        )
        parser.add_argument(
            "--layout", help="套用已保存的版式（名称），或 --show-layout 输出格式的映射文件（.json）"
        )
        parser.add_argument(
            "--show-layout",
            "--show-mapping",
            dest="show_layout",
            action="store_true",
            help="只输出各列的用途（JSON：表头、样例、用途），不导入",
        )
        parser.add_argument(
            "--save-layout", dest="save_layout", help="导入成功后把所用映射保存为版式（名称）"
        )
        parser.add_argument(
            "--allow-missing",
            dest="allow_missing",
            action="append",
            default=[],
            help="目录确实没有的列（如 公开依据）：缺项记在每个事项上，不标为待核对；可重复或用逗号分隔",
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告将导入的内容，不写入数据库")
        parser.add_argument("--user", help="以该用户的身份和权限导入（记录在修改历史中）")

    def fail(self, lines: list[str]) -> NoReturn:
        for line in lines:
            self.stderr.write(line)
        sys.exit(1)

    def overrides(self, maps: list[str], layout: str | None) -> dict:
        """The corrections of ``--map`` and ``--layout`` in the shape the parser takes."""
        overrides: dict = {"columns": [], "sheets": []}
        for entry in maps:
            column, sep, words = entry.partition("=")
            role = role_of_words(words)
            if not sep or not column.strip() or role is None:
                roles = "、".join(ROLES)
                self.fail(
                    [
                        f"无法理解 --map「{entry}」：应写成 列=用途（列为字母或表头文字；用途如 {roles}，或 时限、主体、备注、忽略）"
                    ]
                )
            overrides["columns"].append({"column": column.strip(), "role": role})
        if layout:
            path = Path(layout)
            if path.suffix.lower() == ".json" or path.is_file():
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    self.fail([f"无法读取映射文件「{layout}」：{exc}"])
                sheets = data.get("sheets") if isinstance(data, dict) else None
                if sheets is None and isinstance(data, dict) and "columns" in data:
                    sheets = [{**data, "sheet": "*"}]
                if not isinstance(sheets, list):
                    self.fail([f"映射文件「{layout}」的格式不对：应为 --show-layout 输出的 JSON"])
                overrides["sheets"] = sheets
            else:
                saved = layout_named(layout)
                if saved is None:
                    self.fail([f"没有名为「{layout}」的在用版式。"])
                overrides["sheets"] = [{"sheet": "*", "layout": saved.title, **(saved.mapping or {})}]
        return overrides

    def handle(
        self,
        *args,
        file,
        field=None,
        dry_run=False,
        user=None,
        tier=None,
        allow_missing=(),
        maps=(),
        layout=None,
        show_layout=False,
        save_layout=None,
        **options,
    ):
        operator = CommandLineOperator()
        if user:
            operator = get_user_model().objects.filter(username=user).first()
            if operator is None:
                self.fail([f"用户「{user}」不存在。"])

        plan = parse_workbook(
            file,
            field_code=field,
            tier=tier,
            allow_missing=allow_missing,
            mapping=self.overrides(list(maps), layout),
        )
        if show_layout:
            mapping = {"file": plan.source_name or str(file), "sheets": [m.to_dict() for m in plan.mapping]}
            self.stdout.write(json.dumps(mapping, ensure_ascii=False, indent=2))
            return
        self.mapping(plan)
        for warning in plan.warnings:
            self.stdout.write(f"提示：{warning}")
        if plan.errors:
            self.fail(
                [
                    f"导入失败：「{plan.source_name or file}」中发现 {len(plan.errors)} 处错误，未写入任何数据。",
                    *(f"  {error}" for error in plan.errors),
                ]
            )

        self.summary(plan, dry_run)
        self.compared(plan)
        self.assumptions(plan)
        if dry_run:
            self.stdout.write("（试运行：已校验全部内容，未写入数据库）")
            self.stdout.write(f"would import {plan.count} items")
            return

        try:
            with transaction.atomic():  # the layout is kept only with the import it read
                result = import_and_review(user=operator, plan=plan)
                if save_layout:
                    self.save_layouts(operator, save_layout, plan)
        except PermissionDenied as exc:
            self.fail([f"导入失败：{exc}"])
        except ValidationError as exc:
            self.fail(["导入失败，未写入任何数据：", *(f"  {m}" for m in exc.messages)])
        except Exception as exc:  # the transaction is rolled back; say so, then fail
            self.fail([f"写入时出错，已全部回滚，未写入任何数据：{type(exc).__name__}: {exc}"])

        self.stdout.write(
            f"已写入：新增 {result.created} 个事项，更新 {result.updated} 个事项"
            + (f"，另建一级/二级分组事项 {result.groups_created} 个" if result.groups_created else "")
        )
        self.unparsed(result.unparsed)
        self.stdout.write(f"imported {result.count} items")

    def save_layouts(self, operator, name: str, plan: ImportPlan) -> None:
        saved = save_layouts(user=operator, title=name, plan=plan)
        self.stdout.write("已保存版式：" + "、".join(layout.title for layout in saved))

    def mapping(self, plan: ImportPlan) -> None:
        """How each sheet is read: the saved layout applied, or the columns the guess was unsure of."""
        for sheet_map in plan.mapping:
            if sheet_map.layout:
                self.stdout.write(f"工作表「{sheet_map.sheet}」：按版式「{sheet_map.layout}」读取")
            for column in sheet_map.columns:
                if column.note:
                    self.stdout.write(
                        f"  {column.letter}列「{column.header or '（无表头）'}」→ {column.role_label}：{column.note}"
                    )

    def summary(self, plan: ImportPlan, dry_run: bool) -> None:
        verb = ("将新增", "将更新") if dry_run else ("新增", "更新")
        self.stdout.write(f"读取「{plan.source_name}」：{len(plan.sheets)} 个工作表，{plan.count} 个事项")
        for entry in plan.per_domain():
            self.stdout.write(
                f"  {entry['domain'].name}：{entry['rows']} 个事项"
                f"（{verb[0]} {entry['create']}，{verb[1]} {entry['update']}）"
            )
        if dry_run:
            self.unparsed(plan.unparsed)

    def assumptions(self, plan: ImportPlan) -> None:
        """What the import assumes (待核对), one per line with sheet, row and column."""
        found = plan.all_assumptions()
        if not found:
            return
        items = len(plan.to_review)
        self.stdout.write(
            f"待核对 {len(found)} 项（涉及 {items} 个事项），导入后在后台“导入待核对项”中逐项确认或更正："
        )
        for assumption in found[:LISTED_ASSUMPTIONS]:
            self.stdout.write(f"  [{assumption.kind_label}] {assumption}")
        if len(found) > LISTED_ASSUMPTIONS:
            self.stdout.write(f"  ……另有 {len(found) - LISTED_ASSUMPTIONS} 项")

    def compared(self, plan: ImportPlan) -> None:
        """Each row against the catalog in the database (as the admin's preview shows it): new, changed with
        its cells, unchanged; which columns change; the leaf items whose rule must be set by hand."""
        compare_plan(plan)
        counts = plan.status_counts()
        self.stdout.write(
            f"与现有目录比较：新增 {counts['new']}，有变更 {counts['changed']}，无变更 {counts['unchanged']}；"
            f"需人工设置时限的末级事项 {counts['manual']}"
        )
        if counts["changed"]:
            self.stdout.write(
                "  变更的列：" + "，".join(f"{column} {n} 行" for column, n in plan.by_column())
            )
            changed = plan.filtered("changed")
            for row in changed[:LISTED_CHANGED]:
                cells = "；".join(str(change) for change in row.changes)
                self.stdout.write(f"  {row.sheet} 第 {row.row} 行「{'/'.join(row.path)}」：{cells}")
            if len(changed) > LISTED_CHANGED:
                self.stdout.write(f"  ……另有 {len(changed) - LISTED_CHANGED} 行有变更")

    def unparsed(self, rows) -> None:
        if not rows:
            return
        self.stdout.write(
            f"{len(rows)} 个事项的公开时限未能自动识别，已标记为「待人工设置」，请在后台设置时限规则："
        )
        for row in rows[:LISTED_UNPARSED]:
            self.stdout.write(
                f"  工作表「{row.sheet}」第{row.row}行 {row.label}：“{row.data.time_limit_text}”"
            )
        if len(rows) > LISTED_UNPARSED:
            self.stdout.write(f"  ……另有 {len(rows) - LISTED_UNPARSED} 个")
