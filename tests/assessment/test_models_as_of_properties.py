"""Only what was due is scored (issue 21), as properties over generated rounds and duties (Hypothesis).

A round counts its duties up to its as-of date (:meth:`assessment.models.Round.as_of`), which is what
:func:`assessment.scoring.gather` hands to the computations as the period's end:

* no open round counts a duty due after its as-of date (today, at most the period's end), and what it counts
  as missing is said to be missing "截至" that day, never the period's end still to come;
* a closed round counts exactly the duties due inside its period.

The duties are real time-limit rules (parsed from catalog wordings: periodic after a month, quarter or year;
within N days or working days of the information being formed; 实时公开 columns), with records (drafts and
published ones) and registered events, classified by the real :func:`assessment.expected.classify`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import expected as exp
from assessment.models import Round, RoundKind, RoundStatus
from catalog.timelimits import Kind, due_for, parse_time_limit, period_bounds

pytestmark = pytest.mark.django_db  # the working-day calendar is read from the database (cached)

WORDINGS = [
    "每月结束后10日内",
    "每季度结束后15个工作日内",
    "每年结束后30日内",
    "信息形成或者变更之日起20个工作日内",
    "信息形成之日起7日内",
    "实时公开",
]
RULES = {w: parse_time_limit(w).rule for w in WORDINGS}
BASE = date(2025, 1, 1)
STATUSES = (RoundStatus.OPEN, RoundStatus.SCORED, RoundStatus.REVIEWED, RoundStatus.CLOSED)

day = st.integers(-120, 760).map(lambda n: BASE + timedelta(days=n))
record = st.tuples(day, st.one_of(st.none(), st.integers(0, 60)), st.booleans(), st.booleans())
duty = st.fixed_dictionaries(
    {
        "wording": st.sampled_from(WORDINGS),
        "started": st.integers(-400, 300).map(lambda n: BASE + timedelta(days=n)),
        "records": st.lists(record, max_size=4, unique_by=lambda r: r[0]),
        "triggers": st.lists(day, max_size=3, unique=True),
    }
)
round_ = st.tuples(
    st.integers(0, 640).map(lambda n: BASE + timedelta(days=n)),  # period start
    st.sampled_from([0, 27, 30, 90, 181, 364]),  # period length − 1
    st.sampled_from(STATUSES),
    st.integers(-60, 460),  # today, in days after the period's start
)


def _inputs(duties: list[dict]):
    """classify's inputs: one unit, one field; ``records`` = (formed, days to publish or None, counted, keyed
    to its period)."""
    out_duties, out_records, out_triggers = [], [], []
    for n, d in enumerate(duties, start=1):
        rule = RULES[d["wording"]]
        out_duties.append(exp.Duty(n, 1, f"事项{n}", 1, "education", "义务教育", rule, d["started"]))
        for m, (formed, after, counted, keyed) in enumerate(d["records"]):
            published = None if after is None else formed + timedelta(days=after)
            period_start = None
            if rule.kind is Kind.PERIODIC and keyed:
                period_start = period_bounds(rule.period, formed)[0]
            out_records.append(
                exp.Record(n, 100 * n + m, f"记录{n}-{m}", counted, formed, published, period_start)
            )
        out_triggers += [exp.Trigger(n, t, "作出决定") for t in d["triggers"]]
    return out_duties, out_records, out_triggers


def _due_inside(duties, records, triggers, start: date, end: date) -> set[tuple]:
    """The oracle: (obligation, key date) of every periodic and deadline duty whose due date is in
    [start, end], straight from the rules."""
    out = set()
    for d in duties:
        rule = d.rule
        if rule.kind is Kind.PERIODIC:
            p_start, p_end = period_bounds(rule.period, d.started_on)
            while (due := due_for(rule, p_end).due) <= end:
                if due >= start:
                    out.add((d.obligation_id, p_start))
                p_start, p_end = period_bounds(rule.period, p_end + timedelta(days=1))
        elif rule.kind is Kind.DEADLINE:
            mine = [r for r in records if r.obligation_id == d.obligation_id]
            formed = {r.formed_on for r in mine}
            events = formed | {t.occurred_on for t in triggers if t.obligation_id == d.obligation_id}
            for event in events:
                if start <= due_for(rule, event).due <= end:
                    out.add((d.obligation_id, event))
    return out


def _round(start: date, length: int, status: str) -> Round:
    return Round(
        name="r",
        kind=RoundKind.QUARTERLY,
        period_start=start,
        period_end=start + timedelta(days=length),
        status=status,
    )


def _classify_round(r: Round, today: date, duties, records, triggers) -> tuple[date, list[exp.Due]]:
    """What :func:`assessment.scoring.gather` does for the round: the period up to its as-of date."""
    as_of = r.as_of(today)
    return as_of, exp.classify(duties, records, triggers, r.period_start, as_of)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(round_, st.lists(duty, min_size=1, max_size=5))
def test_no_open_round_counts_a_duty_due_after_its_as_of_date(r, duties):
    start, length, status, offset = r
    round_obj = _round(start, length, status)
    today = start + timedelta(days=offset)
    inputs = _inputs(duties)
    as_of, dues = _classify_round(round_obj, today, *inputs)
    if status == RoundStatus.CLOSED:
        assert as_of == round_obj.period_end
        return
    assert as_of == min(today, round_obj.period_end)
    for d in dues:
        assert round_obj.period_start <= d.due_date <= as_of <= today, d
        if d.state == exp.MISSING and d.kind != exp.COLUMN:
            assert f"截至{as_of}" in d.evidence, d.evidence
            if round_obj.period_end > today:
                assert f"截至{round_obj.period_end}" not in d.evidence, d.evidence
    counted = {(d.obligation_id, d.key_date) for d in dues if d.kind != exp.COLUMN}
    assert counted == _due_inside(*inputs, round_obj.period_start, as_of)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(round_, st.lists(duty, min_size=1, max_size=5))
def test_a_closed_round_counts_exactly_the_duties_due_in_its_period(r, duties):
    start, length, _status, offset = r
    round_obj = _round(start, length, RoundStatus.CLOSED)
    today = start + timedelta(days=offset)  # whatever today is: closed means the whole period
    inputs = _inputs(duties)
    as_of, dues = _classify_round(round_obj, today, *inputs)
    assert as_of == round_obj.period_end
    assert all(round_obj.period_start <= d.due_date <= round_obj.period_end for d in dues)
    counted = {(d.obligation_id, d.key_date) for d in dues if d.kind != exp.COLUMN}
    assert counted == _due_inside(*inputs, round_obj.period_start, round_obj.period_end)
    assert len(counted) == sum(1 for d in dues if d.kind != exp.COLUMN)  # each duty once
