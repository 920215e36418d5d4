from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from publishing.reminders import send_reminders


class Command(BaseCommand):
    help = "发送政务公开到期与逾期提醒（每条提醒只发送一次；漏跑的日子在下次运行时补发）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期（YYYY-MM-DD）计算，默认今天")

    def handle(self, *args, **options):
        as_of = None
        if options["date"]:
            try:
                as_of = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(_("日期格式应为 YYYY-MM-DD")) from exc
        count = send_reminders(as_of=as_of)
        self.stdout.write(f"sent {count} reminders")
