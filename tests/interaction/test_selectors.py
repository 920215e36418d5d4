"""Reads of 互动交流: the monthly statistics against a count by hand, the per-unit timeliness the assessment
reads (late and unanswered, with evidence), the clock in words, and the desk section."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from interaction import selectors, services
from interaction.models import Message

pytestmark = pytest.mark.django_db


def _count_workdays(start: date, end: date) -> int:
    """Weekdays in (start, end] — the dates below are in March 2026, which has no holiday or 调休 day."""
    return sum(1 for i in range(1, (end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5)


@pytest.fixture
def month(submit, office):
    """March 2026: six messages, answered after 2, 4, 5, 7 working days, one answered in April, one never."""
    made = []
    for i, (received, answered) in enumerate(
        [
            (date(2026, 3, 2), date(2026, 3, 4)),
            (date(2026, 3, 3), date(2026, 3, 9)),
            (date(2026, 3, 9), date(2026, 3, 16)),
            (date(2026, 3, 16), date(2026, 3, 25)),
            (date(2026, 3, 27), date(2026, 4, 2)),
            (date(2026, 3, 30), None),
        ]
    ):
        m = submit(subject=f"咨询{i}", received=received, unit="s1" if i % 2 else "s2")
        if answered:
            services.answer(user=office, message=m, text="答复", today=answered)
        made.append(m)
    return made


def test_month_stats_against_a_count_by_hand(month):
    stats = selectors.month_stats(2026, 3)
    march = [m for m in Message.objects.all() if m.received_on.month == 3]
    answered = [m for m in Message.objects.all() if m.answered_on and m.answered_on.month == 3]
    spans = [_count_workdays(m.received_on, m.answered_on) for m in answered]
    assert stats.received == len(march) == 6
    assert stats.answered == len(answered) == 4
    assert (
        stats.on_time == sum(1 for m in answered if _count_workdays(m.received_on, m.answered_on) <= 5) == 3
    )
    assert stats.average_workdays == round(sum(spans) / len(spans), 1) == 4.5
    april = selectors.month_stats(2026, 4)
    assert (april.received, april.answered, april.on_time) == (0, 1, 1)


def test_timeliness_names_the_late_and_the_unanswered(month, d):
    found = selectors.answer_timeliness([d["s1"].pk, d["s2"].pk], date(2026, 3, 1), date(2026, 4, 30))
    s1, s2 = found[d["s1"].pk], found[d["s2"].pk]
    # s1: messages 1 (on time), 3 (7 working days: late), 5 (never answered, due 2026-04-06)
    assert (s1["total"], s1["on_time"], s1["unanswered"]) == (3, 1, 1)
    texts = [t for _pk, t in s1["late"]]
    assert any("实际2026-03-25答复（超期2个工作日）" in t for t in texts)
    assert any("截至2026-04-30尚未答复" in t for t in texts)
    assert (s2["total"], s2["on_time"], s2["late"]) == (3, 3, [])


def test_clock_words_and_overdue():
    m = Message(received_on=date(2026, 3, 2), due_on=date(2026, 3, 9), status="assigned")
    assert selectors.clock_words(m, date(2026, 3, 5)) == "剩余 2 个工作日"
    assert selectors.clock_words(m, date(2026, 3, 9)) == "今日到期"
    assert selectors.clock_words(m, date(2026, 3, 11)) == "已超期 2 个工作日"
    assert selectors.overdue(m, date(2026, 3, 10)) and not selectors.overdue(m, date(2026, 3, 9))


def test_the_desk_shows_waiting_and_overdue(submit, officer_s1, officer_s2):
    submit(unit="s1", received=date(2026, 3, 2))
    section = selectors.desk_section(officer_s1, "", date(2026, 3, 20))
    counts = {c.key: c.count for c in section.counts}
    assert counts == {"waiting": 0, "overdue": 1} and "已超期" in section.lines[0].when
    other = selectors.desk_section(officer_s2, "", date(2026, 3, 20))
    assert {c.key: c.count for c in other.counts} == {"waiting": 0, "overdue": 0}
