"""``manage.py import_catalog FILE.xlsx [--field CODE] [--tier TIER] [--allow-missing COLUMN ...] [--dry-run]
[--user USERNAME]``.

Reads a district catalog workbook (layout: :mod:`catalog.importer`). Everything is validated first; on any
error every problem is listed (sheet, row, column) on stderr, nothing is written and the exit code is 1. On
success the last line of stdout is ``imported N items`` (N = item rows created or updated; 一级 groups made
from merged labels are reported on their own line), exit code 0. ``--dry-run`` validates and reports what
would be imported (last line ``would import N items``) without writing.

``--tier district|street|community`` (or 区级, 街道, 社区…) gives the tier of every item of a catalog that
has no 公开层级 column. ``--allow-missing 公开依据`` (repeatable, or comma-separated) imports a catalog that
lacks a required element column; the gap is recorded on every item. Warnings (a cell read only in part:
what was kept) are printed with sheet, row and column.

Without ``--user`` the command acts as the server operator (full rights, no history user), like
``createsuperuser``; with ``--user`` the import is checked against that user's permissions and recorded
under their name.
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from catalog.importer import ImportPlan, import_catalog, parse_workbook
from catalog.importer.compare import compare_plan

#: Unparsed time-limit wordings listed one by one before the rest are counted.
LISTED_UNPARSED = 50
LISTED_CHANGED = 20


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
    help = "从 Excel（.xlsx）导入政务公开事项标准目录：先校验全部内容，有任何错误则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="目录文件（.xlsx）")
        parser.add_argument(
            "--field",
            dest="field",
            help="指定领域代码（如 compulsory-education），覆盖工作表名称/标题/领域列",
        )
        parser.add_argument(
            "--tier",
            help="目录没有公开层级列时，全部事项的层级：district|street|community（也可写 区级、街道、社区）",
        )
        parser.add_argument(
            "--allow-missing",
            dest="allow_missing",
            action="append",
            default=[],
            help="允许目录缺少的必需列（如 公开依据），缺项记在每个事项上；可重复或用逗号分隔",
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告将导入的内容，不写入数据库")
        parser.add_argument("--user", help="以该用户的身份和权限导入（记录在修改历史中）")

    def fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        sys.exit(1)

    def handle(
        self, *args, file, field=None, dry_run=False, user=None, tier=None, allow_missing=(), **options
    ):
        operator = CommandLineOperator()
        if user:
            operator = get_user_model().objects.filter(username=user).first()
            if operator is None:
                self.fail([f"用户「{user}」不存在。"])

        plan = parse_workbook(file, field_code=field, tier=tier, allow_missing=allow_missing)
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
        if dry_run:
            self.stdout.write("（试运行：已校验全部内容，未写入数据库）")
            self.stdout.write(f"would import {plan.count} items")
            return

        try:
            result = import_catalog(user=operator, plan=plan)
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
