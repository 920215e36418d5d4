"""``manage.py backup DIR``: the database (as stored: personal data stays encrypted) and the uploaded files, with
a checksummed manifest (core/backup.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core import backup


class Command(BaseCommand):
    help = "备份数据库和上传文件（附校验和清单）。"

    def add_arguments(self, parser: CommandParser) -> None:

        parser.add_argument("directory", help="备份目录（不存在或为空）")

    def handle(self, *args: Any, directory: str, **options: Any) -> None:

        try:
            manifest = backup.backup(directory)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            _("已备份到 %(d)s：%(t)s 张表、%(r)s 行，文件 %(f)s")
            % {"d": directory, "t": len(manifest["rows"]), "r": rows, "f": "、".join(manifest["files"])}
        )
