"""``manage.py restore DIR``: check every checksum of a backup, then load it into the configured database (which
must be empty) and MEDIA_ROOT (core/backup.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core import backup


class Command(BaseCommand):
    help = "从备份恢复（先校验；目标数据库须为空库）。"

    def add_arguments(self, parser: CommandParser) -> None:

        parser.add_argument("directory", help="备份目录")
        parser.add_argument("--verify-only", action="store_true", help="只校验备份，不恢复")

    def handle(self, *args: Any, directory: str, verify_only: bool, **options: Any) -> None:

        try:
            manifest = backup.verify(directory) if verify_only else backup.restore(directory)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        done = _("校验通过") if verify_only else _("已恢复")
        self.stdout.write(
            _("%(done)s：%(at)s 的备份，%(t)s 张表、%(r)s 行")
            % {
                "done": done,
                "at": manifest["made_at"],
                "t": len(manifest["rows"]),
                "r": sum(manifest["rows"].values()),
            }
        )
