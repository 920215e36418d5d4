"""Time-limit rules (公开时限): the computable form of a catalog's free-text time limit.

A catalog row says when its information must be published in words ("信息形成或者变更之日起20个工作日内",
"每季度结束后10日内", "实时公开"). The wording is kept as it is; next to it the item stores a
:class:`TimeLimitRule` (``to_dict()`` in a JSONField) that the deadline code can compute with.

:func:`parse_time_limit` reads the common wordings on import. It never guesses silently: a wording it does
not understand gives ``understood=False`` and a rule of kind ``UNPARSED``, and every default it applies is
said in the note, so the district office can confirm or fix the rule in the admin.

Conventions (documented here because the data depends on them):

* Counting follows Chinese legal practice (DESIGN.md, "The time-limit rule"): the start day is not counted;
  working days skip weekends and statutory holidays and include make-up working days. The counting itself is
  done by ``workdays.engine``; :func:`due_for` only chooses the function and the start date.
* A bare amount ("20个工作日", "3日内") counts from the day the information is formed or changed, the
  default of 《政府信息公开条例》 art. 26; the note says so.
* "一周" / "一个星期" is 7 calendar days (unit ``DAYS``), not 5 working days; "N年" is 12·N months. Both
  conversions are said in the note.
* Periodic rules (``Kind.PERIODIC``) count from the last day of the period the information belongs to:

  - "每季度结束后10日内" → ``period=QUARTER, amount=10, unit=DAYS``;
  - "每月10日前" (by the 10th of the next month) → ``period=MONTH, amount=10, unit=DAYS``: 10 calendar
    days after the month's last day *is* the 10th of the next month, for every month (days 1–28 only);
  - "每年3月31日前" / "每年1月31日前" (条例 art. 49–50: annual reports) → ``period=YEAR, due_month=3,
    due_day=31``: the first 31 March *after* the year ends, i.e. in the following year;
  - "每半年" / "每月更换一次" with no deadline → ``amount=None``: due by the period's last day (noted).

* A notice period ("公告期限为5个工作日", "公示7个工作日") is how long a notice must stay up. It is kept in
  ``display_days``/``display_unit`` and is never the publishing deadline.
* "其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示" is a special limit for part of the
  item: an entry in ``alternatives`` whose ``label`` says which part ("行政许可、行政处罚").
* ``label`` qualifies a rule (the part of the item it covers, or "决策前" for draft decisions published
  before the decision); ``event`` names the concrete event of an ``EVENT`` trigger ("会议结束").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "Kind",
    "ParseResult",
    "Period",
    "TimeLimitRule",
    "Trigger",
    "Unit",
    "due_for",
    "parse_time_limit",
    "period_bounds",
]


class Trigger(StrEnum):
    """The event a deadline counts from (values are stored in the database)."""

    FORMED = "formed"  # 信息形成或者变更之日
    DECISION = "decision"  # 作出行政决定之日
    PERIOD_END = "period_end"  # 每月/每季度/每年 结束后
    RECEIVED = "received"  # 收到申请之日 / 受理之日
    EVENT = "event"  # any other concrete event, named in TimeLimitRule.event


class Unit(StrEnum):
    """The unit of an amount."""

    WORKDAYS = "workdays"  # 工作日
    DAYS = "days"  # 日（自然日）
    MONTHS = "months"  # 个月
    HOURS = "hours"  # 小时


class Kind(StrEnum):
    """What sort of time limit a rule is."""

    DEADLINE = "deadline"  # N units after an event
    CONTINUOUS = "continuous"  # 实时公开 / 常态化 / 长期公开: always up to date, no due date
    AS_PROGRESS = "as_progress"  # 按进展情况及时公开 / 及时公开 without a number: no computable due date
    PERIODIC = "periodic"  # one publication per period, due from the period's end
    UNPARSED = "unparsed"  # not understood: the office sets it by hand


class Period(StrEnum):
    """The period of a periodic rule."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


