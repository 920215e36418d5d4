"""``manage.py foi_annual_report --year YYYY (--unit CODE | --district) --format xlsx|pdf|docx|json
[--output PATH]``: the 政府信息公开工作年度报告; refused when table 三 does not balance. An output that is a
directory (the current one by default) gets the report's Chinese name, e.g. 拱墅区2025年政府信息公开工作年度报告.xlsx."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from foi import exports, report
from organizations.models import Unit, UnitKind


class Command(BaseCommand):
    help = "导出政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--unit", help="单位代码")
        scope.add_argument("--district", action="store_true", help="全区汇总")
        parser.add_argument("--format", choices=exports.FORMATS, required=True)
        parser.add_argument("--output", default=".", help="文件路径，或目录（使用中文文件名）")

    def handle(self, *args, **opts):
        if not 2008 <= opts["year"] <= 2100:
            raise CommandError(_("年度应在 2008–2100 之间。"))
        if opts["district"]:
            unit = Unit.objects.filter(kind=UnitKind.GOVERNMENT, parent__isnull=True, is_active=True).first()
            if unit is None:
                raise CommandError(_("没有区人民政府单位。"))
        else:
            unit = Unit.objects.filter(code=opts["unit"]).first()
            if unit is None:
                raise CommandError(_("没有代码为 {value} 的单位。").format(value=opts["unit"]))
        data = report.build(unit=unit, year=opts["year"], district=opts["district"])
        try:
            report.require_balanced(data)
        except report.ReportImbalance as exc:
            raise CommandError(str(exc)) from exc
        content = exports.render(data, opts["format"])
        output = opts["output"]
        if os.path.isdir(output):
            name = exports.report_filename(
                exports.report_scope_name(unit, opts["district"]), opts["year"], opts["format"]
            )
            output = os.path.join(output, name)
        with open(output, "wb") as fh:
            fh.write(content)
        t = data.table3
        self.stdout.write(
            f"{data.title}：新收 {t['new'][-1]}，上年结转 {t['carried'][-1]}，"
            f"办结 {t['total'][-1]}，结转下年 {t['forward'][-1]}（一+二=三（七）+四 平衡）"
        )
        self.stdout.write(output)
