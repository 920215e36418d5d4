"""The holiday arrangements the maintained packages know, as rows for :class:`~workdays.models.CalendarDay`.

``chinese_calendar`` (PyPI ``chinesecalendar``) holds the State Council's arrangements for 2004–2026: every
day off of a holiday block (weekends inside the block included) and every make-up working day (调休上班),
labelled with an English festival name. This module turns them into Chinese-named rows. A block that joins
two festivals is named like the State Council notice does ("国庆节、中秋节", in the order the festivals fall);
where ``chinese_calendar`` labels the whole block with one festival only (2020: 中秋节 fell on 10月1日), the
festival dates of the ``holidays`` package complete the name.

Pure functions, no models: the data migration and :mod:`workdays.services` both use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"

#: chinese_calendar's English labels → the names the State Council notices use.
FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
#: Festival names of the ``holidays`` package accepted to complete a block's name.
_COMPLETING_NAMES = frozenset(FESTIVAL_NAMES.values())
MAKEUP_SUFFIX = "调休上班"


@dataclass(frozen=True)
class PackageDay:
    """One exception day as the package knows it."""

    date: dt.date
    kind: str  # HOLIDAY or MAKEUP_WORKDAY
    name: str


def notice_title(year: int) -> str:
    """The title the State Council General Office gives each year's arrangement."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


@cache
def package_years() -> range:
    """The years ``chinese_calendar`` covers (2004–2026 in version 1.11)."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return range(min(years), max(years) + 1)


def _festival(label: str) -> str:
    return FESTIVAL_NAMES.get(label, label)


def _completing_names(first: dt.date, last: dt.date) -> dict[dt.date, list[str]]:
    """Festival days the ``holidays`` package places between ``first`` and ``last`` (its own names)."""
    try:
        import holidays
    except ImportError:  # the name stays what chinese_calendar says
        return {}
    china = holidays.China(years=range(first.year, last.year + 1), language="zh_CN")
    found: dict[dt.date, list[str]] = {}
    for day, names in china.items():
        if first <= day <= last:
            wanted = [name for name in str(names).split("; ") if name in _COMPLETING_NAMES]
            if wanted:
                found[day] = wanted
    return found


@cache
def _all_days() -> tuple[PackageDay, ...]:
    from chinese_calendar import constants

    holiday_dates = sorted(constants.holidays)
    # Consecutive days off form one block (one line of a notice).
    blocks: list[list[dt.date]] = []
    for day in holiday_dates:
        if blocks and (day - blocks[-1][-1]).days == 1:
            blocks[-1].append(day)
        else:
            blocks.append([day])
    completing = _completing_names(holiday_dates[0], holiday_dates[-1])

    rows: list[PackageDay] = []
    block_names: list[tuple[list[dt.date], list[str]]] = []
    for block in blocks:
        festivals: list[str] = []
        for day in block:
            for name in [_festival(constants.holidays[day]), *completing.get(day, [])]:
                if name not in festivals:
                    festivals.append(name)
        name = "、".join(festivals)
        block_names.append((block, festivals))
        rows.extend(PackageDay(day, HOLIDAY, name) for day in block)

    for day, label in sorted(constants.workdays.items()):
        festival = _festival(label)
        # The block this make-up day belongs to: the nearest one that holds the same festival.
        holding = [(abs((b[0] - day).days), f) for b, f in block_names if festival in f]
        name = "、".join(min(holding)[1]) if holding else festival
        rows.append(PackageDay(day, MAKEUP_WORKDAY, f"{name}{MAKEUP_SUFFIX}"))
    rows.sort(key=lambda row: row.date)
    return tuple(rows)


def package_days(year: int) -> list[PackageDay]:
    """The exception days of ``year`` (by the date's own year), sorted; ValueError outside the package."""
    if year not in package_years():
        first, last = package_years()[0], package_years()[-1]
        raise ValueError(
            _("日历库只包含%(first)s–%(last)s年的节假日安排，没有%(year)s年的数据。")
            % {"first": first, "last": last, "year": year}
        )
    return [row for row in _all_days() if row.date.year == year]


#: The festivals of the fixed statutory holidays (全国年节及纪念日放假办法), as the ``holidays`` package names
#: them, and the names the notices use.
STATUTORY_NAMES = {
    "元旦": "元旦",
    "农历除夕": "春节",
    "春节": "春节",
    "清明节": "清明节",
    "劳动节": "劳动节",
    "端午节": "端午节",
    "中秋节": "中秋节",
    "国庆节": "国庆节",
}


@cache
def statutory_days(year: int) -> dict[dt.date, str]:
    """The fixed statutory holidays of ``year`` by rule — 元旦, 劳动节, 国庆节 and, from the lunar calendar as
    the maintained ``holidays`` package computes it, 春节 (with 除夕 from 2025), 清明节, 端午节, 中秋节 — without
    the State Council's yearly shifts (调休) and without substitute days. For a year nobody has entered yet."""
    import holidays

    china = holidays.China(years=year, language="zh_CN", observed=False)
    found: dict[dt.date, str] = {}
    for day, names in sorted(china.items()):
        for name in str(names).split("; "):
            if name in STATUTORY_NAMES:
                found[day] = STATUTORY_NAMES[name]
                break
    return found
