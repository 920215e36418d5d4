"""互动交流's writes: the answer clock (working days across a 调休 weekend and 国庆, by the engine and by an
independent count from the State Council's holiday notice), routing and rerouting with the append-only log,
who may answer, the office's rules per kind, bell notices, and refusals of bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from interaction import services
from interaction.models import Message, MessageEvent, Status
from publishing.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db

# 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）: 国庆节、中秋节 10月1日至8日放假调休，
# 9月28日（周日）、10月11日（周六）上班. Re-typed here; the engine's calendar is not consulted.
HOLIDAYS = {date(2025, 10, 1) + timedelta(days=i) for i in range(8)}
MAKEUP = {date(2025, 9, 28), date(2025, 10, 11)}


def independent_due(start: date, n: int) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if day in MAKEUP or (day.weekday() < 5 and day not in HOLIDAYS):
            counted += 1
    return day


@pytest.mark.parametrize(
    "received",
    [date(2025, 9, 26), date(2025, 9, 27), date(2025, 9, 30), date(2025, 10, 3), date(2025, 10, 9)],
)
def test_five_working_days_across_the_make_up_weekend_and_national_day(submit, received):
    message = submit(received=received)
    assert message.workdays == services.DEFAULT_WORKDAYS == 5
    assert message.due_on == independent_due(received, 5)


def test_the_independent_count_uses_the_make_up_days():
    # received Friday 9-26: 9-28 (Sunday, 调休上班), 9-29, 9-30, then 10-9, 10-10
    assert independent_due(date(2025, 9, 26), 5) == date(2025, 10, 10)
    # received 9-30: 10-9, 10-10, 10-11 (Saturday, 调休上班), 10-13, 10-14
    assert independent_due(date(2025, 9, 30), 5) == date(2025, 10, 14)


def test_correction_has_three_working_days_and_the_office_can_change_a_kind(submit, office):
    assert submit(kind="correction", received=date(2025, 9, 30)).due_on == independent_due(
        date(2025, 9, 30), 3
    )
    services.set_rule(user=office, kind="complain", workdays=10, basis="区政府办公室通知")
    message = submit(kind="complain", received=date(2025, 9, 26))
    assert message.workdays == 10 and message.due_on == independent_due(date(2025, 9, 26), 10)


def test_only_the_office_sets_rules(officer_s1):
    with pytest.raises(PermissionDenied):
        services.set_rule(user=officer_s1, kind="consult", workdays=3)


def test_routing_rerouting_and_the_log(submit, office, d, officer_s1, officer_s2):
    message = submit(unit=None)
    assert message.status == Status.RECEIVED and message.unit is None
    with pytest.raises(PermissionDenied):
        services.assign(user=officer_s1, message=message, unit=d["s1"])
    services.assign(user=office, message=message, unit=d["s1"])
    assert Notice.objects.filter(recipient=officer_s1).count() == 1
    due = Message.objects.get(pk=message.pk).due_on
    services.assign(user=office, message=message, unit=d["s2"], note="属小河街道职责")
    message.refresh_from_db()
    assert message.unit == d["s2"] and message.status == Status.ASSIGNED and message.due_on == due
    assert Notice.objects.filter(recipient=officer_s2).count() == 1
    actions = list(MessageEvent.objects.filter(message=message).values_list("action", flat=True))
    assert actions == ["receive", "assign", "reassign"]
    event = MessageEvent.objects.filter(message=message).first()
    event.note = "改写"
    with pytest.raises(ValidationError):
        event.save()


def test_a_chosen_unit_routes_at_once_and_rings_its_officers(submit, officer_s1, officer_s2):
    message = submit(unit="s1")
    assert message.status == Status.ASSIGNED and message.unit_chosen
    assert Notice.objects.filter(recipient=officer_s1).exists()
    assert not Notice.objects.filter(recipient=officer_s2).exists()
    # its own kind (留言待答复), not the duties' "due": a person chooses it by e-mail or SMS on its own
    assert set(Notice.objects.values_list("kind", flat=True)) == {NoticeKind.MESSAGE}


def test_only_the_units_officers_or_the_office_answer(submit, officer_s1, officer_s2):
    message = submit(unit="s1")
    with pytest.raises(PermissionDenied):
        services.answer(user=officer_s2, message=message, text="答复")
    services.answer(user=officer_s1, message=message, text="答复如下。", today=date(2026, 3, 5))
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.answered_on == date(2026, 3, 5)
    with pytest.raises(ValidationError):
        services.answer(user=officer_s1, message=message, text="再答复")


def test_an_unrouted_message_cannot_be_answered(submit, office):
    with pytest.raises(ValidationError):
        services.answer(user=office, message=submit(unit=None), text="答复")


def test_bad_input_is_refused(submit):
    with pytest.raises(ValidationError):
        submit(body="长" * 3001)
    with pytest.raises(ValidationError):
        submit(phone="", email="")
    with pytest.raises(ValidationError):
        submit(kind="nonsense")
    assert Message.objects.count() == 0


def test_codes_have_no_look_alike_characters(submit):
    codes_seen = {submit(subject=f"咨询{i}").code for i in range(20)}
    assert len(codes_seen) == 20
    assert not any(set(c) & set("01ILOU") for c in codes_seen)


def test_reminders_go_once_due_tomorrow_then_overdue_to_the_office_too(submit, office, officer_s1):
    message = submit(unit="s1", received=date(2026, 3, 2))  # due Monday 2026-03-09
    assert services.send_reminders(today=date(2026, 3, 5)) == 0
    assert services.send_reminders(today=date(2026, 3, 6)) == 1  # Friday: due the next working day
    assert services.send_reminders(today=date(2026, 3, 6)) == 0  # once
    assert services.send_reminders(today=date(2026, 3, 10)) == 2  # overdue: the officer and the office
    assert set(Notice.objects.filter(url__contains="remind=overdue").values_list("recipient", flat=True)) == {
        officer_s1.pk,
        office.pk,
    }
    kinds = dict(Notice.objects.filter(url__contains="remind=").values_list("url", "kind").distinct())
    assert {url.rsplit("=", 1)[1]: kind for url, kind in kinds.items()} == {
        "due": NoticeKind.MESSAGE,  # 留言待答复
        "overdue": NoticeKind.MESSAGE_LATE,  # 留言超期
    }
    assert not Notice.objects.filter(kind=NoticeKind.DUE).exists()
    services.answer(user=officer_s1, message=message, text="答复", today=date(2026, 3, 11))
    assert services.send_reminders(today=date(2026, 3, 12)) == 0
