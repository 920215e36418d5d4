"""A living demo year (DEMO DATA ONLY): twelve months of disclosure work of the demo district, relative to today.

The year starts on the first day of the quarter one year before the current quarter began. By then the
obligations of the approved demo edition are in force (:func:`set_obligations_start` moves their start there),
and from then on each unit works the way its profile says — 认真 (diligent), 一般 (average), 薄弱 (weak) or
未开展 (silent: publishes nothing) — deterministically (random generators seeded by unit code):

* **periodic duties**: for every period whose due date has passed, one record per periodic duty — the unit's
  obligation of one item — titled after that item, published on time, late, or not at all; the periods still
  running stay open (due soon / upcoming in the workspace);
* **deadline duties**: events of the unit's deadline obligations each quarter — a record formed and published
  on time or late, or a decision with nothing published (returned as triggers for the assessment's
  应公开事件登记);
* **columns**: a diligent or average unit refreshes each of its continuous columns (办事指南 …) twice a year.

Every routine record fulfils exactly one duty of the unit that publishes it (a record counts for its own duty,
issue 21): the plans read the obligations that exist and never assume that a unit owes an item.

These routine records are many (about a thousand) and alike, so :func:`write_routine` hands them to the
publishing bulk service for records of the past (:func:`publishing.services.past_records.import_past_records`):
index numbers from the unit's counter, fulfilments with the due dates and timeliness of the publishing deadline
rules, and the draft → submit → approve → publish events at their times in the story, given explicitly (no
``auto_now`` switching). The records that tell a story (real titles and bodies, policy documents with their
interpretations, a withdrawn 公示, superseded figures, drafts now overdue or due this week) go through the
publishing workflow services one by one in :mod:`demo.story`.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from catalog.timelimits import Kind, due_for, period_bounds
from organizations.models import Tier, Unit, UnitKind
from publishing import selectors as publishing_selectors
from publishing.models import Obligation, ObligationStatus
from publishing.services.past_records import PastRecord, import_past_records

DILIGENT, AVERAGE, WEAK, SILENT = "diligent", "average", "weak", "silent"
#: (probability on time, probability late); the rest is missing
PROFILES = {DILIGENT: (0.86, 0.10), AVERAGE: (0.62, 0.20), WEAK: (0.30, 0.25), SILENT: (0.0, 0.0)}
PROFILE_OF = {
    **dict.fromkeys(["GS-CGB", "GS-MSX-03", "GS-DG-02", "GS-XF-03", "GS-BS-02"], SILENT),
    **dict.fromkeys(["GS-XH", "GS-KJGY", "GS-GCQ", "GS-ST-02", "GS-KQ-03", "GS-HM-03"], WEAK),
    **dict.fromkeys(
        [
            "GS-MZJ",
            "GS-HS-01",
            "GS-CZC",
            "GS-YH",
            "GS-MSX",
            "GS-DG",
            "GS-XH-01",
            "GS-XH-02",
            "GS-GCQJ-02",
            "GS-ST-03",
            "GS-XF-02",
            "GS-BS-03",
            "GS-HM",
        ],
        AVERAGE,
    ),
}
#: deadline events per unit and quarter, by kind of unit
EVENTS_PER_QUARTER = {UnitKind.DEPARTMENT: 2, UnitKind.STREET: 2, UnitKind.COMMUNITY: 1, UnitKind.VILLAGE: 1}
PERIOD_WORDS = {"month": "月度", "quarter": "季度", "half_year": "半年度", "year": "年度"}


def profile(unit_code: str) -> str:
    return PROFILE_OF.get(unit_code, DILIGENT)


def year_start(today: date) -> date:
    """The first day of the quarter that began a year before the current quarter."""
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return quarter_start - relativedelta(years=1)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def set_obligations_start(day: date) -> int:
    """DEMO DATA ONLY: the demo edition's obligations were in force since ``day`` (the story's first day).

    A historical date set after the obligations were generated: a queryset update (no ``auto_now`` involved)."""
    return Obligation.objects.filter(status=ObligationStatus.ACTIVE, started_on__gt=day).update(
        started_on=day
    )


@dataclass
class Routine:
    """One routine record of the story: what, for which obligations (and periods), when formed and published."""

    unit: Unit
    title: str
    body: str
    formed_on: date
    published_on: date
    obligations: list = field(default_factory=list)
    periods: dict = field(default_factory=dict)  # obligation pk -> a day in its period


def period_label(period: str, start: date) -> str:
    if period == "month":
        return f"{start.year}年{start.month}月"
    if period == "quarter":
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if period == "half_year":
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
    return f"{start.year}年度"


#: An element written for the district's copy of an item, as a lower tier's record says it: a street breaks its
#: figures down by community, a community lists its own (明细).
_BREAKDOWN = re.compile(r"^(分|各)街道(.*)$")
#: An element naming one tier's own document (区自然灾害救助应急预案, 区级规范性文件, 街道…应急预案).
_OWN_DOCUMENT = re.compile(r"^(区级|区(?!域)|街道|社区)")
_DOCUMENT_TIER = {"区级": Tier.DISTRICT, "区": Tier.DISTRICT, "街道": Tier.STREET, "社区": Tier.COMMUNITY}


def tier_element(element: str, unit: Unit) -> str | None:
    """``element`` of an item's 公开内容 as ``unit``'s record says it, or ``None`` when it is another tier's.

    The catalog writes an item once for every tier that owes it, in the district's words: 分街道统计情况 is the
    district's breakdown — a street's record breaks down by community (分社区统计情况) and a community's gives its
    own list (明细); 区自然灾害救助应急预案 is the district's document, 街道自然灾害救助应急预案 a street's: each
    record carries its own tier's (the element is kept when the unit's tier is not known)."""
    tier = unit.tier
    breakdown = _BREAKDOWN.match(element)
    if breakdown:
        how, rest = breakdown.groups()
        if tier == Tier.STREET:
            return f"{how}社区{rest}"
        if tier == Tier.COMMUNITY:
            return "明细" if rest.endswith("统计情况") or not rest else f"{rest}明细"
        return element
    own = _OWN_DOCUMENT.match(element)
    if own and tier in _DOCUMENT_TIER.values() and _DOCUMENT_TIER[own.group(1)] != tier:
        return None
    return element


def body_html(unit: Unit, item, what: str) -> str:
    """A record's body: what it discloses, the item's elements as sections (in the words of the unit's tier, see
    :func:`tier_element`), and where to ask."""
    parts = [
        f"<p>根据《中华人民共和国政府信息公开条例》和{item.domain.name}领域基层政务公开标准目录，现将{what}公开如下：</p>"
    ]
    lines = [line.strip().lstrip("●").strip() for line in (item.content or "").splitlines() if line.strip()]
    elements = [e for e in (tier_element(line, unit) for line in lines) if e]
    for n, element in enumerate(elements or [item.name], start=1):
        parts.append(f"<p>{'一二三四五六七八九十'[min(n, 10) - 1]}、{element}：详见附表。</p>")
    contact = f"联系电话：{unit.phone}。" if unit.phone else ""
    parts.append(f"<p>如对公开内容有疑问，请与{unit.name}联系。{contact}</p>")
    parts.append(f'<p style="text-align:right">{unit.name}</p>')
    return "".join(parts)


def outcome(rng: random.Random, unit_code: str) -> str:
    on_time, late = PROFILES[profile(unit_code)]
    roll = rng.random()
    return "on_time" if roll < on_time else "late" if roll < on_time + late else "missing"


def _publish_day(rng: random.Random, state: str, earliest: date, due: date, today: date) -> date | None:
    if state == "on_time":
        day = earliest + timedelta(days=rng.randint(0, max(0, (due - earliest).days)))
        return min(day, due, today)
    if state == "late":
        day = due + timedelta(days=rng.randint(3, 25))
        return day if day < today else None
    return None


def _obligations(units) -> dict[int, list[Obligation]]:
    out: dict[int, list[Obligation]] = defaultdict(list)
    for o in (
        Obligation.objects.active()
        .filter(unit__in=units)
        .select_related("item__domain")
        .order_by("unit_id", "item__tree_id", "item__lft")
    ):
        o.parsed = publishing_selectors.rule_of(o.rule)
        out[o.unit_id].append(o)
    return out


def plan_periodic(unit: Unit, obligations: list[Obligation], start: date, today: date) -> list[Routine]:
    """One record per periodic duty (item) and period whose due date has passed, titled after that item and
    counting for that item's period only (a record counts for its own duty) — or nothing, as the profile says.

    Each duty draws from its own generator (seeded by unit and item code), so a unit's records of one item do
    not change when its other duties do (the obligations are read as they are, never assumed)."""
    out = []
    for o in obligations:
        rule = o.parsed
        if rule is None or rule.kind is not Kind.PERIODIC or not rule.computable:
            continue
        rng = random.Random(f"periodic-{unit.code}-{o.item.code}")
        p_start, p_end = period_bounds(rule.period, start)
        while True:
            due = due_for(rule, p_end).due
            if due >= today:
                break
            state = outcome(rng, unit.code)
            day = _publish_day(rng, state, p_end + timedelta(days=1), due, today)
            if day is not None:
                what = f"{period_label(str(rule.period), p_start)}{o.item.name}"
                out.append(
                    Routine(
                        unit,
                        f"{unit.name}{what}",
                        body_html(unit, o.item, what),
                        p_end + timedelta(days=1),
                        day,
                        [o],
                        {o.pk: p_start},
                    )
                )
            p_start, p_end = period_bounds(rule.period, p_end + timedelta(days=1))
    return out


def plan_deadline(unit: Unit, obligations: list[Obligation], start: date, today: date) -> tuple[list, list]:
    """Events of the unit's deadline obligations each quarter: (records, unanswered triggers)."""
    candidates = [o for o in obligations if o.parsed is not None and o.parsed.kind is Kind.DEADLINE]
    if not candidates:
        return [], []
    rng = random.Random(f"deadline-{unit.code}")
    per_quarter = EVENTS_PER_QUARTER.get(unit.kind, 1)
    records, triggers = [], []
    quarter = start
    while quarter < today - timedelta(days=20):
        for obligation in rng.sample(candidates, min(per_quarter, len(candidates))):
            event = quarter + timedelta(days=rng.randint(0, 80))
            if event >= today - timedelta(days=20):
                continue
            due = due_for(obligation.parsed, event).due
            state = outcome(rng, unit.code)
            day = _publish_day(rng, state, event + timedelta(days=1), due, today)
            if day is None:
                triggers.append((obligation, event, _event_words(obligation)))
                continue
            what = f"{obligation.item.name}（{event.year}年{event.month}月）"
            records.append(
                Routine(
                    unit,
                    f"{unit.name}{what}",
                    body_html(unit, obligation.item, what),
                    event,
                    day,
                    [obligation],
                )
            )
        quarter += relativedelta(months=3)
    return records, triggers


