"""Adding up a guide's step time limits: what a citizen reads as the total, and the steps that cannot be
added (a fixed date, an open end) listed instead of guessed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import GuideStep, ServiceGuide
from ..timelimits import Kind, TimeLimitRule, Unit, parse_time_limit

# -- adding up the step time limits -------------------------------------------------------------------

_UNIT_WORDS = ((Unit.WORKDAYS, "个工作日"), (Unit.DAYS, "日"), (Unit.HOURS, "小时"), (Unit.MONTHS, "个月"))


@dataclass(frozen=True)
class GuideDuration:
    """The sum of a guide's step time limits, per unit, and the steps that could not be added."""

    amounts: dict = field(default_factory=dict)  # Unit -> total amount
    counted: tuple[str, ...] = ()
    not_counted: tuple[str, ...] = ()

    @property
    def workdays(self) -> int:
        return self.amounts.get(Unit.WORKDAYS, 0)

    @property
    def days(self) -> int:
        return self.amounts.get(Unit.DAYS, 0)

    @property
    def hours(self) -> int:
        return self.amounts.get(Unit.HOURS, 0)

    @property
    def months(self) -> int:
        return self.amounts.get(Unit.MONTHS, 0)

    @property
    def text(self) -> str:
        """E.g. "各环节时限合计25个工作日（不含：个人申请、组织实施，其时限以原文为准）"."""
        parts = [f"{self.amounts[u]}{word}" for u, word in _UNIT_WORDS if self.amounts.get(u)]
        if not parts:
            return "各环节时限见办理流程" if self.not_counted else ""
        text = "各环节时限合计" + "、".join(parts)
        if self.not_counted:
            text += f"（不含：{'、'.join(self.not_counted)}，其时限以原文为准）"
        return text

    def __str__(self) -> str:
        return self.text


def _rule_of(step: GuideStep) -> TimeLimitRule | None:
    if step.time_limit_rule:
        try:
            return TimeLimitRule.from_dict(step.time_limit_rule)
        except (TypeError, ValueError):
            pass
    result = parse_time_limit(step.time_limit_text or "")
    return result.rule if result.understood else None


def ordered_steps(guide: ServiceGuide, steps=None) -> list[GuideStep]:
    """The steps in procedure order (``order``, then id), using a prefetch when there is one."""
    steps = guide.steps.all() if steps is None else steps
    return sorted(steps, key=lambda s: (s.order, s.pk or 0))


def guide_total_days(guide: ServiceGuide, steps=None) -> GuideDuration:
    """Add up the steps' relative time limits (N working days / days / hours / months after an event).

    The sum assumes each step starts when the one before it ends, which is how a citizen reads a guide;
    steps with a fixed date or an open end are listed in ``not_counted`` instead of being guessed.
    """
    amounts: dict = {}
    counted: list[str] = []
    not_counted: list[str] = []
    for step in ordered_steps(guide, steps):
        rule = _rule_of(step)
        if rule is not None and rule.kind is Kind.DEADLINE and rule.amount is not None:
            amounts[rule.unit] = amounts.get(rule.unit, 0) + rule.amount
            counted.append(step.name)
        elif step.time_limit_text.strip():
            not_counted.append(step.name)
    return GuideDuration(amounts=amounts, counted=tuple(counted), not_counted=tuple(not_counted))
