"""The time-limit rule (公开时限规则): the computable form of a catalog's free-text time limit.

:class:`TimeLimitRule` is a frozen, validated value stored as ``to_dict()`` in a JSONField. Its fields are
declared once, on the dataclass; :data:`RULE_FIELDS` (every field, in declaration order) and
:data:`SCALAR_RULE_FIELDS` (the plain values between ``kind`` and the free-text ones) are read from it, and the
JSON form, the admin form and the explain command all go through them.

Conventions are described in :mod:`catalog.timelimits` (the package docstring).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _


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


UNIT_TEXT = {Unit.WORKDAYS: "个工作日", Unit.DAYS: "日", Unit.MONTHS: "个月", Unit.HOURS: "小时"}
PERIOD_TEXT = {
    Period.MONTH: "每月",
    Period.QUARTER: "每季度",
    Period.HALF_YEAR: "每半年",
    Period.YEAR: "每年",
}
PERIOD_NOUN = {Period.MONTH: "月", Period.QUARTER: "季度", Period.HALF_YEAR: "半年", Period.YEAR: "年度"}
TRIGGER_TEXT = {
    Trigger.FORMED: "信息形成或变更之日起",
    Trigger.DECISION: "自作出行政决定之日起",
    Trigger.RECEIVED: "自收到申请之日起",
    Trigger.PERIOD_END: "自期间结束之日起",
}
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February is refused as a fixed date


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
                    raise ValueError(
                        _("%(name)s：无效的取值 %(value)r") % {"name": name, "value": value}
                    ) from None
        if not isinstance(self.alternatives, tuple):
            object.__setattr__(self, "alternatives", tuple(self.alternatives))
        if self.kind is None:
            raise ValueError(_("缺少时限类型（kind）"))
        self._validate()

    # -- validation -----------------------------------------------------------------------------------
    def _validate(self) -> None:
        for name in ("amount", "due_month", "due_day", "display_days"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(_("%(name)s 应为整数，收到 %(value)r") % {"name": name, "value": value})
        for name in ("label", "event"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(_("%(name)s 应为文本") % {"name": name})
        if self.amount is not None and not 0 <= self.amount <= 100_000:
            raise ValueError(_("期限数量应在0到100000之间"))
        if (self.amount is None) != (self.unit is None):
            raise ValueError(_("期限数量和单位须同时填写"))
        if (self.due_month is None) != (self.due_day is None):
            raise ValueError(_("固定日期的月和日须同时填写"))
        if self.due_month is not None:
            if not 1 <= self.due_month <= 12:
                raise ValueError(_("固定日期的月份应为1–12"))
            if not 1 <= self.due_day <= DAYS_IN_MONTH[self.due_month - 1]:
                raise ValueError(_("固定日期的日不在该月之内（不能用2月29日）"))
        if (self.display_days is None) != (self.display_unit is None):
            raise ValueError(_("公示期的天数和单位须同时填写"))
        if self.display_days is not None:
            if not 1 <= self.display_days <= 10_000:
                raise ValueError(_("公示期应在1到10000之间"))
            if self.display_unit not in (Unit.WORKDAYS, Unit.DAYS):
                raise ValueError(_("公示期的单位应为工作日或自然日"))
        if self.event and self.trigger is not Trigger.EVENT:
            raise ValueError(_("只有起算事件为“其他事件”时才填写事件名称"))

        if self.kind is Kind.DEADLINE:
            if self.trigger is None or self.amount is None:
                raise ValueError(_("限期公开须填写起算事件、期限数量和单位"))
            if self.trigger is Trigger.PERIOD_END:
                raise ValueError(_("自周期结束起算的时限应设为定期公开"))
            if self.period is not None or self.due_month is not None:
                raise ValueError(_("周期和固定日期只用于定期公开"))
            if self.trigger is Trigger.EVENT and not self.event.strip():
                raise ValueError(_("起算事件为“其他事件”时须填写事件名称"))
        elif self.kind is Kind.PERIODIC:
            if self.period is None:
                raise ValueError(_("定期公开须选择周期"))
            if self.trigger not in (None, Trigger.PERIOD_END):
                raise ValueError(_("定期公开自周期结束起算"))
            if self.trigger is None:
                object.__setattr__(self, "trigger", Trigger.PERIOD_END)
            if self.due_month is not None:
                if self.amount is not None:
                    raise ValueError(_("定期公开填写期限数量或固定日期，不能同时填写"))
                if self.period is not Period.YEAR:
                    raise ValueError(_("固定日期只用于每年公开的事项"))
        else:  # CONTINUOUS, AS_PROGRESS, UNPARSED: nothing to compute
            if any(v is not None for v in (self.trigger, self.amount, self.period, self.due_month)):
                raise ValueError(
                    _("%(value)s 类时限没有起算事件、期限、周期或固定日期") % {"value": self.kind.value}
                )

        for alternative in self.alternatives:
            if not isinstance(alternative, TimeLimitRule):
                raise ValueError(_("其他时限（alternatives）应为 TimeLimitRule"))
            if alternative.alternatives:
                raise ValueError(_("其他时限不能再包含其他时限"))

    # -- properties -----------------------------------------------------------------------------------
    @property
    def computable(self) -> bool:
        """Whether :func:`due_for` gives a due date for this rule."""
        return self.kind in (Kind.DEADLINE, Kind.PERIODIC)

    # -- JSON -----------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (only the fields that are set); :meth:`from_dict` reads it back."""
        data: dict[str, Any] = {"kind": self.kind.value}
        for name in SCALAR_RULE_FIELDS:
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
            raise ValueError(_("时限规则应为 JSON 对象"))
        unknown = set(data) - set(RULE_FIELDS)
        if unknown:
            raise ValueError(_("未知的字段：%(v1)s") % {"v1": "、".join(sorted(unknown))})
        if "kind" not in data:
            raise ValueError(_("缺少时限类型（kind）"))
        values = dict(data)
        alternatives = values.pop("alternatives", ())
        if not isinstance(alternatives, list | tuple):
            raise ValueError(_("其他时限（alternatives）应为列表"))
        return cls(**values, alternatives=tuple(cls.from_dict(a) for a in alternatives))

    # -- words ----------------------------------------------------------------------------------------
    def describe(self) -> str:
        """The rule in plain Chinese, e.g. "信息形成或变更之日起20个工作日内"."""
        text = self._describe_own()
        if self.label:
            text = f"{self.label}：{text}"
        if self.display_days is not None:
            text += f"，公示（公告）期{self.display_days}{UNIT_TEXT[self.display_unit]}"
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
                start = TRIGGER_TEXT[self.trigger]
            return f"{start}{self.amount}{UNIT_TEXT[self.unit]}内"
        if self.kind is Kind.PERIODIC:
            every = PERIOD_TEXT[self.period]
            if self.due_month is not None:
                return f"{every}结束后，次年{self.due_month}月{self.due_day}日前"
            if self.amount is None:
                return f"{every}公开一次（当期结束前）"
            return f"{every}结束后{self.amount}{UNIT_TEXT[self.unit]}内"
        if self.kind is Kind.CONTINUOUS:
            return "实时公开（持续更新）"
        if self.kind is Kind.AS_PROGRESS:
            return "按进展情况及时公开"
        return "未设置可计算的时限（需人工设置）"


#: Every field of a rule, in declaration order (the one list: JSON, forms and the explain command read it).
RULE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(TimeLimitRule))
#: The plain values written to JSON when set (everything but kind, the parts and the free-text names).
SCALAR_RULE_FIELDS: tuple[str, ...] = tuple(
    name for name in RULE_FIELDS if name not in ("kind", "alternatives", "label", "event")
)

UNPARSED_RULE = TimeLimitRule(kind=Kind.UNPARSED)


def with_changes(rule: TimeLimitRule, **changes: Any) -> TimeLimitRule:
    """A copy of ``rule`` with some fields changed (validated again)."""
    values = {name: getattr(rule, name) for name in RULE_FIELDS}
    values.update(changes)
    return TimeLimitRule(**values)
