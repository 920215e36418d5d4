"""``manage.py tier_drift [--tier street|community] [--format text|xlsx] [--output PATH]``: the drift report.

Per street (or community): the template items it lacks, its exclusions without a reason and its local items
that duplicate a template item (``catalog.tiers.drift``). Text goes to stdout unless ``--output`` names a file;
xlsx needs ``--output``. Both tiers are printed one after the other when ``--tier`` is not given (text only).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.tiers.drift import as_text, as_xlsx, drift_report


class Command(BaseCommand):
    help = "层级目录偏差报告：各街道/社区缺少的模板事项、未说明理由的不适用事项、与模板重复的自增事项。"

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=["street", "community"])
        parser.add_argument("--format", choices=["text", "xlsx"], default="text")
        parser.add_argument("--output", help="the file to write (required for xlsx)")

    def handle(self, *args, tier=None, format="text", output=None, **options):
        tiers = [tier] if tier else ["street", "community"]
        if format == "xlsx":
            if not output:
                raise CommandError("--format xlsx needs --output PATH")
            if len(tiers) != 1:
                raise CommandError("--format xlsx needs --tier street or --tier community")
            Path(output).write_bytes(as_xlsx(drift_report(tiers[0])))
            self.stdout.write(output)
            return
        text = "\n".join(as_text(drift_report(t)) for t in tiers)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(output)
        else:
            self.stdout.write(text, ending="")
