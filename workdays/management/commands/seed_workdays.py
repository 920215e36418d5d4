"""Import the holiday arrangements the chinese_calendar package knows; manually entered years are kept."""

from django.core.management.base import BaseCommand, CommandError

from workdays import package_data, services


class Command(BaseCommand):
    help = "由日历库导入节假日安排（可重复执行；手工录入的年份不会被覆盖）。"

    def add_arguments(self, parser):
        years = package_data.package_years()
        parser.add_argument(
            "--from", dest="first", type=int, default=years[0], help=f"起始年份（默认 {years[0]}）"
        )
        parser.add_argument(
            "--to", dest="last", type=int, default=years[-1], help=f"结束年份（默认 {years[-1]}）"
        )

    def handle(self, *args, first, last, **options):
        try:
            report = services.seed_years(first=first, last=last)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"完成：{first}–{last}年。"))
