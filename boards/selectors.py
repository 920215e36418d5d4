"""Reads of the 公开栏: the state of a posting (its period, whether the online record changed since it was
printed), the postings a public record page names, the periods a community's boards carried nothing in (村民委员会
组织法 第三十条: 村务 at least quarterly, finances monthly) for the desk and the assessment, and the desk section
(registered in BoardsConfig.ready())."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import permissions as perms
from organizations.models import Unit, UnitKind
from publishing.models import PublicationStatus

from .models import AREA, Posting, Result

#: The units that must post 村务/居务 on their boards (村民委员会组织法 第三十条; 城市居民委员会 likewise).
POSTING_UNITS = (UnitKind.COMMUNITY, UnitKind.VILLAGE)
#: A finance posting: a record whose title or item names the finances (财务收支, 财务公开).
FINANCE_WORDS = ("财务",)
QUARTERLY, MONTHLY = "quarterly", "monthly"
CHANGED_ONLINE = gettext_lazy("线上已变更，需重新张贴")


def may_post(user) -> bool:
    """Does ``user`` post on some unit's boards (the staff navigation links the postings for them)?"""
    return getattr(user, "is_authenticated", False) and perms.can(user, perms.CHANGE, AREA)


# -- one posting -----------------------------------------------------------------------------------------------
def changed_online(posting: Posting) -> bool:
    """Has the online record changed (or left the site) since the sheet was printed? Compares the fingerprint
    printed on the sheet with the record's content now."""
    from .sheet import content_hash

    publication = posting.publication
    return (
        publication.status != PublicationStatus.PUBLISHED or content_hash(publication) != posting.content_hash
    )


def state(posting: Posting, today: date) -> str:
    """What the posting is now, in words: superseded, taken down, changed online, running or over."""
    if hasattr(posting, "superseded_by"):
        return _("已被重新张贴替代")
    if posting.taken_down_on:
        return _("已撤下（%(d)s）") % {"d": posting.taken_down_on}
    if changed_online(posting):
        return str(CHANGED_ONLINE)
    if today <= posting.ends_on:
        return _("公示中，至 %(d)s") % {"d": posting.ends_on}
    return _("公示期已满（%(d)s），待撤下") % {"d": posting.ends_on}


def public_postings(publication) -> list[Posting]:
    """The postings of a public record now on a board (the record page: "已在公开栏张贴：…，公示期至 …")."""
    return list(
        Posting.objects.current()
        .filter(publication=publication, board__is_active=True)
        .select_related("board")
        .order_by("posted_on", "id")
    )


def posting_lines(publication) -> list[str]:
    return [
        _("已在公开栏张贴：%(board)s，公示期至 %(end)s")
        % {"board": p.board.name, "end": p.ends_on.isoformat()}
        for p in public_postings(publication)
    ]


def needs_reposting(user) -> list[Posting]:
    """Current postings of ``user``'s units whose online record changed after printing."""
    postings = (
        Posting.objects.visible_to(user).current().select_related("publication", "board", "board__unit")
    )[:500]
    return [p for p in postings if changed_online(p)]


