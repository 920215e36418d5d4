"""``manage.py pilot_package --plan CODE|latest --output PATH.zip``: writes the plan's 验收包 (the index, the
总结报告 skeleton and every evidence file by task folder; pilot/package.py). Bad input: a Chinese error, exit
status 1 and nothing written."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pilot import package
from pilot.selectors import PlanNotFound, plan_for

from ._output import check_path, write_whole


class Command(BaseCommand):
    help = "试点台账：导出验收包（zip：索引、总结报告、按任务分文件夹的佐证材料）"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="试点方案代码，或 latest（最新的方案）")
        parser.add_argument("--output", required=True, help="输出文件路径（.zip）")

    def handle(self, *args, plan, output, **options):
        path = check_path(output, ".zip")
        try:
            found = plan_for(plan)
        except PlanNotFound as exc:
            raise CommandError(str(exc)) from exc
        write_whole(path, package.build(found))
        self.stdout.write(
            _("已导出验收包：%(p)s（%(n)d 份佐证材料）") % {"p": path, "n": package.count(found)}
        )
