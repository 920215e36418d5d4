"""The 互动交流 and 政务舆情回应 indicators, read from interaction.selectors and opinion.selectors: figures counted
by hand from the records made through each app's services, and one evidence line per late or missed item."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assessment.indicators import REGISTRY, Period, compute
from interaction import services as interaction
from opinion import services as opinion
from opinion.models import Entry

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_calendar(fresh_calendar_cache):
    yield


def test_both_are_in_the_registry():
    assert {"interaction_late_answers", "opinion_responses"} <= set(REGISTRY)


def test_interaction_late_and_unanswered_deduct_with_evidence(d, office):
    def message(received, answered, unit="s1"):
        m = interaction.submit(
            kind="consult",
            subject="咨询",
            body="内容",
            name="张三",
            phone="13800000000",
            unit=d[unit],
            today=received,
        )
        if answered:
            interaction.answer(user=office, message=m, text="答复", today=answered)
        return m

    # received Monday 6-1: due the fifth working day after, 6-8; answered 6-12 is late
    on_time = message(date(2026, 6, 1), date(2026, 6, 5))
    late = message(date(2026, 6, 1), date(2026, 6, 12))
    waiting = message(date(2026, 3, 20), None)  # unanswered for over three months by the period's end
    message(date(2026, 6, 2), date(2026, 6, 3), unit="s2")
    period = Period(date(2026, 6, 1), date(2026, 6, 30))
    m = compute("interaction_late_answers", d["s1"], period)
    assert (m.num, m.den, m.count) == (1, 3, 2)
    assert m.details == {"unanswered": 1, "over_two_months": 1, "over_three_months": 1}
    # every counted message is an evidence line; only the late and the unanswered one cost points
    by_pk = {pk: (text, deducts) for _label, pk, text, deducts in m.evidence}
    assert set(by_pk) == {on_time.pk, late.pk, waiting.pk}
    assert {pk for pk, (_t, deducts) in by_pk.items() if deducts} == {late.pk, waiting.pk}
    assert f"应于{late.due_on}前答复，实际2026-06-12答复" in by_pk[late.pk][0]
    assert "截至2026-06-30尚未答复" in by_pk[waiting.pk][0] and "已等待3个月" in by_pk[waiting.pk][0]
    assert "2026-06-05按时答复" in by_pk[on_time.pk][0] and "咨询" in by_pk[on_time.pk][0]
    for message in (on_time, late, waiting):
        message.refresh_from_db()
        assert message.code[:4] in by_pk[message.pk][0]  # the tracking code (grouped)
    assert all(label == "interaction.message" for label, *_rest in m.evidence)
    other = compute("interaction_late_answers", d["s2"], period)
    assert (other.num, other.den, other.count) == (1, 1, 0)
    assert [deducts for *_rest, deducts in other.evidence] == [False]
    # the two- and three-month rules: only the message received 3-20 waited that long by 6-30
    for months in (2, 3):
        rule = compute("interaction_late_answers", d["s1"], period, {"waiting_months": months})
        assert (rule.count, [e[1] for e in rule.evidence]) == (1, [waiting.pk])
    # on 6-19 the 3-20 message had waited 2 months but not yet 3
    june19 = Period(date(2026, 6, 1), date(2026, 6, 19))
    assert compute("interaction_late_answers", d["s1"], june19, {"waiting_months": 2}).count == 1
    assert compute("interaction_late_answers", d["s1"], june19, {"waiting_months": 3}).count == 0


def _entry(office, unit, found, summary):
    return opinion.record_entry(
        user=office,
        found_at=found,
        source="weibo",
        summary=summary,
        unit=unit,
        kind="interest",
        level="general",
    )


def test_opinion_on_time_late_missed_and_handed_over(d, office):
    base = datetime(2026, 6, 8, 9, 0, tzinfo=BEIJING)
    on_time = _entry(office, d["s1"], base, "积水无人处理")
    opinion.record_response(
        user=office, entry=on_time, kind="response", responded_at=base + timedelta(hours=10)
    )
    late = _entry(office, d["s1"], base + timedelta(days=1), "补助迟迟未发放")
    opinion.record_response(
        user=office, entry=late, kind="response", responded_at=base + timedelta(days=1, hours=60)
    )
    missed = _entry(office, d["s1"], base + timedelta(days=2), "低保停发传言")
    handed = _entry(office, d["s1"], base + timedelta(days=3), "网传谣言")
    opinion.hand_over(
        user=office,
        entry=handed,
        to="police",
        party="区公安分局",
        handed_at=base + timedelta(days=3, hours=5),
    )
    _entry(office, d["s1"], base - timedelta(days=30), "上月的舆情")  # outside the period
    m = compute("opinion_responses", d["s1"], Period(date(2026, 6, 1), date(2026, 6, 30)))
    # one 48-hour clock each: on time 1, late 1, missed 1, handed over 1 (not measured)
    assert (m.num, m.den, m.count) == (1, 3, 2)
    assert m.details["handed_over"] == 1 and m.details["running"] == 0
    # the measured clocks are the evidence lines; the on-time one costs nothing, handed over is not listed
    assert {pk for _label, pk, _t, _d in m.evidence} == {on_time.pk, late.pk, missed.pk}
    assert {pk for _label, pk, _t, deducts in m.evidence if deducts} == {late.pk, missed.pk}
    texts = {pk: t for _label, pk, t, _d in m.evidence}
    assert "补助迟迟未发放" in texts[late.pk] and "超时，实际2026-06-11 21:00回应" in texts[late.pk]
    assert "截至2026-06-30未回应" in texts[missed.pk]
    assert "按时，2026-06-08 19:00回应" in texts[on_time.pk] and "2026-06-08 09:00发现" in texts[on_time.pk]
    assert "一般" in texts[on_time.pk] and "时限 2026-06-10 09:00" in texts[on_time.pk]
    assert Entry.objects.count() == 5
    assert compute("opinion_responses", d["s2"], Period(date(2026, 6, 1), date(2026, 6, 30))).den == 0
