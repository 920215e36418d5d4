from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment import exports
from assessment.models import Round, RoundStatus


class Command(BaseCommand):
    help = "Export a round's ranking and report: --round ID|latest --format xlsx|pdf|csv --output PATH."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="round id, or 'latest' (the latest closed round)")
        parser.add_argument("--format", required=True, choices=exports.FORMATS)
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, **options):
        which = options["round"]
        if which == "latest":
            round_ = Round.objects.filter(status=RoundStatus.CLOSED).order_by("-period_end", "-id").first()
            if round_ is None:
                raise CommandError("no closed round yet")
        else:
            if not which.isdigit():
                raise CommandError("--round takes a round id or 'latest'")
            round_ = Round.objects.filter(pk=int(which)).first()
            if round_ is None:
                raise CommandError(f"no round {which}")
        content, _type, _name = exports.export(round_, options["format"])
        path = Path(options["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(f"{round_} → {path} ({len(content)} bytes)")
