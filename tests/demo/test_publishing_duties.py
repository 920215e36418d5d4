"""The demo year keeps "a record counts for its own duty" (issue 21): every fulfilment links a record to a duty
of an item its publishing unit itself owes, and no record links several items unless marked 合并公开.

load_demo once for the module, inside a transaction rolled back when the module is done."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction

from publishing import selectors
from publishing.models import Fulfilment, Obligation, ObligationStatus, Publication


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=io.StringIO())
                yield
                raise Rollback
        except Rollback:
            pass


pytestmark = pytest.mark.django_db


def test_every_demo_record_counts_for_its_own_duty(demo):
    owed = set(Obligation.objects.exclude(status=ObligationStatus.CLOSED).values_list("unit_id", "item_id"))
    combined = set(Publication.objects.filter(combined=True).values_list("pk", flat=True))
    items_of: dict[int, set] = defaultdict(set)
    foreign = []
    rows = Fulfilment.objects.values_list(
        "publication_id", "publication__unit_id", "publication__title", "obligation__item_id"
    )
    assert rows.exists()
    for pk, unit_id, title, item_id in rows:
        items_of[pk].add(item_id)
        if (unit_id, item_id) not in owed:
            foreign.append(title)
    assert foreign == [], f"{len(foreign)} 条信息履行了发布单位不承担的事项，如：{foreign[:5]}"
    several = [pk for pk, items in items_of.items() if len(items) > 1 and pk not in combined]
    assert several == [], f"{len(several)} 条信息未标记合并公开却关联多个事项"
    assert not selectors.misattributed_fulfilments().exists()
    assert not selectors.misattributed_publications().exists()


def test_demo_periodic_records_are_one_per_item_and_period(demo):
    """A periodic record is titled after its own item and counts for that item's period only."""
    seen = set()
    fulfilments = Fulfilment.objects.filter(period_start__isnull=False).select_related(
        "publication", "obligation__item"
    )
    for f in fulfilments:
        assert f.obligation.item.name in f.publication.title or f.publication.title.endswith("（更正）")
        seen.add((f.publication_id, f.period_start))
    assert seen
    periods_of = defaultdict(set)
    for pk, start in seen:
        periods_of[pk].add(start)
    assert all(len(starts) == 1 for starts in periods_of.values())


def test_the_stored_deadline_counts_agree_with_the_computed_board(demo):
    """The FOI workspace's line "主动公开义务：已逾期 N 项，即将到期 M 项" counts duties in one SQL query on the stored
    ``next_due`` (:func:`publishing.selectors.deadline_counts`); over the whole demo it says what the full
    computation of every duty's periods and records says: a duty is overdue when one of its entries is, due
    soon when its earliest outstanding entry is due soon and none is overdue."""
    from django.utils import timezone

    today = timezone.localdate()
    duties = Obligation.objects.all()
    board = selectors.status_board(duties, today)
    overdue = {e.obligation.pk for e in board.overdue}
    soon = {e.obligation.pk for e in board.due_soon} - overdue
    assert overdue, "the demo has overdue duties"
    assert selectors.deadline_counts(duties, today) == {"overdue": len(overdue), "due_soon": len(soon)}
