"""``manage.py foi_deadline --received 2025-09-26 [--correction-received D] [--consultation FROM TO]
[--extended] [--explain]``: the reply deadline of 条例 第三十至三十三条; the last line is the due date."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from foi import clock


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise CommandError(
            _("{what}应为 YYYY-MM-DD 格式的日期：{text!r}").format(what=what, text=text)
        ) from exc


class Command(BaseCommand):
    help = "计算政府信息公开申请的答复期限（工作日，含补正重新起算、征求意见不计、延期），最后一行为到期日。"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请日期 YYYY-MM-DD")
        parser.add_argument("--correction-received", help="收到补正日期 YYYY-MM-DD（答复期限自此重新计算）")
        parser.add_argument(
            "--consultation",
            nargs=2,
            action="append",
            metavar=("FROM", "TO"),
            default=[],
            help="征求第三方意见的起止日期（首尾均含，不计入期限），可多次给出",
        )
        parser.add_argument("--extended", action="store_true", help="经批准延长20个工作日")
        parser.add_argument("--extension-days", type=int, help="延长的工作日数（1–20，默认20）")
        parser.add_argument("--explain", action="store_true", help="逐日说明")

    def handle(self, *args, **opts):
        received = _date(opts["received"], "收到申请日期")
        correction = (
            _date(opts["correction_received"], "收到补正日期") if opts["correction_received"] else None
        )
        consultations = [
            (_date(a, "征求意见开始日期"), _date(b, "征求意见结束日期")) for a, b in opts["consultation"]
        ]
        days = 0
        if opts["extended"] or opts["extension_days"] is not None:
            days = (
                opts["extension_days"] if opts["extension_days"] is not None else clock.MAX_EXTENSION_WORKDAYS
            )
        try:
            result = clock.reply_due(
                received=received,
                correction_received=correction,
                consultations=consultations,
                extension_days=days,
            )
        except (ValueError, TypeError, OverflowError) as exc:
            raise CommandError(str(exc)) from exc
        if opts["explain"]:
            for line in clock.explain(result):
                self.stdout.write(line)
        self.stdout.write(result.due_date.isoformat())
