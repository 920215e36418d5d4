from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations.models import Unit
from publishing.channels import board_pdf


class Command(BaseCommand):
    help = "生成单位政务公开栏打印页（A4 PDF，含二维码）：board_sheet 单位代码 输出.pdf"

    def add_arguments(self, parser):
        parser.add_argument("unit_code")
        parser.add_argument("out")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_BASE_URL", "http://localhost:8000"),
            help="二维码和链接指向的门户地址（默认 PORTAL_BASE_URL）",
        )

    def handle(self, *args, unit_code, out, base_url, **options):
        unit = Unit.objects.filter(code=unit_code, is_active=True).first()
        if unit is None:
            raise CommandError(_("单位代码不存在或已停用：%(code)s") % {"code": unit_code})
        data = board_pdf(unit, base_url)
        Path(out).write_bytes(data)
        self.stdout.write(f"wrote {out} ({len(data)} bytes) for {unit.name}")