def _event_words(obligation: Obligation) -> str:
    trigger = getattr(obligation.parsed, "trigger", None)
    if str(trigger) == "decision":
        return "作出行政决定（单位行政决定台账记载）"
    return "形成应公开信息（单位工作台账记载）"


def plan_columns(unit: Unit, obligations: list[Obligation], start: date, today: date) -> list[Routine]:
    """Column updates (办事指南、动态): a diligent or average unit updates one of its continuous columns every
    month, in turn; weak and silent units do not."""
    chance = {DILIGENT: 1.0, AVERAGE: 1.0}.get(profile(unit.code), 0.0)
    columns: dict[int, list[Obligation]] = defaultdict(list)
    for o in obligations:
        if (
            o.parsed is None
            or not o.parsed.computable
            or o.parsed.kind in (Kind.CONTINUOUS, Kind.AS_PROGRESS)
        ):
            columns[o.item.domain_id].append(o)
    if not chance or not columns:
        return []
    rng = random.Random(f"columns-{unit.code}")
    turns = [members for _domain, members in sorted(columns.items())]
    rng.shuffle(turns)
    out = []
    month, n = start, 0
    while month <= today:
        day = month + timedelta(days=rng.randint(2, 26))
        if day < today and rng.random() < chance:
            item = rng.choice(turns[n % len(turns)])
            n += 1
            what = f"{item.item.name}（{day.year}年{day.month}月更新）"
            out.append(
                Routine(unit, f"{unit.name}{what}", body_html(unit, item.item, what), day, day, [item])
            )
        month += relativedelta(months=1)
    return out