# -- frequency (村民委员会组织法 第三十条) ---------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    """A period a unit's boards carried nothing of what the law wants posted in it."""

    unit_id: int
    kind: str  # QUARTERLY (村务) or MONTHLY (财务)
    start: date
    end: date

    @property
    def words(self) -> str:
        if self.kind == QUARTERLY:
            label = _("%(y)d年第%(q)d季度") % {"y": self.start.year, "q": (self.start.month - 1) // 3 + 1}
            return _("%(p)s公开栏未张贴村（居）务公开信息") % {"p": label}
        return _("%(y)d年%(m)d月公开栏未张贴财务公开信息") % {"y": self.start.year, "m": self.start.month}


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def periods_within(start: date, end: date) -> list[tuple[str, date, date]]:
    """The whole months and quarters inside [start, end]: (kind, first day, last day)."""
    found = []
    day = start.replace(day=1)
    while day <= end:
        last = _month_end(day)
        if day >= start and last <= end:
            found.append((MONTHLY, day, last))
            if day.month in (1, 4, 7, 10):
                q_last = _month_end(day.replace(month=day.month + 2))
                if q_last <= end:
                    found.append((QUARTERLY, day, q_last))
        day = last + timedelta(days=1)
    return found


def posting_units(unit_ids) -> list[int]:
    return list(
        Unit.objects.filter(pk__in=list(unit_ids), kind__in=POSTING_UNITS).values_list("pk", flat=True)
    )


def frequency(unit_ids, start: date, end: date) -> dict[int, tuple[int, list[Gap]]]:
    """For each community or village among ``unit_ids``: (periods required in [start, end], the gaps). A quarter
    is kept when one of the unit's boards had a sheet posted in it (公布一次: a sheet left up does not count
    again); a month needs a finance record posted in it. Two queries whatever the number of units."""
    unit_ids = list(unit_ids)
    units = posting_units(unit_ids)
    wanted = periods_within(start, end)
    rows = list(
        Posting.objects.filter(
            board__unit_id__in=list(unit_ids),
            board__unit__kind__in=POSTING_UNITS,
            posted_on__range=(start, end),
        ).values_list("board__unit_id", "posted_on", "publication__title")
    )
    by_unit: dict[int, list[tuple]] = {u: [] for u in units}
    for unit_id, posted, title in rows:
        by_unit.setdefault(unit_id, []).append((posted, any(w in title for w in FINANCE_WORDS)))
    out = {}
    for unit_id in units:
        gaps = []
        for kind, first, last in wanted:
            carried = any(
                first <= posted <= last and (finance or kind == QUARTERLY)
                for posted, finance in by_unit[unit_id]
            )
            if not carried:
                gaps.append(Gap(unit_id, kind, first, last))
        out[unit_id] = (len(wanted), gaps)
    return out


def last_complete_periods(today: date) -> tuple[date, date]:
    """From the first day of the last complete quarter to the last day of the last complete month."""
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    prev_q_start = (quarter_start - timedelta(days=1)).replace(day=1)
    prev_q_start = prev_q_start.replace(month=(prev_q_start.month - 1) // 3 * 3 + 1)
    return prev_q_start, last_month_end


# -- the desk section ----------------------------------------------------------------------------------------
def desk_section(user, within: str, today: date):
    """The 公开栏 section of the desk: communities whose boards carried nothing in the last complete month or
    quarter, postings to re-post because the record changed online, and objections waiting."""
    from publishing.selectors import DeskCount, DeskLine, DeskSection

    if not may_post(user):
        return None
    units = Unit.objects.filter(perms.unit_filter(user, perms.VIEW, AREA), is_active=True)
    if within:
        units = units.filter(code=within)
    start, end = last_complete_periods(today)
    gaps = [
        g
        for _total, found in frequency(units.values_list("pk", flat=True), start, end).values()
        for g in found
    ]
    names = dict(Unit.objects.filter(pk__in={g.unit_id for g in gaps}).values_list("pk", "name"))
    stale = needs_reposting(user)
    waiting = Posting.objects.visible_to(user).filter(objections__result=Result.PENDING).distinct().count()
    base = reverse("admin:boards_posting_changelist")
    lines = [
        DeskLine(
            title=p.publication.title[:40], unit=p.board.unit.name, when=str(CHANGED_ONLINE),
            action=str(_("重新张贴")), url=reverse("admin:boards_posting_change", args=[p.pk]), badge=p.board.name,
        )
        for p in stale[:3]
    ] + [
        DeskLine(
            title=g.words, unit=names.get(g.unit_id, ""), when=_("截至 %(d)s") % {"d": g.end},
            action=str(_("张贴")), url=base, badge=str(_("未按期张贴")),
        )
        for g in gaps[: 5 - min(len(stale), 3)]
    ]  # fmt: skip
    return DeskSection(
        key="boards",
        title=str(_("公开栏")),
        url=base,
        counts=(
            DeskCount(key="gaps", title=str(_("未按期张贴")), count=len(gaps), url=base, unit=str(_("期"))),
            DeskCount(key="stale", title=str(CHANGED_ONLINE), count=len(stale), url=base, unit=str(_("张"))),
            DeskCount(
                key="objections", title=str(_("待处理异议")), count=waiting, url=base, unit=str(_("件"))
            ),
        ),
        lines=tuple(lines),
        link_label=str(_("进入公开栏张贴记录")),
    )
