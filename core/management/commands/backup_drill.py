"""``manage.py backup_drill``: back up, restore into a fresh scratch database, compare row counts and a sample of
rows of every table, drop the scratch database; exits non-zero on any difference (CI runs it on PostgreSQL)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core import backup


class Command(BaseCommand):
    help = "备份恢复演练：备份、恢复到新库、比对行数和抽样记录。"

    def handle(self, *args: Any, **options: Any) -> None:

        started = time.monotonic()
        try:
            manifest, problems = backup.drill()
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables, rows = len(manifest["rows"]), sum(manifest["rows"].values())
        self.stdout.write(
            _("备份恢复演练（%(v)s）：%(t)s 张表、%(r)s 行，用时 %(s).1f 秒")
            % {"v": manifest["vendor"], "t": tables, "r": rows, "s": time.monotonic() - started}
        )
        if problems:
            raise CommandError(_("恢复后不一致：") + "；".join(problems))
        self.stdout.write(_("恢复后行数和抽样记录一致（每表抽样 %(n)s 行）。") % {"n": backup.SAMPLE_ROWS})
