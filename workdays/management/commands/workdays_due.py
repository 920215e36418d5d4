"""Compute a due date from the command line; the due date in ISO form is always the last line."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workdays import engine


def _parse_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            _("%(what)s“%(value)s”格式不正确，应为 YYYY-MM-DD，如 2025-09-30。")
            % {"what": what, "value": value}
        ) from None


class Command(BaseCommand):
    help = "计算期限到期日：起算日当日不计入，工作日跳过周末和法定节假日、计入调休上班日。最后一行为到期日（YYYY-MM-DD）。"

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="起算日期，YYYY-MM-DD")
        parser.add_argument("--days", required=True, help="期限长度（默认按工作日计）")
        unit = parser.add_mutually_exclusive_group()
        unit.add_argument("--calendar-days", action="store_true", help="按自然日计算（期满日为休息日的顺延）")
        unit.add_argument("--months", action="store_true", help="按月计算（期满日为休息日的顺延）")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="开始:结束",
            help="暂停计时的期间（含首尾），如 2025-10-09:2025-10-20，可多次给出；仅用于工作日",
        )
        parser.add_argument("--explain", action="store_true", help="逐日列出不计入的日期及原因")

    def handle(self, *args, start, days, calendar_days, months, pause, explain, **options):
        start_date = _parse_date(start, "起算日期")
        try:
            amount = int(days.strip())
        except ValueError:
            raise CommandError(_("天数“%(days)s”不是整数。") % {"days": days}) from None
        if amount < 0:
            raise CommandError(_("天数不能为负数（收到 %(amount)s）。") % {"amount": amount})
        pauses = []
        for item in pause:
            first, sep, last = item.partition(":")
            if not sep:
                raise CommandError(
                    _("暂停期间“%(item)s”格式不正确，应为 开始日期:结束日期。") % {"item": item}
                )
            pauses.append((_parse_date(first, "暂停开始日期"), _parse_date(last, "暂停结束日期")))
        if pauses and (calendar_days or months):
            raise CommandError(_("暂停计时只适用于按工作日计算的期限。"))

        try:
            if calendar_days:
                due = engine.add_calendar_days(start_date, amount)
            elif months:
                due = engine.add_months(start_date, amount)
            else:
                due = engine.add_workdays(start_date, amount, pauses=pauses)
        except (TypeError, ValueError, OverflowError) as exc:
            raise CommandError(str(exc)) from exc

        if explain:
            for line in engine.explain(due):
                self.stdout.write(line)
        else:
            for warning in due.warnings:
                self.stdout.write(self.style.WARNING(f"注意：{warning}"))
        self.stdout.write(due.due.isoformat())