_UNIT_TEXT = {Unit.WORKDAYS: "个工作日", Unit.DAYS: "日", Unit.MONTHS: "个月", Unit.HOURS: "小时"}
_PERIOD_TEXT = {
    Period.MONTH: "每月",
    Period.QUARTER: "每季度",
    Period.HALF_YEAR: "每半年",
    Period.YEAR: "每年",
}
_PERIOD_NOUN = {Period.MONTH: "月", Period.QUARTER: "季度", Period.HALF_YEAR: "半年", Period.YEAR: "年度"}
_TRIGGER_TEXT = {
    Trigger.FORMED: "信息形成或变更之日起",
    Trigger.DECISION: "自作出行政决定之日起",
    Trigger.RECEIVED: "自收到申请之日起",
    Trigger.PERIOD_END: "自期间结束之日起",
}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February is refused as a fixed date


@dataclass(frozen=True)
class TimeLimitRule:
    """A computable time limit. Build through the constructor (validated) or :meth:`from_dict`."""

    kind: Kind
    trigger: Trigger | None = None
    amount: int | None = None
    unit: Unit | None = None
    #: PERIODIC only: the period; the deadline counts from the period's last day.
    period: Period | None = None
    #: PERIODIC + YEAR only: a fixed date ("每年3月31日前"): the first such date after the period ends.
    due_month: int | None = None
    due_day: int | None = None
    #: How long a notice must stay up (公告期限/公示期), not the publishing deadline.
    display_days: int | None = None
    display_unit: Unit | None = None
    #: Special limits for part of the item ("其中行政许可、行政处罚事项…"); one level only.
    alternatives: tuple[TimeLimitRule, ...] = ()
    #: What the rule covers or qualifies ("行政许可、行政处罚", "决策前"); free text.
    label: str = ""
    #: The concrete event of an EVENT trigger ("会议结束", "民主评议"); free text.
    event: str = ""

    def __post_init__(self) -> None:
        # Coerce plain strings/lists (e.g. from a form) into the proper types, then validate.
        for name, enum in (
            ("kind", Kind),
            ("trigger", Trigger),
            ("unit", Unit),
            ("period", Period),
            ("display_unit", Unit),
        ):
            value = getattr(self, name)
            if value is not None and not isinstance(value, enum):
                try:
                    object.__setattr__(self, name, enum(value))
                except ValueError:
                    raise ValueError(f"{name}：无效的取值 {value!r}") from None
        if not isinstance(self.alternatives, tuple):
            object.__setattr__(self, "alternatives", tuple(self.alternatives))
        if self.kind is None:
            raise ValueError("缺少时限类型（kind）")
        self._validate()

    # -- validation -----------------------------------------------------------------------------------
    def _validate(self) -> None:
        for name in ("amount", "due_month", "due_day", "display_days"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(f"{name} 应为整数，收到 {value!r}")
        for name in ("label", "event"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"{name} 应为文本")
        if self.amount is not None and not 0 <= self.amount <= 100_000:
            raise ValueError("期限数量应在0到100000之间")
        if (self.amount is None) != (self.unit is None):
            raise ValueError("期限数量和单位须同时填写")
        if (self.due_month is None) != (self.due_day is None):
            raise ValueError("固定日期的月和日须同时填写")
        if self.due_month is not None:
            if not 1 <= self.due_month <= 12:
                raise ValueError("固定日期的月份应为1–12")
            if not 1 <= self.due_day <= _DAYS_IN_MONTH[self.due_month - 1]:
                raise ValueError("固定日期的日不在该月之内（不能用2月29日）")
        if (self.display_days is None) != (self.display_unit is None):
            raise ValueError("公示期的天数和单位须同时填写")
        if self.display_days is not None:
            if not 1 <= self.display_days <= 10_000:
                raise ValueError("公示期应在1到10000之间")
            if self.display_unit not in (Unit.WORKDAYS, Unit.DAYS):
                raise ValueError("公示期的单位应为工作日或自然日")
        if self.event and self.trigger is not Trigger.EVENT:
            raise ValueError("只有起算事件为“其他事件”时才填写事件名称")

        if self.kind is Kind.DEADLINE:
            if self.trigger is None or self.amount is None:
                raise ValueError("限期公开须填写起算事件、期限数量和单位")
            if self.trigger is Trigger.PERIOD_END:
                raise ValueError("自周期结束起算的时限应设为定期公开")
            if self.period is not None or self.due_month is not None:
                raise ValueError("周期和固定日期只用于定期公开")
            if self.trigger is Trigger.EVENT and not self.event.strip():
                raise ValueError("起算事件为“其他事件”时须填写事件名称")
        elif self.kind is Kind.PERIODIC:
            if self.period is None:
                raise ValueError("定期公开须选择周期")
            if self.trigger not in (None, Trigger.PERIOD_END):
                raise ValueError("定期公开自周期结束起算")
            if self.trigger is None:
                object.__setattr__(self, "trigger", Trigger.PERIOD_END)
            if self.due_month is not None:
                if self.amount is not None:
                    raise ValueError("定期公开填写期限数量或固定日期，不能同时填写")
                if self.period is not Period.YEAR:
                    raise ValueError("固定日期只用于每年公开的事项")
        else:  # CONTINUOUS, AS_PROGRESS, UNPARSED: nothing to compute
            if any(v is not None for v in (self.trigger, self.amount, self.period, self.due_month)):
                raise ValueError(f"{self.kind.value} 类时限没有起算事件、期限、周期或固定日期")

        for alternative in self.alternatives:
            if not isinstance(alternative, TimeLimitRule):
                raise ValueError("其他时限（alternatives）应为 TimeLimitRule")
            if alternative.alternatives:
                raise ValueError("其他时限不能再包含其他时限")

    # -- properties -----------------------------------------------------------------------------------
    @property
    def computable(self) -> bool:
        """Whether :func:`due_for` gives a due date for this rule."""
        return self.kind in (Kind.DEADLINE, Kind.PERIODIC)

    # -- JSON -----------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (only the fields that are set); :meth:`from_dict` reads it back."""
        data: dict[str, Any] = {"kind": self.kind.value}
        for name in (
            "trigger",
            "amount",
            "unit",
            "period",
            "due_month",
            "due_day",
            "display_days",
            "display_unit",
        ):
            value = getattr(self, name)
            if value is not None:
                data[name] = value.value if isinstance(value, StrEnum) else value
        if self.label:
            data["label"] = self.label
        if self.event:
            data["event"] = self.event
        if self.alternatives:
            data["alternatives"] = [alternative.to_dict() for alternative in self.alternatives]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeLimitRule:
        """Read a dict made by :meth:`to_dict`; raises ValueError on a malformed one."""
        if not isinstance(data, dict):
            raise ValueError("时限规则应为 JSON 对象")
        unknown = set(data) - _FIELDS
        if unknown:
            raise ValueError(f"未知的字段：{'、'.join(sorted(unknown))}")
        if "kind" not in data:
            raise ValueError("缺少时限类型（kind）")
        values = dict(data)
        alternatives = values.pop("alternatives", ())
        if not isinstance(alternatives, list | tuple):
            raise ValueError("其他时限（alternatives）应为列表")
        return cls(**values, alternatives=tuple(cls.from_dict(a) for a in alternatives))

    # -- words ----------------------------------------------------------------------------------------
    def describe(self) -> str:
        """The rule in plain Chinese, e.g. "信息形成或变更之日起20个工作日内"."""
        text = self._describe_own()
        if self.label:
            text = f"{self.label}：{text}"
        if self.display_days is not None:
            text += f"，公示（公告）期{self.display_days}{_UNIT_TEXT[self.display_unit]}"
        for alternative in self.alternatives:
            text += (
                f"；其中{alternative.describe()}" if alternative.label else f"；另：{alternative.describe()}"
            )
        return text

    def _describe_own(self) -> str:
        if self.kind is Kind.DEADLINE:
            if self.trigger is Trigger.EVENT:
                start = f"自{self.event}之日起"
            else:
                start = _TRIGGER_TEXT[self.trigger]
            return f"{start}{self.amount}{_UNIT_TEXT[self.unit]}内"
        if self.kind is Kind.PERIODIC:
            every = _PERIOD_TEXT[self.period]
            if self.due_month is not None:
                return f"{every}结束后，次年{self.due_month}月{self.due_day}日前"
            if self.amount is None:
                return f"{every}公开一次（当期结束前）"
            return f"{every}结束后{self.amount}{_UNIT_TEXT[self.unit]}内"
        if self.kind is Kind.CONTINUOUS:
            return "实时公开（持续更新）"
        if self.kind is Kind.AS_PROGRESS:
            return "按进展情况及时公开"
        return "未设置可计算的时限（需人工设置）"


_FIELDS = {
    "kind",
    "trigger",
    "amount",
    "unit",
    "period",
    "due_month",
    "due_day",
    "display_days",
    "display_unit",
    "alternatives",
    "label",
    "event",
}

UNPARSED_RULE = TimeLimitRule(kind=Kind.UNPARSED)


@dataclass(frozen=True)
class ParseResult:
    """What :func:`parse_time_limit` made of a wording."""

    rule: TimeLimitRule  # kind UNPARSED when not understood
    understood: bool
    note: str  # Chinese: what was recognised, every default applied, anything left out


# =====================================================================================================
# Parsing
# =====================================================================================================

# Traditional → simplified, for the characters the wordings use (seed 003 is in traditional characters).
_TRADITIONAL = str.maketrans(
    dict(
        zip(
            "個內後變開實時態長續進決議請報區災穩張會規則週為處罰許經過發佈動應該須從於與項辦當場屆結資評"
            "達滿啟並機關統計據權準屬範圍隨適調種類見參復單審預齊門聯絡訴難熱點問題領導違紀線",
            "个内后变开实时态长续进决议请报区灾稳张会规则周为处罚许经过发布动应该须从于与项办当场届结资评"
            "达满启并机关统计据权准属范围随适调种类见参复单审预齐门联络诉难热点问题领导违纪线",
            strict=True,
        )
    )
)
_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER_RE = re.compile(
    r"[零〇一二两三四五六七八九十百]+(?=个|工作日|日|天|小时|周|星期|礼拜|月|年|季|次)"
)

_PERIOD_WORDS = {
    "月": Period.MONTH,
    "月度": Period.MONTH,
    "季": Period.QUARTER,
    "季度": Period.QUARTER,
    "半年": Period.HALF_YEAR,
    "半年度": Period.HALF_YEAR,
    "年": Period.YEAR,
    "年度": Period.YEAR,
}
_PERIOD_RE = re.compile(
    r"(?:每|按)个?(?P<a>半年度|半年|年度|季度|月度|季|月|年)"
    r"|(?P<b>半年度|半年|年度|季度|月度)(?=结束|终了|期满)"
    r"|^(?P<c>半年度|年度|季度|月度)(?=公开|更新|发布|$)"
    r"|(?<!\d)1个?(?P<d>季度|月|年)(?:更?换|更新|公开|发布)?1次"
    r"|(?P<e>半年)(?:更?换|更新|公开|发布)?1次"
)
_FIXED_DATE_RE = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:前|止)?")
_MONTH_DAY_RE = re.compile(r"(?:每月|次月|下月|下个月)的?(?P<day>\d{1,2})(?:日|号)前")
_AMOUNT_RE = re.compile(r"(?<!\d)(?P<n>\d{1,3})(?P<u>工作日|日|个月|月(?=内)|小时|周|年(?=内))")
_DISPLAY_RE = re.compile(
    r"(?:公告|公示|公布)(?:期限|期|时间|时限)?(?:为|不少于|不得少于|不低于|至少)?(?P<n>\d{1,4})(?P<u>工作日|日)"
)
_LABEL_RE = re.compile(r"^其中(?P<label>.+?)(?:的事项|事项|的)(?:均|应当|应|须|要|必须)?")
_LABEL_FALLBACK_RE = re.compile(r"^其中(?P<label>.+?)(?:应当|应|须|自|在|于)")
_FILLER_SUFFIX_RE = re.compile(
    r"^(?:内)?(?:前)?(?:[向在于]?(?:社会|网站|门户网站|政府网站))?"
    r"(?:予以|主动|及时|对外|集中|统一)?(?:公开|公示|公布|发布|更新|办结|答复|完成|更换|报送)?(?:完毕)?$"
)
_LEADING_FILLER_RE = re.compile(r"^(?:一般|原则上|应当|应|须|必须|要|均|自|从|在|于|并|且)+")
_TRAILING_FILLER_RE = re.compile(r"(?:最迟|最长|不超过|不得超过|不晚于|应当|应|须|要|均|在|于|的)+$")
_CONNECTOR_RE = re.compile(r"(?:之日起|之日|日起|时起|起|之后|以后|后的|后)$")

