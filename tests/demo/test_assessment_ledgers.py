"""The demo's 互动交流与政务舆情回应 round over a generated district (the demo's units, its 40 messages and three 舆情
entries, written by the demo loaders): the indicators count exactly the ledger records that fell due in the period
for each unit — none not yet due, none of another unit — with one evidence line each, and the veto and the 舆情
outcomes follow from the records, counted here independently (calendar months by stepping month by month, hours
from the stories' own figures)."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from assessment import services
from assessment.models import Evidence, IndicatorScore
from demo import assessment as demo_assessment
from demo import interaction as demo_interaction
from demo import opinion as demo_opinion
from interaction.models import Message
from opinion.models import Entry
from organizations.models import Role, UnitKind
from tests.factories import UnitFactory, member

pytestmark = pytest.mark.django_db
HOURS = {"权威信息": 5, "新闻发布会": 24, "回应": 48}


@pytest.fixture
def demo_round(db):
    gov = UnitFactory(name="区政府", code="GS", kind=UnitKind.GOVERNMENT)
    codes = sorted({*demo_interaction.UNITS, *(s["unit"] for s in demo_opinion.STORIES)})
    for code in codes:
        UnitFactory(name=f"单位{code}", code=code, kind=UnitKind.DEPARTMENT, parent=gov)
    office = member(Role.OFFICE, gov, "office")
    assert demo_interaction.load({})["messages"] == 40
    assert demo_opinion.load({})["entries"] == 3
    services.load_templates()
    round_ = demo_assessment.ledger_round(office, timezone.localdate())
    assert demo_assessment.ledger_round(office, timezone.localdate()) == round_  # a second run adds nothing
    return round_


def _lines(round_, unit, code) -> dict[int, bool]:
    score = IndicatorScore.objects.get(round=round_, unit=unit, indicator__code=code)
    return dict(Evidence.objects.filter(score=score).values_list("object_id", "deducts"))


def _waited_months(received: date, until: date) -> int:
    n = 0
    while received + relativedelta(months=n + 1) <= until:
        n += 1
    return n


def _counted(message: Message, start: date, as_of: date) -> bool:
    """Answered within the period, or still unanswered at its as-of date with the due date passed."""
    answered = message.answered_on if message.answered_on and message.answered_on <= as_of else None
    if answered:
        return answered >= start
    return message.due_on < as_of and message.received_on <= as_of


def test_messages_counted_are_exactly_those_due_in_the_period(demo_round):
    start, as_of = demo_round.period_start, demo_round.as_of()
    assert as_of == min(demo_round.period_end, timezone.localdate())
    not_due = [m for m in Message.objects.all() if not m.answered_on and m.due_on >= as_of]
    assert not_due, "the demo keeps a message whose answer is not yet due"
    seen: set[int] = set()
    for unit in demo_round.units.all():
        messages = list(Message.objects.filter(unit=unit))
        expected = {
            m.pk: not (m.answered_on and m.answered_on <= m.due_on)
            for m in messages
            if _counted(m, start, as_of)
        }
        assert _lines(demo_round, unit, "1.1") == expected, unit.code
        seen |= set(expected)
        vetoed = {
            m.pk: True
            for m in messages
            if _counted(m, start, as_of)
            and not (m.answered_on and m.answered_on <= m.due_on)
            and _waited_months(m.received_on, m.answered_on or as_of) >= 3
        }
        assert _lines(demo_round, unit, "1.3") == vetoed, unit.code
        pool = IndicatorScore.objects.get(round=demo_round, unit=unit, indicator__code="1").score
        late = sum(expected.values())
        two = sum(
            1
            for m in messages
            if m.pk in expected
            and expected[m.pk]
            and _waited_months(m.received_on, m.answered_on or as_of) >= 2
        )
        assert pool == (0 if vetoed else max(0, 10 - late - 3 * two)), unit.code
    assert not {m.pk for m in not_due} & seen
    assert sum(1 for v in _all_lines(demo_round, "1.1") if v) >= 5  # some late, as the demo says
    assert any(_lines(demo_round, u, "1.3") for u in demo_round.units.all())  # and one vetoed


def _all_lines(round_, code) -> list[bool]:
    return list(
        Evidence.objects.filter(score__round=round_, score__indicator__code=code).values_list(
            "deducts", flat=True
        )
    )


def test_opinion_clocks_counted_per_unit_with_their_outcomes(demo_round):
    start, as_of = demo_round.period_start, demo_round.as_of()
    stories = {s["summary"]: s for s in demo_opinion.STORIES}
    missed = 0
    for unit in demo_round.units.all():
        expected: dict[int, bool] = {}
        lines = 0
        for entry in Entry.objects.filter(unit=unit):
            if not start <= timezone.localdate(entry.found_at) <= as_of:
                continue
            story = stories[entry.summary]
            clocks = ["权威信息", "新闻发布会"] if story["emergency"] else ["回应"]
            for clock in clocks:
                hours = [h for h, kind in story["responses"] if kind in _meets(clock)]
                late = not hours or min(hours) > HOURS[clock]
                expected[entry.pk] = expected.get(entry.pk, False) or late
                missed += not hours
                lines += 1
        score = IndicatorScore.objects.get(round=demo_round, unit=unit, indicator__code="2")
        got = Evidence.objects.filter(score=score)
        assert got.count() == lines, unit.code
        by_entry: dict[int, bool] = {}
        for e in got:
            by_entry[e.object_id] = by_entry.get(e.object_id, False) or e.deducts
        assert by_entry == expected, unit.code
        on_time = sum(1 for e in got if not e.deducts)
        assert score.score == (round(10 * on_time / lines, 2) if lines else 10), unit.code
    assert missed == 1


def _meets(clock: str) -> set[str]:
    """Which responses meet a clock (国办发〔2016〕61号): a press conference is authoritative information too."""
    return {
        "权威信息": {"authority", "press"},
        "新闻发布会": {"press"},
        "回应": {"response", "authority", "press"},
    }[clock]
