"""``manage.py opinion_clock --found "YYYY-MM-DD HH:MM" --level 特别重大|重大|较大|一般 [--emergency]``: one line per
deadline that applies, ``KIND YYYY-MM-DD HH:MM`` in Beijing time (opinion/clocks.py, which cites the rules)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from opinion import clocks

LEVELS = {str(label): value for value, label in clocks.LEVEL_LABELS.items()}


class Command(BaseCommand):
    help = _("按国办发〔2016〕61号、80号计算政务舆情回应的时限（自然小时，北京时间）。")

    def add_arguments(self, parser):
        parser.add_argument("--found", required=True, help=_('发现时间，如 "2026-10-01 22:30"（北京时间）'))
        parser.add_argument("--level", required=True, help=_("级别：特别重大、重大、较大或一般"))
        parser.add_argument("--emergency", action="store_true", help=_("属于突发事件"))

    def handle(self, *args, **options):
        try:
            found = datetime.strptime(options["found"].strip(), "%Y-%m-%d %H:%M").replace(
                tzinfo=clocks.BEIJING
            )
        except ValueError as exc:
            raise CommandError(
                _('发现时间格式不对：%(v)s，应为 "YYYY-MM-DD HH:MM"（如 "2026-10-01 22:30"）。')
                % {"v": options["found"]}
            ) from exc
        level = LEVELS.get(options["level"].strip())
        if level is None:
            raise CommandError(
                _("级别不对：%(v)s，应为 特别重大、重大、较大 或 一般。") % {"v": options["level"]}
            )
        for deadline in clocks.deadlines(found, level, options["emergency"]):
            self.stdout.write(f"{deadline.label} {clocks.beijing(deadline.due)}")