#: When each step of a routine record's workflow happened on its publication day: (action, hour, minute, who).
ROUTINE_STEPS = (
    ("create", 9, 0, "author"),
    ("submit", 9, 30, "author"),
    ("approve", 10, 0, "approver"),
    ("publish", 10, 30, "author"),
)


def past_record(routine: Routine, author, approver) -> PastRecord:
    """A routine record as the publishing bulk service takes it, with the times of the story."""
    day = routine.published_on
    who = {"author": author, "approver": approver}
    return PastRecord(
        unit=routine.unit,
        title=routine.title,
        body=routine.body,
        formed_on=routine.formed_on,
        created_at=moment(routine.formed_on if routine.formed_on <= day else day, 9),
        published_at=moment(day, 10, 30),
        created_by=author,
        steps=[
            (action, who[role], moment(day, hour, minute)) for action, hour, minute, role in ROUTINE_STEPS
        ],
        obligations=routine.obligations,
        periods=routine.periods,
    )


def write_routine(routines: list[Routine], people: dict[int, tuple], *, office) -> int:
    """Write the routine records in bulk through the publishing service for records of the past, as the office
    (see the module docstring). ``people``: unit id → (author, approver)."""
    routines = sorted(routines, key=lambda r: (r.published_on, r.unit.code, r.title))
    records = [past_record(r, *people[r.unit.pk]) for r in routines]
    return len(import_past_records(user=office, records=records))


def plan_year(today: date) -> tuple[list[Routine], list[tuple]]:
    """The routine records and the unanswered triggers of every unit's year."""
    start = year_start(today)
    units = list(Unit.objects.filter(is_active=True).exclude(kind=UnitKind.GOVERNMENT).order_by("code"))
    obligations = _obligations(units)
    routines, triggers = [], []
    for unit in units:
        mine = obligations.get(unit.pk, [])
        routines += plan_periodic(unit, mine, start, today)
        records, unanswered = plan_deadline(unit, mine, start, today)
        routines += records
        triggers += unanswered
        routines += plan_columns(unit, mine, start, today)
    return routines, triggers
