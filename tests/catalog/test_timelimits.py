"""catalog.timelimits: parsing catalog time-limit wordings, the rule's JSON and words, periods, due dates."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from catalog.timelimits import (
    Kind,
    ParseResult,
    Period,
    TimeLimitRule,
    Trigger,
    Unit,
    due_for,
    parse_time_limit,
    period_bounds,
)

ART_26 = "第二十六条"


def parsed(text: str) -> ParseResult:
    result = parse_time_limit(text)
    assert isinstance(result, ParseResult)
    assert result.note
    return result


def deadline(trigger, amount, unit=Unit.WORKDAYS, **extra) -> TimeLimitRule:
    return TimeLimitRule(kind=Kind.DEADLINE, trigger=trigger, amount=amount, unit=unit, **extra)


def periodic(period, **extra) -> TimeLimitRule:
    return TimeLimitRule(kind=Kind.PERIODIC, period=period, **extra)


# ==========================================================================================================
# Wordings that must be understood — one case each
# ==========================================================================================================
UNDERSTOOD = [
    # standards.md §1 sample rows
    ("信息形成或者变更之日起20个工作日内", deadline(Trigger.FORMED, 20)),
    ("信息形成或变更之日起20个工作日内", deadline(Trigger.FORMED, 20)),
    ("自作出行政决定之日起7个工作日内", deadline(Trigger.DECISION, 7)),
    ("20个工作日", deadline(Trigger.FORMED, 20)),
    (
        "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示",
        deadline(
            Trigger.FORMED,
            20,
            alternatives=(deadline(Trigger.DECISION, 7, label="行政许可、行政处罚"),),
        ),
    ),
    (
        "及时公开，公告期限为5个工作日",
        TimeLimitRule(kind=Kind.AS_PROGRESS, display_days=5, display_unit=Unit.WORKDAYS),
    ),
    ("实时公开", TimeLimitRule(kind=Kind.CONTINUOUS)),
    ("按进展情况及时公开", TimeLimitRule(kind=Kind.AS_PROGRESS)),
    # periodic
    ("每季度结束后10日内", periodic(Period.QUARTER, amount=10, unit=Unit.DAYS)),
    ("每季度结束后10个工作日内", periodic(Period.QUARTER, amount=10, unit=Unit.WORKDAYS)),
    ("每月结束后5个工作日内", periodic(Period.MONTH, amount=5, unit=Unit.WORKDAYS)),
    ("每月10日前", periodic(Period.MONTH, amount=10, unit=Unit.DAYS)),
    ("每年3月31日前", periodic(Period.YEAR, due_month=3, due_day=31)),
    ("每年1月31日前", periodic(Period.YEAR, due_month=1, due_day=31)),
    ("每年的9月15日之前", periodic(Period.YEAR, due_month=9, due_day=15)),
    ("每半年", periodic(Period.HALF_YEAR)),
    ("每半年公开一次", periodic(Period.HALF_YEAR)),
    ("每月更换一次", periodic(Period.MONTH)),
    ("一年换一次", periodic(Period.YEAR)),
    ("每季度公开，季度结束后10日内", periodic(Period.QUARTER, amount=10, unit=Unit.DAYS)),
    # requests
    ("收到申请之日起20个工作日内", deadline(Trigger.RECEIVED, 20)),
    ("自受理之日起20个工作日内", deadline(Trigger.RECEIVED, 20)),
    # street plans (seed 002): ad-hoc decisions within 3 days, hot issues within a week
    ("3日内", deadline(Trigger.FORMED, 3, Unit.DAYS)),
    ("三日内", deadline(Trigger.FORMED, 3, Unit.DAYS)),
    ("3天内", deadline(Trigger.FORMED, 3, Unit.DAYS)),
    ("形成决定、决议后3天内公开", deadline(Trigger.FORMED, 3, Unit.DAYS)),
    ("一周内", deadline(Trigger.FORMED, 7, Unit.DAYS)),
    ("一个星期内", deadline(Trigger.FORMED, 7, Unit.DAYS)),
    # continuous / as progress
    ("长期公开", TimeLimitRule(kind=Kind.CONTINUOUS)),
    ("常态化公开", TimeLimitRule(kind=Kind.CONTINUOUS)),
    ("及时公开", TimeLimitRule(kind=Kind.AS_PROGRESS)),
    ("不定期公开", TimeLimitRule(kind=Kind.AS_PROGRESS)),
    ("在决策作出前", TimeLimitRule(kind=Kind.AS_PROGRESS, label="决策前")),
    ("决策前", TimeLimitRule(kind=Kind.AS_PROGRESS, label="决策前")),
    ("决策前向社会公开决策草案、决策依据", TimeLimitRule(kind=Kind.AS_PROGRESS, label="决策前")),
    # other events
    ("信息形成之日起 15 个工作日内", deadline(Trigger.FORMED, 15)),
    ("会议结束后3个工作日内", deadline(Trigger.EVENT, 3, event="会议结束")),
    (
        "会议结束后3日内公开，公示期不少于5个工作日",
        deadline(Trigger.EVENT, 3, Unit.DAYS, event="会议结束", display_days=5, display_unit=Unit.WORKDAYS),
    ),
    # seed 003 (新津 service guides, traditional characters)
    ("收到申請后的3個工作日之內", deadline(Trigger.RECEIVED, 3)),
    ("民主評議后10個工作日之內", deadline(Trigger.EVENT, 10, event="民主评议")),
    ("在災情穩定后5個工作日之內", deadline(Trigger.EVENT, 5, event="灾情稳定")),
    ("張榜公示結束后2個工作日之內", deadline(Trigger.EVENT, 2, event="张榜公示结束")),
    ("收到村(社區)上報資料后5個工作日之內", deadline(Trigger.EVENT, 5, event="收到村(社区)上报资料")),
    # other units
    ("24小时内", deadline(Trigger.FORMED, 24, Unit.HOURS)),
    ("信息形成之日起3个月内", deadline(Trigger.FORMED, 3, Unit.MONTHS)),
    ("信息形成之日起1年内", deadline(Trigger.FORMED, 12, Unit.MONTHS)),
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD, ids=[t for t, _ in UNDERSTOOD])
def test_understood_wordings(text, expected):
    result = parsed(text)
    assert result.understood, result.note
    assert result.rule == expected
    assert result.note.startswith("已识别为：" + expected.describe())


NORMALISED = [
    "２０个工作日",  # full-width digits
    "二十个工作日",  # Chinese numerals
    "二十個工作日",  # traditional characters
    " 20 个 工作日 ",  # whitespace
    "20个工作日以内",
    "20个工作日之内",
    "20个工作日内",
]


@pytest.mark.parametrize("text", NORMALISED)
def test_normalisation_of_a_bare_amount(text):
    result = parsed(text)
    assert result.understood
    assert result.rule == deadline(Trigger.FORMED, 20)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("七个工作日内", 7, Unit.WORKDAYS),
        ("十日内", 10, Unit.DAYS),
        ("十五个工作日", 15, Unit.WORKDAYS),
        ("三十日以内", 30, Unit.DAYS),
        ("信息形成之日起两个月内", 2, Unit.MONTHS),
        ("一百个工作日", 100, Unit.WORKDAYS),
    ],
)
def test_chinese_numerals(text, amount, unit):
    assert parsed(text).rule == deadline(Trigger.FORMED, amount, unit)


@pytest.mark.parametrize(
    "text",
    [
        "信息形成或者变更之日起20个工作日内",
        "信息形成或变更之日起二十个工作日内",
        "信息形成或者变更之日起２０个工作日以内",
        "信息形成或者變更之日起20個工作日內",
    ],
)
def test_same_rule_whatever_the_spelling(text):
    assert parsed(text).rule == deadline(Trigger.FORMED, 20)


# ==========================================================================================================
# Defaults are never silent
# ==========================================================================================================
@pytest.mark.parametrize("text", ["20个工作日", "3日内", "一周内", "24小时内"])
def test_bare_amount_says_the_trigger_was_defaulted_by_article_26(text):
    result = parsed(text)
    assert result.understood
    assert result.rule.trigger is Trigger.FORMED
    assert ART_26 in result.note
    assert "信息形成或变更" in result.note


@pytest.mark.parametrize("text", ["信息形成或者变更之日起20个工作日内", "自作出行政决定之日起7个工作日内"])
def test_explicit_trigger_has_no_default_note(text):
    result = parsed(text)
    assert ART_26 not in result.note
    assert "。" not in result.note  # nothing beyond "已识别为：…"


def test_a_week_is_seven_calendar_days_and_the_note_says_so():
    result = parsed("一周内")
    assert (result.rule.amount, result.rule.unit) == (7, Unit.DAYS)
    assert "7个自然日" in result.note


def test_year_amount_is_converted_to_months_with_a_note():
    assert "12个月" in parsed("信息形成之日起1年内").note


def test_month_day_wording_explains_the_representation():
    result = parsed("每月10日前")
    assert "10日" in result.note and "下一个月" in result.note


@pytest.mark.parametrize("text", ["每年3月31日前", "每年1月31日前"])
def test_fixed_date_says_it_is_the_following_year(text):
    assert "次年" in parsed(text).note


def test_periodic_without_deadline_says_the_default():
    result = parsed("每半年")
    assert "当期最后一日" in result.note and "请确认" in result.note


def test_merged_periodic_keeps_no_stale_default_note():
    assert "当期最后一日" not in parsed("每季度公开，季度结束后10日内").note


def test_event_trigger_asks_for_confirmation():
    result = parsed("会议结束后3个工作日内")
    assert "会议结束" in result.note and "请确认" in result.note


def test_display_period_is_not_the_deadline():
    result = parsed("及时公开，公告期限为5个工作日")
    assert result.rule.kind is Kind.AS_PROGRESS
    assert result.rule.amount is None
    assert "不是公开时限" in result.note


def test_extra_wording_is_reported_not_dropped():
    result = parsed("信息形成或者变更之日起20个工作日内，法律法规另有规定的，从其规定")
    assert result.understood
    assert result.rule == deadline(Trigger.FORMED, 20)
    assert "另有规定的从其规定" in result.note  # the proviso is said, and does not change the rule


def test_period_word_before_an_event_is_an_event_deadline_with_a_note():
    result = parsed("每年度预算批复后20日内")
    assert result.rule.kind is Kind.DEADLINE
    assert result.rule.trigger is Trigger.EVENT
    assert "每年度" in result.note


def test_computable_rule_leads_over_a_general_promptness_clause():
    result = parsed("及时公开；信息形成之日起20个工作日内")
    assert result.rule.kind is Kind.DEADLINE
    assert result.rule.alternatives == (TimeLimitRule(kind=Kind.AS_PROGRESS),)


def test_alternative_label_and_describe():
    result = parsed(
        "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
    )
    (alternative,) = result.rule.alternatives
    assert alternative.label == "行政许可、行政处罚"
    assert result.rule.describe() == (
        "信息形成或变更之日起20个工作日内；其中行政许可、行政处罚：自作出行政决定之日起7个工作日内"
    )


# ==========================================================================================================
# Not understood → UNPARSED, with a note telling the office to set it by hand
# ==========================================================================================================
NOT_UNDERSTOOD = [
    "",
    "   ",
    "另行规定",
    "参见附件",
    "定期公开",
    "自受理之日起",
    "公开",
    "会议召开前3个工作日",
    "2019年12月31日前",
    "每月31日前",
    "每季度3月31日前",
    "每年2月30日前",
    "；；",
]


@pytest.mark.parametrize("text", NOT_UNDERSTOOD, ids=[repr(t) for t in NOT_UNDERSTOOD])
def test_not_understood(text):
    result = parsed(text)
    assert not result.understood
    assert result.rule.kind is Kind.UNPARSED
    assert "人工设置" in result.note


def test_not_understood_notes_are_specific():
    assert "未写明周期" in parsed("定期公开").note
    assert "未写明期限" in parsed("自受理之日起").note
    assert "未填写" in parsed("").note
    assert "另行规定" in parsed("另行规定").note


def test_display_only_is_unparsed_but_keeps_the_display_period():
    result = parsed("公示期7个工作日")
    assert not result.understood
    assert result.rule == TimeLimitRule(kind=Kind.UNPARSED, display_days=7, display_unit=Unit.WORKDAYS)
    assert "不是公开时限" in result.note


def test_none_is_treated_as_empty_and_other_types_are_refused():
    assert not parse_time_limit(None).understood
    with pytest.raises(TypeError):
        parse_time_limit(20)


# ==========================================================================================================
# describe()
# ==========================================================================================================
@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (deadline(Trigger.FORMED, 20), "信息形成或变更之日起20个工作日内"),
        (deadline(Trigger.DECISION, 7), "自作出行政决定之日起7个工作日内"),
        (deadline(Trigger.RECEIVED, 20), "自收到申请之日起20个工作日内"),
        (deadline(Trigger.EVENT, 3, event="会议结束"), "自会议结束之日起3个工作日内"),
        (deadline(Trigger.FORMED, 3, Unit.DAYS), "信息形成或变更之日起3日内"),
        (deadline(Trigger.FORMED, 24, Unit.HOURS), "信息形成或变更之日起24小时内"),
        (deadline(Trigger.FORMED, 3, Unit.MONTHS), "信息形成或变更之日起3个月内"),
        (periodic(Period.QUARTER, amount=10, unit=Unit.DAYS), "每季度结束后10日内"),
        (periodic(Period.MONTH, amount=5, unit=Unit.WORKDAYS), "每月结束后5个工作日内"),
        (periodic(Period.YEAR, due_month=1, due_day=31), "每年结束后，次年1月31日前"),
        (periodic(Period.HALF_YEAR), "每半年公开一次（当期结束前）"),
        (TimeLimitRule(kind=Kind.CONTINUOUS), "实时公开（持续更新）"),
        (TimeLimitRule(kind=Kind.AS_PROGRESS), "按进展情况及时公开"),
        (TimeLimitRule(kind=Kind.AS_PROGRESS, label="决策前"), "决策前：按进展情况及时公开"),
        (
            TimeLimitRule(kind=Kind.AS_PROGRESS, display_days=5, display_unit=Unit.WORKDAYS),
            "按进展情况及时公开，公示（公告）期5个工作日",
        ),
        (TimeLimitRule(kind=Kind.UNPARSED), "未设置可计算的时限（需人工设置）"),
        (
            deadline(Trigger.FORMED, 20, alternatives=(deadline(Trigger.DECISION, 7),)),
            "信息形成或变更之日起20个工作日内；另：自作出行政决定之日起7个工作日内",
        ),
    ],
)
def test_describe(rule, words):
    assert rule.describe() == words


# ==========================================================================================================
# The rule: validation and JSON
# ==========================================================================================================
@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": Kind.DEADLINE, "trigger": Trigger.FORMED},  # no amount
        {"kind": Kind.DEADLINE, "amount": 20, "unit": Unit.WORKDAYS},  # no trigger
        {"kind": Kind.DEADLINE, "trigger": Trigger.FORMED, "amount": 20},  # amount without unit
        {"kind": Kind.DEADLINE, "trigger": Trigger.EVENT, "amount": 3, "unit": Unit.DAYS},  # unnamed event
        {"kind": Kind.DEADLINE, "trigger": Trigger.PERIOD_END, "amount": 3, "unit": Unit.DAYS},
        {"kind": Kind.DEADLINE, "trigger": Trigger.FORMED, "amount": -1, "unit": Unit.DAYS},
        {"kind": Kind.DEADLINE, "trigger": Trigger.FORMED, "amount": True, "unit": Unit.DAYS},
        {"kind": Kind.PERIODIC},  # no period
        {"kind": Kind.PERIODIC, "period": Period.YEAR, "trigger": Trigger.FORMED},
        {"kind": Kind.PERIODIC, "period": Period.MONTH, "due_month": 1, "due_day": 10},
        {"kind": Kind.PERIODIC, "period": Period.YEAR, "due_month": 2, "due_day": 29},
        {"kind": Kind.PERIODIC, "period": Period.YEAR, "due_month": 3},
        {
            "kind": Kind.PERIODIC,
            "period": Period.YEAR,
            "due_month": 3,
            "due_day": 31,
            "amount": 1,
            "unit": Unit.DAYS,
        },
        {"kind": Kind.CONTINUOUS, "trigger": Trigger.FORMED},
        {"kind": Kind.AS_PROGRESS, "amount": 3, "unit": Unit.DAYS},
        {"kind": Kind.AS_PROGRESS, "display_days": 5},  # display without unit
        {"kind": Kind.AS_PROGRESS, "display_days": 5, "display_unit": Unit.MONTHS},
        {"kind": Kind.CONTINUOUS, "event": "会议结束"},
        {"kind": "nonsense"},
        {"kind": None},
    ],
)
def test_invalid_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        TimeLimitRule(**kwargs)


def test_alternatives_are_one_level_only():
    inner = deadline(Trigger.DECISION, 7, alternatives=(deadline(Trigger.FORMED, 1),))
    with pytest.raises(ValueError):
        deadline(Trigger.FORMED, 20, alternatives=(inner,))


def test_plain_strings_and_lists_are_coerced():
    rule = TimeLimitRule(kind="deadline", trigger="formed", amount=20, unit="workdays", alternatives=[])
    assert rule == deadline(Trigger.FORMED, 20)
    assert rule.kind is Kind.DEADLINE and rule.alternatives == ()


def test_periodic_trigger_is_always_period_end():
    assert periodic(Period.MONTH).trigger is Trigger.PERIOD_END


def test_to_dict_is_json_and_compact():
    rule = parsed(
        "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
    ).rule
    data = rule.to_dict()
    assert data == {
        "kind": "deadline",
        "trigger": "formed",
        "amount": 20,
        "unit": "workdays",
        "alternatives": [
            {
                "kind": "deadline",
                "trigger": "decision",
                "amount": 7,
                "unit": "workdays",
                "label": "行政许可、行政处罚",
            }
        ],
    }
    assert TimeLimitRule.from_dict(json.loads(json.dumps(data))) == rule


@pytest.mark.parametrize("text", [t for t, _ in UNDERSTOOD] + NOT_UNDERSTOOD)
def test_every_parsed_rule_round_trips(text):
    rule = parsed(text).rule
    assert TimeLimitRule.from_dict(json.loads(json.dumps(rule.to_dict(), ensure_ascii=False))) == rule


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        "deadline",
        {"kind": "deadline", "trigger": "formed", "amount": 20, "unit": "workdays", "colour": "red"},
        {"kind": "deadline", "trigger": "formed", "amount": "20", "unit": "workdays"},
        {"kind": "deadline", "trigger": "someday", "amount": 20, "unit": "workdays"},
        {"kind": "continuous", "alternatives": "none"},
        {"kind": "continuous", "alternatives": ["x"]},
        {"kind": "continuous", "label": 5},
    ],
)
def test_from_dict_refuses_malformed_data(data):
    with pytest.raises(ValueError):
        TimeLimitRule.from_dict(data)


# -- hypothesis ------------------------------------------------------------------------------------------
VOCABULARY = [
    "信息形成",
    "或者",
    "变更",
    "之日起",
    "自",
    "作出行政决定",
    "收到申请",
    "受理",
    "会议结束",
    "后",
    "前",
    "20",
    "二十",
    "７",
    "个",
    "工作日",
    "日",
    "天",
    "周",
    "月",
    "年",
    "小时",
    "内",
    "以内",
    "每",
    "季度",
    "半年",
    "结束",
    "3月31日",
    "公告期限为",
    "公示",
    "及时",
    "实时",
    "公开",
    "定期",
    "不定期",
    "决策",
    "其中",
    "事项",
    "的",
    "，",
    "；",
    "。",
    " ",
    "次",
    "1",
    "0",
    "9999",
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(VOCABULARY), max_size=14).map("".join)))
@example("公告0工作日")  # a display period of 0 days once made the parser raise
@example("20个工作日内，公告0工作日")
def test_parse_never_raises_and_its_rule_round_trips(text):
    result = parse_time_limit(text)
    assert result.understood == (result.rule.kind is not Kind.UNPARSED)
    assert result.note
    assert TimeLimitRule.from_dict(json.loads(json.dumps(result.rule.to_dict()))) == result.rule
    assert isinstance(result.rule.describe(), str)


_labels = st.text(min_size=0, max_size=6)
_display = st.one_of(
    st.just({}),
    st.builds(
        lambda n, u: {"display_days": n, "display_unit": u},
        st.integers(1, 60),
        st.sampled_from([Unit.WORKDAYS, Unit.DAYS]),
    ),
)


def _deadlines():
    return st.builds(
        lambda trigger, amount, unit, event, label, display: TimeLimitRule(
            kind=Kind.DEADLINE,
            trigger=trigger,
            amount=amount,
            unit=unit,
            event=event if trigger is Trigger.EVENT else "",
            label=label,
            **display,
        ),
        st.sampled_from([Trigger.FORMED, Trigger.DECISION, Trigger.RECEIVED, Trigger.EVENT]),
        st.integers(0, 400),
        st.sampled_from(list(Unit)),
        st.text(min_size=1, max_size=8).filter(str.strip),
        _labels,
        _display,
    )


def _periodics():
    amount = st.builds(
        lambda n, u: {"amount": n, "unit": u}, st.integers(0, 100), st.sampled_from(list(Unit))
    )
    fixed = st.builds(
        lambda d: {"period": Period.YEAR, "due_month": d.month, "due_day": d.day},
        st.dates(date(2023, 1, 1), date(2023, 12, 31)),
    )
    return st.builds(
        lambda period, extra, label: TimeLimitRule(
            kind=Kind.PERIODIC, **({"period": period} | extra), label=label
        ),
        st.sampled_from(list(Period)),
        st.one_of(st.just({}), amount, fixed),
        _labels,
    )


_simple = st.builds(
    lambda kind, label, display: TimeLimitRule(kind=kind, label=label, **display),
    st.sampled_from([Kind.CONTINUOUS, Kind.AS_PROGRESS, Kind.UNPARSED]),
    _labels,
    _display,
)
_leaf = st.one_of(_deadlines(), _periodics(), _simple)
_rules = st.builds(
    lambda main, alternatives: TimeLimitRule.from_dict(
        main.to_dict() | {"alternatives": [a.to_dict() for a in alternatives]}
    ),
    _leaf,
    st.lists(_leaf, max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(_rules)
def test_to_dict_from_dict_round_trip(rule):
    data = json.loads(json.dumps(rule.to_dict()))
    assert TimeLimitRule.from_dict(data) == rule
    assert TimeLimitRule.from_dict(data).to_dict() == data


# ==========================================================================================================
# Periods
# ==========================================================================================================
@pytest.mark.parametrize(
    ("period", "day", "bounds"),
    [
        (Period.MONTH, date(2024, 2, 10), (date(2024, 2, 1), date(2024, 2, 29))),
        (Period.MONTH, date(2025, 2, 28), (date(2025, 2, 1), date(2025, 2, 28))),
        (Period.MONTH, date(2025, 12, 31), (date(2025, 12, 1), date(2025, 12, 31))),
        (Period.QUARTER, date(2025, 1, 1), (date(2025, 1, 1), date(2025, 3, 31))),
        (Period.QUARTER, date(2025, 5, 15), (date(2025, 4, 1), date(2025, 6, 30))),
        (Period.QUARTER, date(2025, 9, 30), (date(2025, 7, 1), date(2025, 9, 30))),
        (Period.QUARTER, date(2025, 11, 2), (date(2025, 10, 1), date(2025, 12, 31))),
        (Period.HALF_YEAR, date(2025, 6, 30), (date(2025, 1, 1), date(2025, 6, 30))),
        (Period.HALF_YEAR, date(2025, 7, 1), (date(2025, 7, 1), date(2025, 12, 31))),
        (Period.YEAR, date(2025, 7, 1), (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_period_bounds(period, day, bounds):
    assert period_bounds(period, day) == bounds


@given(st.sampled_from(list(Period)), st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_period_bounds_contain_the_day_and_tile_the_calendar(period, day):
    first, last = period_bounds(period, day)
    assert first <= day <= last
    assert first.day == 1
    assert period_bounds(period, first) == period_bounds(period, last) == (first, last)
    if last.year < 2099:
        assert period_bounds(period, last + timedelta(days=1))[0] == last + timedelta(days=1)


# ==========================================================================================================
# Due dates (workdays.engine; the calendar is seeded by the workdays data migration)
# ==========================================================================================================
@pytest.fixture
def engine():
    return pytest.importorskip("workdays.engine")


@pytest.mark.parametrize(
    "rule",
    [
        TimeLimitRule(kind=Kind.CONTINUOUS),
        TimeLimitRule(kind=Kind.AS_PROGRESS),
        TimeLimitRule(kind=Kind.UNPARSED),
    ],
)
def test_no_due_date_for_rules_without_one(rule):
    assert due_for(rule, date(2025, 9, 30)) is None


@pytest.mark.django_db
def test_formed_20_workdays_over_national_day(engine):
    due = due_for(parsed("信息形成或者变更之日起20个工作日内").rule, date(2025, 9, 30))
    assert isinstance(due, engine.DueDate)
    assert due.due == date(2025, 11, 4)
    assert date(2025, 10, 1) in {s.date for s in due.skipped}
    assert date(2025, 10, 11) in due.counted  # the make-up Saturday counts


@pytest.mark.django_db
def test_decision_7_workdays(engine):
    # Oct 9, 10, 11 (make-up Saturday), 13, 14, 15, 16
    assert due_for(deadline(Trigger.DECISION, 7), date(2025, 9, 30)).due == date(2025, 10, 16)


@pytest.mark.django_db
def test_alternative_is_computed_on_its_own(engine):
    rule = parsed(
        "信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
    ).rule
    assert due_for(rule, date(2025, 9, 30)).due == date(2025, 11, 4)
    assert due_for(rule.alternatives[0], date(2025, 9, 30)).due == date(2025, 10, 16)


@pytest.mark.django_db
def test_calendar_days_end_moves_off_a_holiday(engine):
    # 3 days after 2025-09-29 is 2025-10-02, a National Day holiday: the period ends on 2025-10-09.
    due = due_for(parsed("3日内").rule, date(2025, 9, 29))
    assert due.nominal_due == date(2025, 10, 2)
    assert due.due == date(2025, 10, 9)


@pytest.mark.django_db
def test_months(engine):
    assert due_for(deadline(Trigger.FORMED, 1, Unit.MONTHS), date(2025, 1, 31)).nominal_due == date(
        2025, 2, 28
    )


@pytest.mark.django_db
def test_hours_round_up_to_whole_days(engine):
    due = due_for(deadline(Trigger.FORMED, 24, Unit.HOURS), date(2025, 11, 3))
    assert due.due == date(2025, 11, 4)
    assert due_for(deadline(Trigger.FORMED, 5, Unit.HOURS), date(2025, 11, 3)).due == date(2025, 11, 4)
    assert due_for(deadline(Trigger.FORMED, 25, Unit.HOURS), date(2025, 11, 3)).due == date(2025, 11, 5)


@pytest.mark.django_db
def test_quarter_10_days_from_the_quarter_end(engine):
    rule = parsed("每季度结束后10日内").rule
    assert due_for(rule, date(2025, 9, 30)).due == date(2025, 10, 10)
    # any day of the quarter means that quarter
    assert due_for(rule, date(2025, 8, 15)).due == date(2025, 10, 10)


@pytest.mark.django_db
def test_quarter_10_workdays_from_the_quarter_end(engine):
    # Oct 9, 10, 11 (make-up Saturday), 13, 14, 15, 16, 17, 20, 21
    assert due_for(parsed("每季度结束后10个工作日内").rule, date(2025, 9, 30)).due == date(2025, 10, 21)


@pytest.mark.django_db
def test_monthly_by_the_10th_of_the_next_month(engine):
    rule = parsed("每月10日前").rule
    assert due_for(rule, date(2025, 1, 31)).due == date(2025, 2, 10)
    assert due_for(rule, date(2024, 2, 29)).due == date(2024, 3, 11)  # 10 March 2024 is a Sunday
    assert due_for(rule, date(2024, 2, 29)).nominal_due == date(2024, 3, 10)
    assert due_for(rule, date(2025, 4, 30)).due == date(2025, 5, 12)  # 10 May 2025 is a Saturday


@pytest.mark.django_db
def test_yearly_fixed_date_is_in_the_following_year(engine):
    government_report = parsed("每年3月31日前").rule
    assert due_for(government_report, date(2024, 12, 31)).due == date(2025, 3, 31)
    department_report = parsed("每年1月31日前").rule
    due = due_for(department_report, date(2024, 12, 31))
    # 31 January 2025 falls in the Spring Festival holiday (28 January – 4 February)
    assert due.nominal_due == date(2025, 1, 31)
    assert due.due == date(2025, 2, 5)
    # any day of the year means that year
    assert due_for(department_report, date(2024, 6, 1)).nominal_due == date(2025, 1, 31)


@pytest.mark.django_db
def test_periodic_without_amount_is_due_by_the_period_end(engine):
    assert due_for(parsed("每半年").rule, date(2025, 3, 3)).due == date(2025, 6, 30)
    assert due_for(parsed("每月更换一次").rule, date(2025, 2, 3)).due == date(2025, 2, 28)


@pytest.mark.django_db
def test_received_and_event_triggers_count_from_the_event_date(engine):
    assert due_for(parsed("收到申请之日起20个工作日内").rule, date(2025, 9, 30)).due == date(2025, 11, 4)
    # Oct 9, 10, 11 (the make-up Saturday)
    assert due_for(parsed("会议结束后3个工作日内").rule, date(2025, 9, 30)).due == date(2025, 10, 11)


# -- issue 11: never guess ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["6个月", "1个月", "1年", "三个月", "两个月内", "1年内"])
def test_a_bare_span_is_never_a_deadline_from_formation(text):
    result = parsed(text)
    assert result.rule.kind is Kind.UNPARSED and not result.understood
    assert result.confidence == "low" and "更新周期" in result.reason


@pytest.mark.parametrize(
    "text, month, day",
    [("1月31日前", 1, 31), ("6月底前", 6, 30), ("每年6月底前", 6, 30), ("每年2月底前", 2, 28)],
)
def test_a_date_in_the_year_is_yearly(text, month, day):
    rule = parsed(text).rule
    assert (rule.kind, rule.period, rule.due_month, rule.due_day) == (Kind.PERIODIC, Period.YEAR, month, day)


def test_a_date_without_every_year_says_so():
    result = parsed("1月31日前")
    assert result.confidence == "medium" and "每年" in result.reason
    assert parsed("每年1月31日前").confidence == "high"


@pytest.mark.django_db
def test_quarterly_on_the_20th_of_the_first_month():
    rule = parsed("每季度的首个月20日").rule
    assert (rule.kind, rule.period, rule.amount, rule.unit) == (Kind.PERIODIC, Period.QUARTER, 20, Unit.DAYS)
    due = due_for(rule, date(2026, 2, 10))
    assert due.nominal_due == date(2026, 4, 20)


def test_half_yearly_at_least_once():
    rule = parsed("半年至少更新1次").rule
    assert (rule.kind, rule.period) == (Kind.PERIODIC, Period.HALF_YEAR)


def test_permanent_is_continuous():
    assert parsed("永久公开").rule.kind is Kind.CONTINUOUS


@pytest.mark.parametrize(
    "text, trigger, amount",
    [
        ("收到申请后,20个工作日内", Trigger.RECEIVED, 20),
        ("收到申请后，20个工作日内", Trigger.RECEIVED, 20),
        ("决定作出后,7个工作日内", Trigger.DECISION, 7),
        ("自作出行政决定之日起，7个工作日内公示", Trigger.DECISION, 7),
    ],
)
def test_a_comma_between_trigger_and_amount_keeps_the_trigger(text, trigger, amount):
    rule = parsed(text).rule
    assert (rule.kind, rule.trigger, rule.amount) == (Kind.DEADLINE, trigger, amount)


def test_compound_wording_keeps_every_part_with_its_label():
    rule = parsed(
        "执法决定信息在决定作出之日起7个工作日内公开,其他相关信息形成或变更之日起20个工作日内公开"
    ).rule
    assert (rule.trigger, rule.amount, rule.label) == (Trigger.FORMED, 20, "其他相关信息")
    (part,) = rule.alternatives
    assert (part.trigger, part.amount, part.label) == (Trigger.DECISION, 7, "执法决定信息")


def test_an_exception_clause_never_replaces_the_main_rule():
    rule = parsed("每季度的首个月20日（集体财务往来较多的，财务收支情况应每月公布一次）").rule
    assert (rule.period, rule.amount) == (Period.QUARTER, 20)
    (part,) = rule.alternatives
    assert part.period is Period.MONTH and "集体财务往来较多" in part.label


@pytest.mark.parametrize(
    "text, event",
    [
        ("批后公布应在规划批准之日起30日内", "规划批准"),
        ("分配结果确定后20个工作日内", "分配结果确定"),
        ("本级人民代表大会或其常务委员会批准后20日内", "本级人民代表大会或其常务委员会批准"),
    ],
)
def test_the_event_is_the_event_only(text, event):
    rule = parsed(text).rule
    assert (rule.trigger, rule.event) == (Trigger.EVENT, event)


def test_confidence_and_reason():
    sure = parsed("信息形成或者变更之日起20个工作日内")
    assert (sure.confidence, sure.reason) == ("high", "")
    defaulted = parsed("20个工作日")
    assert defaulted.confidence == "medium" and "第二十六条" in defaulted.reason
    unsure = parsed("视情况而定")
    assert unsure.confidence == "low" and "视情况而定" in unsure.reason


def test_the_field_list_is_declared_once():
    from dataclasses import fields

    from catalog.timelimits import RULE_FIELDS, TimeLimitRule

    assert RULE_FIELDS == tuple(f.name for f in fields(TimeLimitRule))
    full = TimeLimitRule(
        kind=Kind.DEADLINE,
        trigger=Trigger.EVENT,
        amount=3,
        unit=Unit.DAYS,
        event="会议结束",
        label="部分",
        display_days=5,
        display_unit=Unit.WORKDAYS,
    )
    assert TimeLimitRule.from_dict(full.to_dict()) == full


# -- parts of the year (issue 22): placed where the words say, or left to a person; never the year's end by default
@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("每年年初", (1, 31)),
        ("每年年初公开上年度工作总结", (1, 31)),
        ("每年一季度", (3, 31)),
        ("每年第一季度末前", (3, 31)),
        ("每年上半年", (6, 30)),
        ("每年二季度", (6, 30)),
        ("每年三季度末", (9, 30)),
    ],
)
def test_a_part_of_the_year_is_placed_there(text, due):
    result = parse_time_limit(text)
    assert result.understood and result.rule.kind is Kind.PERIODIC and result.rule.period is Period.YEAR
    assert (result.rule.due_month, result.rule.due_day) == due
    assert "年度结束前" not in result.note  # not the default fallback


@pytest.mark.parametrize("text", ["每年年底前", "每年年末公开", "每年下半年", "每年第四季度"])
def test_the_end_of_the_year_is_the_years_own_end_said_not_defaulted(text):
    result = parse_time_limit(text)
    assert result.rule.kind is Kind.PERIODIC and result.rule.due_month is None and result.rule.amount is None
    assert result.confidence == "high" and "未写明期限" not in result.note


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("每年年中", "“年中”未写明具体日期"),
        ("年初公开", "未写明每年还是一次性"),
        ("上半年", "未写明每年还是一次性"),
        ("每月月初", "未写明具体日期"),
        ("每季度初公开", "未写明具体日期"),
    ],
)
def test_a_part_of_a_period_without_a_day_is_left_to_a_person(text, why):
    result = parse_time_limit(text)
    assert result.rule.kind is Kind.UNPARSED and not result.understood
    assert why in result.reason


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("每年年初和年中各公开一次", "多个时段"),
        ("每年春节前", "未写明具体日期"),
        ("第一季度结束后15日内", "不是每季度，也不是年底"),
        ("上半年结束后20日内", "不是每季度，也不是年底"),
        ("每年上半年结束后1个月内", "不是每季度，也不是年底"),
    ],
)
def test_a_part_of_the_year_that_no_rule_holds_is_left_to_a_person(text, why):
    result = parse_time_limit(text)
    assert result.rule.kind is Kind.UNPARSED and not result.understood
    assert why in result.reason


@pytest.mark.parametrize(
    ("text", "due"), [("每年3月公开", (3, 31)), ("每年6月份", (6, 30)), ("每年4月", (4, 30))]
)
def test_a_month_without_a_day_is_that_months_end_never_the_years(text, due):
    result = parse_time_limit(text)
    assert result.rule.period is Period.YEAR and (result.rule.due_month, result.rule.due_day) == due
    assert result.confidence == "medium" and "请确认" in result.reason


def test_every_quarter_is_not_a_named_quarter():
    assert parse_time_limit("每一季度结束后15日内").rule == periodic(
        Period.QUARTER, amount=15, unit=Unit.DAYS
    )


def test_a_request_received_is_the_trigger_of_接到申请():
    rule = parse_time_limit("接到申请之日起20个工作日内").rule
    assert rule.trigger is Trigger.RECEIVED and rule.event == ""


def test_kept_on_display_long_term_is_not_a_second_time_limit():
    result = parse_time_limit("自该政府信息形成或者变更之日起5个工作日内;长期公示")
    assert result.rule.amount == 5 and result.rule.alternatives == ()
    assert "长期保留" in result.note


def test_the_end_of_a_month_or_quarter_said_is_not_a_default():
    result = parse_time_limit("每月月底前更新")
    assert result.rule.period is Period.MONTH and result.confidence == "high"
    assert parse_time_limit("每月更新").confidence == "medium"  # no part named: the default, to confirm


@pytest.mark.django_db
def test_early_in_the_year_is_due_at_the_start_of_a_year_never_at_its_end(engine):
    rule = parse_time_limit("每年年初").rule
    due = due_for(rule, date(2025, 12, 31)).nominal_due
    assert due == date(2026, 1, 31)
    assert due != date(2025, 12, 31)
