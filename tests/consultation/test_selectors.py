"""征求意见's reads: the public comments never carry a name or contact and leave hidden ones out; the tally of
answers; the year's decision list with every step as it happened, recorded in the order of the 暂行条例."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation import selectors, services
from consultation.models import Comment, DecisionStep, Step, Visibility

pytestmark = pytest.mark.django_db


def test_public_comments_carry_no_personal_data_and_skip_hidden_ones(make):
    c = make()
    services.submit_comment(consultation=c, body="公开的意见", name="赵某", contact="13300001111")
    hidden = services.submit_comment(consultation=c, body="被隐藏的意见")
    Comment.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    shown = selectors.public_comments(c)
    assert [p.body for p in shown] == ["公开的意见"] and [p.number for p in shown] == [1]
    assert not hasattr(shown[0], "name") and not hasattr(shown[0], "contact")
    assert selectors.tally(c)["total"] == 2 and selectors.tally(c)["withheld"] == 1


def test_the_decision_list_shows_each_step_in_order(client, office, officer_s1, officer_s2, d, make):
    c = make()
    today = timezone.localdate()
    decision = services.list_decision(
        user=office,
        year=today.year,
        title="老旧小区加装电梯",
        unit=d["s1"],
        listed_on=today - timedelta(days=40),
        consultation=c,
    )
    with pytest.raises(PermissionDenied):
        services.list_decision(user=officer_s1, year=today.year, title="x", unit=d["s1"], listed_on=today)
    services.record_step(user=officer_s1, decision=decision, step=Step.DRAFT, on=today - timedelta(days=30))
    services.record_step(
        user=officer_s1,
        decision=decision,
        step=Step.CONSULT,
        on=today - timedelta(days=20),
        note="公开征求意见30日",
    )
    with pytest.raises(ValidationError, match="之后"):
        services.record_step(user=officer_s1, decision=decision, step=Step.DRAFT, on=today)
    with pytest.raises(ValidationError, match="早于"):
        services.record_step(
            user=officer_s1, decision=decision, step=Step.LEGALITY, on=today - timedelta(days=25)
        )
    with pytest.raises(ValidationError, match="已经发生"):
        services.record_step(
            user=officer_s1, decision=decision, step=Step.LEGALITY, on=today + timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        services.record_step(user=officer_s2, decision=decision, step=Step.LEGALITY, on=today)
    services.record_step(
        user=officer_s1, decision=decision, step=Step.LEGALITY, on=today, note="司法局审查通过"
    )
    assert list(DecisionStep.objects.filter(decision=decision).values_list("step", flat=True)) == [
        "start", "draft", "consult", "legality"
    ]  # fmt: skip
    (row,) = selectors.decision_list(today.year)
    assert [label for label, s in row.steps if s] == ["启动", "草案与起草说明", "征求意见", "合法性审查"]
    assert row.current == "合法性审查"
    body = client.get(reverse("consultation:decisions") + f"?year={today.year}").content.decode()
    assert "老旧小区加装电梯" in body and "司法局审查通过" in body and d["s1"].name in body


def test_a_step_is_written_once(office, d):
    decision = services.list_decision(
        user=office, year=2026, title="t", unit=d["s1"], listed_on=date(2026, 1, 5)
    )
    step = decision.steps.get()
    with pytest.raises(ValidationError):
        step.delete()
