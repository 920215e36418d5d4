from django.core.management.base import BaseCommand

from demo.loader import load_all


class Command(BaseCommand):
    help = "载入演示区（拱墅区）数据：单位、服务点、领域、用户……可重复运行。"

    def handle(self, *args, **options):
        load_all(report=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 (demo data loaded)"))
