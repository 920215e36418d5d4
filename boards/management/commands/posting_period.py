"""``manage.py posting_period --posted YYYY-MM-DD (--days N | --workdays N)``: explains the count of a 公示 period
(the posting day not counted, as the deadline engine counts) and prints its last day as the last line."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from boards import periods


class Command(BaseCommand):
    help = "公示期：说明计算过程，最后一行打印公示期最后一日"

    def add_arguments(self, parser):
        parser.add_argument("--posted", required=True, help="张贴日期 YYYY-MM-DD（当日不计入）")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--days", type=int, help="公示 N 日（自然日）")
        group.add_argument("--workdays", type=int, help="公示 N 个工作日")

    def handle(self, *args, posted, days, workdays, **options):
        try:
            start = date.fromisoformat(posted)
        except ValueError as exc:
            raise CommandError(_("张贴日期格式应为 YYYY-MM-DD。")) from exc
        n, by_workdays = (workdays, True) if workdays is not None else (days, False)
        try:
            lines = periods.explain(start, n, by_workdays)
            last = periods.count(start, n, by_workdays).due
        except (periods.PeriodError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(last.isoformat())