_DECISION_RE = re.compile(r"行政决定|作出.{0,8}决定|决定作出")
_RECEIVED_RE = re.compile(r"受理|收到.{0,6}申请|申请之日|提出申请|申请人提交")
_FORMED_RE = re.compile(r"形成|变更|产生|制作|生成|制发|印发")
_CONTINUOUS_RE = re.compile(r"实时|长期|常态化|常年|持续|动态更新|动态调整|随时更新")
_BEFORE_DECISION_RE = re.compile(r"决策.{0,3}前|作出决策前")
_AS_PROGRESS_RE = re.compile(r"不定期|及时|进展|随时|即时|适时|同步")
_PERIODIC_NO_PERIOD_RE = re.compile(r"定期")
_TRIGGER_ONLY_RE = re.compile(r"之日起|受理|收到|形成|变更|作出|结束后")


def _cn_number(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGIT[ch]
    return total + current


def _normalise(text: str) -> str:
    """Width, script, whitespace, numerals and synonyms; the result is only matched, never shown."""
    s = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    s = re.sub(r"\s+", "", s)
    s = _CN_NUMBER_RE.sub(lambda m: str(_cn_number(m.group())), s)
    s = s.replace("或者", "或").replace("，", ",").replace("；", ";").replace("：", ":")
    s = re.sub(r"之内|以内", "内", s)
    s = re.sub(r"之前|以前", "前", s)
    s = re.sub(r"(\d)个?(?:自然日|日历日|天)", r"\1日", s)
    s = re.sub(r"(\d)个?(?:星期|礼拜|周)", r"\1周", s)
    s = re.sub(r"(\d)个?工作日", r"\1工作日", s)
    s = re.sub(r",(?=其中)", ";", s)
    return s


@dataclass
class _Piece:
    """What one clause (between commas) contributed."""

    rule: TimeLimitRule | None = None  # a DEADLINE or PERIODIC rule (strong) …
    weak: TimeLimitRule | None = None  # … or a CONTINUOUS / AS_PROGRESS one (used only if nothing strong)
    display: tuple[int, Unit] | None = None
    notes: list[str] = field(default_factory=list)
    failure: str = ""  # a specific reason this clause cannot be computed
    unknown: str = ""  # text not understood at all


def _unit_amount(n: int, word: str, notes: list[str]) -> tuple[int, Unit]:
    if word == "工作日":
        return n, Unit.WORKDAYS
    if word == "日":
        return n, Unit.DAYS
    if word in ("个月", "月"):
        return n, Unit.MONTHS
    if word == "小时":
        return n, Unit.HOURS
    if word == "周":
        notes.append(f"“{n}周”按{n * 7}个自然日计算（一周为7个自然日，不是5个工作日）")
        return n * 7, Unit.DAYS
    notes.append(f"“{n}年”按{n * 12}个月计算")
    return n * 12, Unit.MONTHS


def _periodic(clause: str, match: re.Match[str]) -> _Piece | None:
    """A clause with a period word; None when it is really an event deadline ("每年度预算批复后20日内")."""
    word = next(g for g in match.groups() if g)
    period = _PERIOD_WORDS[word]
    rest = clause[match.end() :]
    notes: list[str] = []

    fixed = _FIXED_DATE_RE.search(clause)
    if fixed and not fixed.group("year"):
        month, day = int(fixed.group("month")), int(fixed.group("day"))
        if period is not Period.YEAR:
            return _Piece(failure=f"“{clause}”：{_PERIOD_TEXT[period]}的固定日期无法自动计算，请人工设置")
        if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
            return _Piece(failure=f"“{clause}”：日期“{month}月{day}日”无效，请人工设置")
        notes.append(f"按所属年度结束后的次年{month}月{day}日前计算（如上一年度的年度报告）")
        rule = TimeLimitRule(kind=Kind.PERIODIC, period=period, due_month=month, due_day=day)
        return _Piece(rule=rule, notes=notes)

    month_day = _MONTH_DAY_RE.search(clause)
    if month_day:
        day = int(month_day.group("day"))
        if not 1 <= day <= 28:
            return _Piece(failure=f"“{clause}”：每月{day}日不是每个月都有，请人工设置")
        notes.append(
            f"“{month_day.group()}”按{_PERIOD_NOUN[period]}结束后{day}日内计算（即下一个月{day}日前）"
        )
        rule = TimeLimitRule(kind=Kind.PERIODIC, period=period, amount=day, unit=Unit.DAYS)
        return _Piece(rule=rule, notes=notes)

    amount = _AMOUNT_RE.search(rest)
    if amount:
        between = rest[: amount.start()]
        if not re.fullmatch(r"的?(?:结束|终了|期满)?(?:之日起|后的?|以后|起)?(?:的)?", between):
            return None
        n, unit = _unit_amount(int(amount.group("n")), amount.group("u"), notes)
        suffix = rest[amount.end() :]
        if not _FILLER_SUFFIX_RE.match(suffix):
            notes.append(f"以下表述未纳入计算：“{suffix}”，请核对")
        rule = TimeLimitRule(kind=Kind.PERIODIC, period=period, amount=n, unit=unit)
        return _Piece(rule=rule, notes=notes)

    return _Piece(rule=TimeLimitRule(kind=Kind.PERIODIC, period=period), notes=notes)  # noted at the end


def _deadline(clause: str, amount: re.Match[str]) -> _Piece:
    notes: list[str] = []
    prefix, suffix = clause[: amount.start()], clause[amount.end() :]
    if suffix.startswith("前") or prefix.endswith("前"):
        return _Piece(failure=f"“{clause}”：事件之前的时限暂不支持自动计算，请人工设置")
    if not _FILLER_SUFFIX_RE.match(suffix):
        notes.append(f"以下表述未纳入计算：“{suffix}”，请核对")
    n, unit = _unit_amount(int(amount.group("n")), amount.group("u"), notes)

    core = _TRAILING_FILLER_RE.sub("", _LEADING_FILLER_RE.sub("", prefix))
    connector = _CONNECTOR_RE.search(core)
    if connector:
        core = _TRAILING_FILLER_RE.sub("", core[: connector.start()])
        core = _LEADING_FILLER_RE.sub("", core)

    if not core:
        if connector:
            return _Piece(failure=f"“{clause}”：未写明起算事件，请人工设置")
        notes.append("未写明起算事件，按《政府信息公开条例》第二十六条默认为信息形成或变更之日起算")
        trigger, event = Trigger.FORMED, ""
    elif _DECISION_RE.search(core):
        trigger, event = Trigger.DECISION, ""
    elif _RECEIVED_RE.search(core):
        trigger, event = Trigger.RECEIVED, ""
    elif _FORMED_RE.search(core):
        trigger, event = Trigger.FORMED, ""
    elif connector:
        trigger, event = Trigger.EVENT, core
        notes.append(f"自“{core}”起算，请确认")
    else:
        return _Piece(failure=f"“{clause}”：未能识别起算事件，请人工设置")
    rule = TimeLimitRule(kind=Kind.DEADLINE, trigger=trigger, amount=n, unit=unit, event=event)
    return _Piece(rule=rule, notes=notes)


def _clause(clause: str) -> _Piece:
    """Read one clause (the text between commas)."""
    display = None
    shown = _DISPLAY_RE.search(clause)
    if shown:
        unit = Unit.WORKDAYS if shown.group("u") == "工作日" else Unit.DAYS
        display = (int(shown.group("n")), unit)
        clause = clause[: shown.start()] + clause[shown.end() :]
        if not clause or re.fullmatch(r"(?:上墙|张榜|在.{0,20}范围内)*", clause):
            return _Piece(display=display)

    piece = _clause_rule(clause)
    piece.display = display
    return piece


def _clause_rule(clause: str) -> _Piece:
    period = _PERIOD_RE.search(clause)
    if period:
        piece = _periodic(clause, period)
        if piece is not None:
            return piece

    fixed = _FIXED_DATE_RE.search(clause)
    if fixed:
        return _Piece(failure=f"“{clause}”：固定日期但未写明周期（如“每年”），请人工设置")

    amount = _AMOUNT_RE.search(clause)
    if amount:
        piece = _deadline(clause, amount)
        if period and piece.rule is not None:
            piece.notes.append(f"含周期表述“{period.group()}”，按事件时限计算，请确认")
        return piece

    if _CONTINUOUS_RE.search(clause):
        return _Piece(weak=TimeLimitRule(kind=Kind.CONTINUOUS))
    if _BEFORE_DECISION_RE.search(clause):
        return _Piece(weak=TimeLimitRule(kind=Kind.AS_PROGRESS, label="决策前"))
    if _AS_PROGRESS_RE.search(clause):
        return _Piece(weak=TimeLimitRule(kind=Kind.AS_PROGRESS))
    if _PERIODIC_NO_PERIOD_RE.search(clause):
        return _Piece(failure=f"“{clause}”：写明“定期”但未写明周期（每月、每季度、每年……），请人工设置")
    if _TRIGGER_ONLY_RE.search(clause):
        return _Piece(failure=f"“{clause}”：写明了起算事件，但未写明期限，请人工设置")
    if re.fullmatch(r"(?:予以|主动|向社会|对外)?(?:公开|公示|公布|发布)?", clause):
        return _Piece()  # a bare verb adds nothing
    return _Piece(unknown=clause)


def _with(rule: TimeLimitRule, **changes: Any) -> TimeLimitRule:
    values = {name: getattr(rule, name) for name in _FIELDS}
    values.update(changes)
    return TimeLimitRule(**values)


def _merge_periodic(first: TimeLimitRule, second: TimeLimitRule) -> TimeLimitRule | None:
    """Merge "每季度公开,季度结束后10日内": one rule from the period alone plus the period with its deadline."""
    if first.kind is second.kind is Kind.PERIODIC and first.period is second.period:
        if first.amount is None and first.due_month is None:
            return second
        if second.amount is None and second.due_month is None:
            return first
    return None


def parse_time_limit(text: str) -> ParseResult:
    """Read a catalog's time-limit wording into a rule; see the module docstring for the conventions."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError("时限表述应为文本")
    normalised = _normalise(text)
    if not normalised.strip(",;。.、:"):
        return ParseResult(UNPARSED_RULE, False, "未填写公开时限，请人工设置")

    notes: list[str] = []
    failures: list[str] = []
    unknown: list[str] = []
    segment_rules: list[TimeLimitRule] = []
    orphan_display: tuple[int, Unit] | None = None

    for segment in re.split(r"[;。\n]+", normalised):
        segment = segment.strip(",.、:")
        if not segment:
            continue
        label = ""
        if segment.startswith("其中"):
            found = _LABEL_RE.match(segment)
            if found:
                label, segment = found.group("label"), segment[found.end() :]
            else:
                found = _LABEL_FALLBACK_RE.match(segment)
                if found:  # keep the word after the label ("自…", "在…"): it belongs to the wording
                    label, segment = found.group("label"), segment[found.end("label") :]
            label = label.strip(",、")
        strong: TimeLimitRule | None = None
        weak: TimeLimitRule | None = None
        display: tuple[int, Unit] | None = None
        extra: list[TimeLimitRule] = []
        for clause in segment.split(","):
            if not clause:
                continue
            piece = _clause(clause)
            notes.extend(piece.notes)
            if piece.failure:
                failures.append(piece.failure)
            if piece.unknown:
                unknown.append(piece.unknown)
            if piece.display and display is None:
                display = piece.display
            if piece.rule is not None:
                if strong is None:
                    strong = piece.rule
                else:
                    merged = _merge_periodic(strong, piece.rule)
                    if merged is not None:
                        strong = merged
                    else:
                        extra.append(piece.rule)
            elif piece.weak is not None and weak is None:
                weak = piece.weak
        rule = strong or weak
        if rule is None:
            if display is not None and orphan_display is None:
                orphan_display = display
            continue
        changes: dict[str, Any] = {}
        if label:
            changes["label"] = label
        if display is not None:
            changes["display_days"], changes["display_unit"] = display
        segment_rules.append(_with(rule, **changes) if changes else rule)
        if extra:
            notes.append("同一句中有多个时限，第一个作为主要时限，其余作为其他时限，请核对")
            segment_rules.extend(extra)

    if not segment_rules:
        reasons = failures + ([f"无法识别：“{'、'.join(unknown)}”"] if unknown else [])
        note = "未能识别的时限表述，请人工设置"
        if reasons:
            note += "（" + "；".join(reasons) + "）"
        if orphan_display is not None:
            days, unit = orphan_display
            note += f"；仅识别到公示（公告）期{days}{_UNIT_TEXT[unit]}，这不是公开时限"
            rule = TimeLimitRule(kind=Kind.UNPARSED, display_days=days, display_unit=unit)
        else:
            rule = UNPARSED_RULE
        return ParseResult(rule, False, note)

    if not segment_rules[0].computable:  # "及时公开；信息形成之日起20个工作日内": the computable one leads
        first_strong = next((r for r in segment_rules if r.computable and not r.label), None)
        if first_strong is not None:
            segment_rules.remove(first_strong)
            segment_rules.insert(0, first_strong)
    main, *alternatives = segment_rules
    if orphan_display is not None and main.display_days is None:
        main = _with(main, display_days=orphan_display[0], display_unit=orphan_display[1])
    if alternatives:
        main = _with(main, alternatives=tuple(alternatives))
    for rule in (main, *alternatives):
        if rule.kind is Kind.PERIODIC and rule.amount is None and rule.due_month is None:
            notes.append(f"未写明期限，按每{_PERIOD_NOUN[rule.period]}结束前（当期最后一日）公开计算，请确认")
    if main.display_days is not None or any(a.display_days for a in alternatives):
        notes.append("公示（公告）期单独记录，表示公告须保留的时间，不是公开时限")
    notes.extend(failures)
    if unknown:
        notes.append(f"以下表述未纳入计算：“{'、'.join(unknown)}”，请核对")
    note = "已识别为：" + main.describe()
    if notes:
        note += "。" + "；".join(dict.fromkeys(notes))
    return ParseResult(main, True, note)


# =====================================================================================================
# Periods and due dates
# =====================================================================================================


def period_bounds(period: Period, day: date) -> tuple[date, date]:
    """The period containing ``day``: (its first day, its last day)."""
    period = Period(period)
    if period is Period.MONTH:
        first_month, months = day.month, 1
    elif period is Period.QUARTER:
        first_month, months = (day.month - 1) // 3 * 3 + 1, 3
    elif period is Period.HALF_YEAR:
        first_month, months = 1 if day.month <= 6 else 7, 6
    else:
        first_month, months = 1, 12
    first = date(day.year, first_month, 1)
    next_month = first_month + months
    if next_month > 12:
        after = date(day.year + 1, next_month - 12, 1)
    else:
        after = date(day.year, next_month, 1)
    return first, after - timedelta(days=1)


def due_for(rule: TimeLimitRule, event_date: date):
    """The due date of ``rule`` for an event on ``event_date``, as ``workdays.engine.DueDate``.

    ``None`` for rules with no computable due date (CONTINUOUS, AS_PROGRESS, UNPARSED). Only the main rule
    is computed; pass an entry of ``rule.alternatives`` to compute a special limit.

    The engine does the counting: the start day is not counted; working days follow the calendar; a period
    in calendar days or months whose last day is a day off ends on the next working day (民法典 art. 203),
    and ``DueDate.nominal_due`` keeps the unmoved date.

    * DEADLINE: ``event_date`` is the day of the trigger event (formed, decision, receipt, …). Hours have no
      time of day here: N hours count as ceil(N/24) calendar days.
    * PERIODIC: ``event_date`` is the period's last day (any day of the period is taken to mean that
      period). An amount counts from the period's last day; a fixed date (``due_month``/``due_day``) is the
      first such date after the period's end; with neither, the due date is the period's last day.
    """
    if not rule.computable:
        return None
    from workdays import engine  # lazily: this module stays importable without Django

    if rule.kind is Kind.DEADLINE:
        return _count(engine, event_date, rule.amount, rule.unit)
    _, end = period_bounds(rule.period, event_date)
    if rule.due_month is not None:
        target = date(end.year, rule.due_month, rule.due_day)
        if target <= end:
            target = date(end.year + 1, rule.due_month, rule.due_day)
        return engine.add_calendar_days(end, (target - end).days)
    if rule.amount is None:
        return engine.add_calendar_days(end, 0)
    return _count(engine, end, rule.amount, rule.unit)


def _count(engine: Any, start: date, amount: int, unit: Unit):
    if unit is Unit.WORKDAYS:
        return engine.add_workdays(start, amount)
    if unit is Unit.DAYS:
        return engine.add_calendar_days(start, amount)
    if unit is Unit.MONTHS:
        return engine.add_months(start, amount)
    return engine.add_calendar_days(start, -(-amount // 24))  # HOURS, rounded up to whole days
