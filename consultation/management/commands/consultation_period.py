"""``manage.py consultation_period --kind major|enterprise|normative --opens YYYY-MM-DD [--days N --reason TEXT]``:
explains the rule of the kind and the count (every day skipped and why) and prints the earliest lawful closing
date as its last line. A period shorter than the rule without ``--reason`` is refused (exit status 1)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultation import periods
from consultation.models import Kind


class Command(BaseCommand):
    help = "征求意见期限：说明规则并在最后一行打印最早的合法截止日期"

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", required=True, help="major | enterprise | normative（或办公室新增的类别代码）"
        )
        parser.add_argument("--opens", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=None, help="本次期限（短于规定须给出 --reason）")
        parser.add_argument("--reason", default="", help="缩短期限的理由（随征求意见公布）")

    def handle(self, *args, kind, opens, days, reason, **options):
        try:
            start = date.fromisoformat(opens)
        except ValueError as exc:
            raise CommandError(_("开始日期格式应为 YYYY-MM-DD。")) from exc
        found = Kind.objects.filter(code=kind).first()
        rule = found.rule() if found else periods.NATIONAL.get(kind)
        if rule is None:
            raise CommandError(_("未知的征求意见类别：%(k)s") % {"k": kind})
        try:
            period = periods.period(rule, start, days, reason)
        except periods.PeriodError as exc:
            raise CommandError(str(exc)) from exc
        for line in periods.explain(period):
            self.stdout.write(line)
        self.stdout.write(period.closes.isoformat())
