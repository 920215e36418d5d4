from django.core.management.base import BaseCommand

from opendata.dump import write_dump


class Command(BaseCommand):
    help = "生成开放数据包（目录、公开信息等的 CSV 与 JSON，含字段说明 README），写入 MEDIA_ROOT/opendata/latest.zip。"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="写到其他路径（默认 MEDIA_ROOT/opendata/latest.zip）")

    def handle(self, *args, output=None, **options):
        result = write_dump(output)
        counts = "，".join(f"{name} {count}" for name, count in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"已生成 {result.path}（{result.size} 字节）：{counts}"))
