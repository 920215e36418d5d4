from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment import exports, selectors
from assessment.models import Round


class Command(BaseCommand):
    help = (
        "Export a round's ranking and bulletin (--round ID|latest) or the annual assessment report "
        "(--annual YEAR): --format xlsx|pdf|csv --output PATH."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--round", help="round id, or 'latest' (the latest closed round)")
        which.add_argument(
            "--annual",
            type=int,
            metavar="YEAR",
            help="the annual report (年度考核报告): the year's closed yearly round, or its closed rounds that do not "
            "overlap (the report says which)",
        )
        parser.add_argument("--format", required=True, choices=exports.FORMATS)
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, **options):
        if options["annual"] is not None:
            year = options["annual"]
            content, _type, _name = exports.export(year, options["format"])
            self._write(options["output"], content, f"{year}年度考核报告")
            return
        which = options["round"]
        if which == "latest":
            round_ = selectors.latest_closed_round()
            if round_ is None:
                raise CommandError("no closed round yet")
        else:
            if not which.isdigit():
                raise CommandError("--round takes a round id or 'latest'")
            round_ = Round.objects.filter(pk=int(which)).first()
            if round_ is None:
                raise CommandError(f"no round {which}")
        content, _type, _name = exports.export(round_, options["format"])
        self._write(options["output"], content, exports.round_title(round_))

    def _write(self, output: str, content: bytes, what: str) -> None:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(f"{what} → {path} ({len(content)} bytes)")
