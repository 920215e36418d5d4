"""``manage.py pilot_report --plan CODE|latest --quarter YYYY-Qn --format xlsx|docx --output PATH``: writes the
plan's quarterly report (季度报告). ``--kind monthly --month YYYY-MM`` writes the monthly supervision report
(月度督查通报) instead, ``--kind summary`` the 总结报告 skeleton. Bad input: a Chinese error, exit status 1 and
nothing written."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pilot import reports
from pilot.selectors import PlanNotFound, plan_for

from ._output import check_path, write_whole


class Command(BaseCommand):
    help = "试点台账：生成季度报告（或月度督查通报、总结报告），xlsx 或 docx"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="试点方案代码，或 latest（最新的方案）")
        parser.add_argument("--quarter", default="", help="季度 YYYY-Qn（季度报告必填）")
        parser.add_argument("--format", dest="fmt", required=True, help="xlsx | docx")
        parser.add_argument("--output", required=True, help="输出文件路径")
        parser.add_argument("--kind", default=reports.QUARTERLY, help="quarterly（默认）| monthly | summary")
        parser.add_argument("--month", default="", help="月份 YYYY-MM（月度督查通报必填）")

    def handle(self, *args, plan, quarter, fmt, output, kind, month, **options):
        if fmt not in reports.FORMATS:
            raise CommandError(_("格式只能是 xlsx 或 docx：%(f)s") % {"f": fmt})
        if kind not in reports.KINDS:
            raise CommandError(_("报告类型只能是 quarterly、monthly 或 summary：%(k)s") % {"k": kind})
        path = check_path(output, f".{fmt}")
        try:
            found = plan_for(plan)
            if kind == reports.QUARTERLY:
                report = reports.quarterly(found, quarter)
            elif kind == reports.MONTHLY:
                report = reports.monthly(found, month)
            else:
                report = reports.summary(found)
        except (PlanNotFound, reports.ReportError) as exc:
            raise CommandError(str(exc)) from exc
        write_whole(path, reports.render(report, fmt))
        self.stdout.write(_("已生成：%(t)s → %(p)s") % {"t": report.title, "p": path})
