"""Print a round's top and bottom units with what they were expected to publish and the evidence behind every
lost point: ``manage.py assessment_ranking --round latest --top 5 --bottom 5``."""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessment import exports, selectors
from assessment.models import Evidence, Round, UnitResult


class Command(BaseCommand):
    help = "Print a round's top and bottom units with their expected disclosures and evidence (--round ID|latest)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--round", default="latest", help="round id, or 'latest' (the latest closed round)"
        )
        parser.add_argument("--top", type=int, default=5)
        parser.add_argument("--bottom", type=int, default=5)
        parser.add_argument("--evidence", type=int, default=4, help="evidence lines shown per unit")

    def handle(self, *args, **options):
        round_ = self._round(options["round"])
        results = list(
            UnitResult.objects.filter(round=round_).select_related("unit").order_by("rank", "unit__code")
        )
        maximum = selectors.max_points(round_)
        summary = selectors.expected_summary(round_)
        self.stdout.write(
            _("%(title)s（%(start)s至%(end)s，满分%(max)s，%(n)s个单位）")
            % {
                "title": exports.round_title(round_),
                "start": round_.period_start,
                "end": round_.period_end,
                "max": maximum,
                "n": len(results),
            }
        )
        if round_.is_provisional:
            self.stdout.write(exports.provisional_note(round_))
        top, bottom = results[: options["top"]], results[-options["bottom"] :] if options["bottom"] else []
        lost = self._lost(round_, {r.unit_id for r in top + bottom})
        for title, rows in (
            (_("前%(n)s名") % {"n": len(top)}, top),
            (_("后%(n)s名") % {"n": len(bottom)}, bottom),
        ):
            self.stdout.write(f"\n== {title} ==")
            for result in rows:
                self._unit(result, summary.get(result.unit_id, {}), lost[result.unit_id], options["evidence"])

    def _round(self, which: str) -> Round:
        if which == "latest":
            round_ = selectors.latest_closed_round()
        elif which.isdigit():
            round_ = Round.objects.filter(pk=int(which)).first()
        else:
            raise CommandError("--round takes a round id or 'latest'")
        if round_ is None:
            raise CommandError("no such round")
        return round_

    def _lost(self, round_: Round, unit_ids: set[int]) -> dict[int, list[Evidence]]:
        """The evidence of every lost point of the shown units, per unit (one query)."""
        out: dict[int, list[Evidence]] = defaultdict(list)
        for e in (
            Evidence.objects.filter(score__round=round_, score__unit_id__in=unit_ids)
            .exclude(description__contains="按时公开（")
            .select_related("score__indicator")
            .order_by("score__unit_id", "score__indicator__tree_id", "score__indicator__lft", "id")
        ):
            out[e.score.unit_id].append(e)
        return out

    def _unit(self, result: UnitResult, expected: dict, lost: list[Evidence], limit: int) -> None:
        self.stdout.write(
            _("%(rank)s. %(unit)s  %(total)s分  应公开%(due)s项：按时%(on)s、逾期%(late)s、未公开%(missing)s")
            % {
                "rank": result.rank,
                "unit": result.unit.name,
                "total": result.total,
                "due": expected.get("due", 0),
                "on": expected.get("on_time", 0),
                "late": expected.get("late", 0),
                "missing": expected.get("missing", 0),
            }
        )
        for e in lost[:limit]:
            self.stdout.write(f"     - [{e.score.indicator.name} {e.score.score}] {e.description}")
        if len(lost) > limit:
            self.stdout.write(_("     … 另有%(n)s条依据") % {"n": len(lost) - limit})
