"""Due dates on the working-day calendar, periodic expectations, and the status board."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from organizations.models import Role
from publishing import services
from publishing.deadlines import expected_periods, obligation_status
from publishing.models import Obligation
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


def at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def publish_on(user, reviewer, pub, day, monkeypatch):
    services.submit(user=user, publication=pub)
    services.approve(user=reviewer, publication=pub)
    monkeypatch.setattr(timezone, "now", lambda: at(day))
    return services.publish(user=user, publication=pub)


@pytest.fixture
def s1_people(d):
    return member(Role.OFFICER, d["s1"], "officer"), member(Role.REVIEWER, d["s1"], "reviewer")


def test_national_day_2025_one_workday_late(d, office, domain, release, s1_people, monkeypatch):
    make_item(office, domain, "街道预算")
    release()
    obligation = Obligation.objects.get(unit=d["s1"])
    officer, reviewer = s1_people
    pub = services.create_publication(
        user=officer, unit=d["s1"], title="预算", formed_on=date(2025, 9, 30), obligations=[obligation]
    )
    fulfilment = pub.fulfilments.get()
    assert fulfilment.due_date == date(2025, 11, 4)  # 20 workdays across 国庆/中秋 and the make-up Saturday
    publish_on(officer, reviewer, pub, date(2025, 11, 5), monkeypatch)
    fulfilment.refresh_from_db()
    assert fulfilment.on_time is False and fulfilment.late_workdays == 1


def test_make_up_day_counts_and_on_time(d, office, domain, release, s1_people, monkeypatch):
    make_item(office, domain, "街道预算", time_limit="信息形成之日起7个工作日内")
    release()
    officer, reviewer = s1_people
    # Formed Fri 2025-09-26: Sun 09-28 is a make-up working day → 1, 29 → 2, 30 → 3, Oct 1–8 off,
    # Oct 9 → 4, Oct 10 → 5, Sat Oct 11 (调休) → 6, Mon Oct 13 → 7.
    pub = services.create_publication(
        user=officer,
        unit=d["s1"],
        title="预算",
        formed_on=date(2025, 9, 26),
        obligations=[Obligation.objects.get(unit=d["s1"])],
    )
    assert pub.fulfilments.get().due_date == date(2025, 10, 13)
    publish_on(officer, reviewer, pub, date(2025, 10, 13), monkeypatch)
    f = pub.fulfilments.get()
    assert f.on_time is True and f.late_workdays == 0


def test_quarterly_item_overdue_after_due_date(d, office, domain, release, s1_people, monkeypatch):
    make_item(office, domain, "季度财务", time_limit="每季度结束后10日内")
    release()
    obligation = Obligation.objects.get(unit=d["s1"])
    assert obligation.rule["kind"] == "periodic" and obligation.rule["period"] == "quarter"
    Obligation.objects.filter(pk=obligation.pk).update(started_on=date(2025, 7, 15))
    obligation.refresh_from_db()
    periods = expected_periods(obligation, date(2025, 10, 20))
    assert [(p.start, p.end) for p in periods] == [
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
    ]
    assert periods[0].due == date(2025, 10, 10)

    board = obligation_status(d["s1"], date(2025, 10, 9))
    assert [(e.key_date, e.state) for e in board.due_soon] == [(date(2025, 7, 1), "due_soon")]
    board = obligation_status(d["s1"], date(2025, 10, 11))
    assert [(e.key_date, e.due) for e in board.overdue] == [(date(2025, 7, 1), date(2025, 10, 10))]

    # The Q3 report comes (late); Q3 is done, Q4 is not due yet.
    officer, reviewer = s1_people
    pub = services.create_publication(
        user=officer, unit=d["s1"], title="三季度", formed_on=date(2025, 10, 14), obligations=[obligation]
    )
    f = pub.fulfilments.get()
    assert (f.period_start, f.period_end, f.due_date) == (
        date(2025, 7, 1),
        date(2025, 9, 30),
        date(2025, 10, 10),
    )
    publish_on(officer, reviewer, pub, date(2025, 10, 14), monkeypatch)
    board = obligation_status(d["s1"], date(2025, 10, 20))
    assert board.overdue == [] and board.due_soon == []
    assert [e.publication for e in board.done] == [pub]
    assert board.done[0].late_workdays == 3  # Sat Oct 11 (调休, a working day), Oct 13, Oct 14


def test_a_period_done_long_ago_stays_done_without_its_record_in_the_board(
    d, office, domain, release, s1_people, monkeypatch
):
    """The board reads old done records only as the periods they fill (not as objects): months later the
    quarter stays done and is not listed among the recently published; the next quarter falls due."""
    make_item(office, domain, "季度财务", time_limit="每季度结束后10日内")
    release()
    obligation = Obligation.objects.get(unit=d["s1"])
    Obligation.objects.filter(pk=obligation.pk).update(started_on=date(2025, 7, 15))
    officer, reviewer = s1_people
    pub = services.create_publication(
        user=officer, unit=d["s1"], title="三季度", formed_on=date(2025, 10, 9), obligations=[obligation]
    )
    publish_on(officer, reviewer, pub, date(2025, 10, 9), monkeypatch)
    recent = obligation_status(d["s1"], date(2025, 10, 20))
    assert [e.publication for e in recent.done] == [pub] and recent.overdue == []
    later = obligation_status(d["s1"], date(2026, 1, 20))  # 103 days on: beyond the 30 recent days
    assert later.done == []
    assert [(e.key_date, e.state) for e in later.overdue] == [(date(2025, 10, 1), "overdue")]  # Q4 only


def test_deadline_item_with_draft_is_tracked(d, office, domain, release, s1_people):
    make_item(office, domain, "街道预算")
    release()
    officer, _ = s1_people
    board = obligation_status(d["s1"], date(2025, 10, 1))
    assert [e.state for e in board.pending] == ["pending"]  # no record yet, no deadline running
    services.create_publication(
        user=officer,
        unit=d["s1"],
        title="预算",
        formed_on=date(2025, 9, 30),
        obligations=[Obligation.objects.get(unit=d["s1"])],
    )
    assert obligation_status(d["s1"], date(2025, 10, 31)).due_soon[0].due == date(2025, 11, 4)
    assert obligation_status(d["s1"], date(2025, 11, 5)).overdue[0].due == date(2025, 11, 4)


def test_status_board_fixed_queries(d, office, domain, release, django_assert_max_num_queries):
    for n in range(5):
        make_item(
            office,
            domain,
            f"季度{n}",
            time_limit="每季度结束后10日内",
            tiers=("street", "community"),
            subject="各街道、各社区",
        )
    release()
    Obligation.objects.update(started_on=date(2025, 7, 1))
    from organizations.models import Unit

    obligation_status(Unit.objects.all(), date(2025, 10, 20))  # warm the calendar
    with django_assert_max_num_queries(3):  # duties; the records entries show; the periods done records fill
        board = obligation_status(Unit.objects.all(), date(2025, 10, 20))
    assert len(board.overdue) == 5 * 5


def test_alternative_limit_for_part_of_item_does_not_replace_main_rule(d, office, domain, release, s1_people):
    # "其中行政许可、行政处罚…7个工作日" covers only part of the item: the main 20-working-day rule counts
    # (a publication does not say which part it is); the special limit is kept in the rule snapshot.
    from workdays import engine

    make_item(
        office,
        domain,
        "许可处罚",
        time_limit="信息形成或者变更之日起20个工作日内，其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示",
    )
    release()
    obligation = Obligation.objects.get(unit=d["s1"])
    assert obligation.rule["alternatives"][0]["amount"] == 7
    officer, _ = s1_people
    pub = services.create_publication(
        user=officer, unit=d["s1"], title="许可决定", formed_on=date(2025, 9, 22), obligations=[obligation]
    )
    due = pub.fulfilments.get().due_date
    assert (
        due == engine.add_workdays(date(2025, 9, 22), 20).due == date(2025, 10, 24)
    )  # 国庆 off, 9-28 and 10-11 worked
    assert due != engine.add_workdays(date(2025, 9, 22), 7).due
