"""``manage.py export_catalog OUT.xlsx [--field CODE] [--edition N|current]``.

Writes the catalog in the standard layout (standards §1: title row, two-row merged header, 区级|街道级|社区级
tiers, plus the extra columns the importer reads), one sheet per active field, and one for every other field
that holds items (never dropped silently: the command says how many such fields it exported). The source is the office's
working copy, or with ``--edition`` an approved (or submitted) edition's frozen items. The file re-imports
with ``import_catalog``. Last line: ``exported N items in K sheets to OUT``.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from catalog.excel import WorkbookRefused, export_catalog
from catalog.models import CatalogEdition


class Command(BaseCommand):
    help = "把政务公开事项标准目录导出为 Excel（.xlsx，标准版式，每个启用的领域一个工作表）。"

    def add_arguments(self, parser):
        parser.add_argument("out", help="输出文件（.xlsx）")
        parser.add_argument("--field", dest="field", help="只导出该领域（领域代码）")
        parser.add_argument(
            "--edition", help="导出某一版（版次号，或 current 表示现行版本）；默认导出工作副本"
        )

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, out, field=None, edition=None, **options):
        if not str(out).lower().endswith(".xlsx"):
            self.fail("输出文件名须以 .xlsx 结尾。")
        chosen = None
        if edition:
            if edition == "current":
                chosen = CatalogEdition.objects.current()
                if chosen is None:
                    self.fail("还没有已批准的目录版本。")
            elif edition.isdigit():
                chosen = CatalogEdition.objects.filter(number=int(edition)).first()
                if chosen is None or not chosen.entries.exists():
                    self.fail(f"第{edition}版不存在或尚未冻结事项（提交审核后才有）。")
            else:
                self.fail("--edition 须为版次号或 current。")
        try:
            summary = export_catalog(out, field_code=field, edition=chosen)
        except WorkbookRefused as exc:
            self.fail(exc.message)
        self.stdout.write(
            f"已导出{summary.source}：{summary.sheets} 个工作表，{summary.items} 个事项 → {out}"
        )
        if summary.inactive_note:
            self.stdout.write(summary.inactive_note)
        self.stdout.write(f"exported {summary.items} items in {summary.sheets} sheets to {out}")
