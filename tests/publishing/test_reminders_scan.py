"""The reminder scan reads only what can be due (issue 17): the stored summary selects, the database filters.

* its query count does not grow with the number of obligations (the not-due ones are never read);
* it never reads a publication's body (nor its title), whatever the records on the due obligations;
* a stored summary the calendar has outdated (a period begun since the last refresh) is refreshed first,
  and only such rows are.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Role
from publishing import reminders, services
from publishing.models import DeadlineBase, Obligation, ObligationStatus, Reminder
from tests.factories import member
from tests.publishing.helpers import make_item, published

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 10, 13)  # Q3 2025 (due 2025-10-10) is overdue; ISO week 42


@pytest.fixture
def duties(d, office, domain, release):
    """Two streets × (a quarterly item started 2025-07-15, overdue on MONDAY) and five items that are not due
    then (three deadline items with no record: pending; two monthly items started today: due next year)."""
    due = make_item(office, domain, "季度财务", time_limit="每季度结束后10日内")
    others = [make_item(office, domain, f"事项{n}") for n in range(3)]
    others += [make_item(office, domain, f"月报{n}", time_limit="每月结束后10日内") for n in range(2)]
    release()
    Obligation.objects.filter(item=due).update(started_on=date(2025, 7, 15))
    services.refresh_deadlines()  # the start date was written around the services
    officer = member(Role.OFFICER, d["s1"], "s1_officer")
    officer.email = "s1@example.gov.cn"
    officer.save()
    return {"due": due, "others": others, "officer": officer}


def _scan_queries(as_of: date) -> tuple[list[str], list]:
    with CaptureQueriesContext(connection) as captured:
        planned = reminders.plan(as_of)
    return [q["sql"] for q in captured.captured_queries], planned


def _key(r: Reminder):
    return (r.obligation_id, r.period_start, r.kind, r.recipient_id, r.key)


def test_scan_queries_do_not_grow_with_the_obligations(duties, monkeypatch):
    monkeypatch.setattr(reminders, "CHUNK", 2)  # many chunks if the scan walked every obligation
    others = Obligation.objects.filter(item__in=duties["others"])
    assert others.count() == 10 and not others.filter(next_due__lte=date(2025, 10, 16)).exists()
    others.update(status=ObligationStatus.CLOSED)
    small_sql, small = _scan_queries(MONDAY)
    others.update(status=ObligationStatus.ACTIVE)
    assert Obligation.objects.active().count() == 12
    large_sql, large = _scan_queries(MONDAY)
    assert len(large_sql) == len(small_sql)
    assert sorted(map(_key, large)) == sorted(map(_key, small))
    assert len(large) == 5  # s1: its officer and the two office users; s2: the office users


def test_scan_reads_no_publication_text(duties, d, office):
    # A draft on s1's overdue quarter: the scan must read the record's state, never its body or title.
    s1 = Obligation.objects.get(item=duties["due"], unit=d["s1"])
    services.create_publication(
        user=office,
        unit=s1.unit,
        title="三季度财务草稿",
        body="<p>" + "正文" * 500 + "</p>",
        formed_on=date(2025, 10, 8),
        obligations=[s1],
        periods={s1.pk: date(2025, 7, 1)},
    )
    with CaptureQueriesContext(connection) as captured:
        sent = reminders.send_reminders(as_of=MONDAY)
    assert sent == 5
    touching = [q["sql"] for q in captured.captured_queries if "publishing_publication" in q["sql"]]
    assert touching  # the record's state was read
    for sql in touching:
        assert '"publishing_publication"."body"' not in sql
        assert '"publishing_publication"."title"' not in sql


def test_outdated_summary_is_refreshed_first(duties, d, office):
    """Both streets' quarterly rows say "all done, nothing dated" (as refreshed before Q3 began). s1 has
    published Q3, s2 has not: only s2's row is stale, it is refreshed, and s2 is reminded."""
    rows = Obligation.objects.filter(item=duties["due"])
    s1, s2 = rows.get(unit=d["s1"]), rows.get(unit=d["s2"])
    published(
        office, s1.unit, "三季度财务", [s1], formed_on=date(2025, 10, 9), periods={s1.pk: date(2025, 7, 1)}
    )
    rows.update(next_due=None, deadline_base=DeadlineBase.DONE)
    assert list(reminders.stale_summaries(MONDAY).values_list("pk", flat=True)) == [s2.pk]
    sent = reminders.send_reminders(as_of=MONDAY)
    assert sent == 2  # s2 overdue → the two office users; s1's Q3 is published
    assert set(Reminder.objects.values_list("obligation_id", flat=True)) == {s2.pk}
    s2.refresh_from_db()
    assert (s2.next_due, s2.deadline_base) == (date(2025, 10, 10), DeadlineBase.DATED)
    s1.refresh_from_db()
    assert s1.next_due is None  # not stale: left as stored


def test_keyset_chunks_neither_skip_nor_repeat(duties, monkeypatch):
    whole = sorted(map(_key, reminders.plan(MONDAY)))
    monkeypatch.setattr(reminders, "CHUNK", 1)  # one due obligation a page
    paged = sorted(map(_key, reminders.plan(MONDAY)))
    assert paged == whole and len(whole) == 5


def test_lean_board_sorts_as_the_full_board(duties, d, office):
    """The reminders' board (four columns, record states) gives the same due-soon and overdue entries as the
    workspace's board (whole rows) — with a draft on one quarter and a published record on another."""
    from publishing import deadlines
    from publishing.selectors import soon_cutoff

    rows = Obligation.objects.filter(item=duties["due"])
    s1, s2 = rows.get(unit=d["s1"]), rows.get(unit=d["s2"])
    services.create_publication(
        user=office,
        unit=s1.unit,
        title="三季度草稿",
        formed_on=date(2025, 10, 8),
        obligations=[s1],
        periods={s1.pk: date(2025, 7, 1)},
    )
    published(
        office, s2.unit, "三季度财务", [s2], formed_on=date(2025, 10, 9), periods={s2.pk: date(2025, 7, 1)}
    )

    def entries(board):
        return sorted(
            (e.obligation.pk, e.state, e.key_date, e.due, e.publication.pk if e.publication else None)
            for e in board.due_soon + board.overdue
        )

    for day in (date(2025, 10, 9), MONDAY, date(2026, 1, 9), date(2026, 1, 13)):
        full = deadlines.obligation_status(Obligation.objects.all(), day)
        duties_ = [
            deadlines.Duty(*row)
            for row in Obligation.objects.active()
            .order_by("pk")
            .values_list("pk", "unit_id", "rule", "started_on")
        ]
        lean = deadlines.due_board(duties_, day)
        assert entries(lean) == entries(full)
        assert all(e.due <= soon_cutoff(day) for e in lean.due_soon + lean.overdue)
    assert entries(deadlines.due_board(duties_, MONDAY))  # something is due: the comparison is not empty
