"""publishing.services.past_records: records published in the past, written in bulk at their own times."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from organizations.models import Role
from publishing import selectors, services
from publishing.models import Fulfilment, Obligation, Publication, PublicationEvent, PublicationStatus
from publishing.services.past_records import PastRecord, import_past_records
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def world(d, office, domain, release):
    make_item(office, domain, "低保对象公示", subject="各街道")
    make_item(office, domain, "低保季度统计", subject="各街道", time_limit="每季度结束后10日内")
    release()
    duties = {(o.unit.code, o.item.name): o for o in Obligation.objects.select_related("unit", "item")}
    return {
        "duty": lambda unit, item: duties[(unit, item)],
        "officer": member(Role.OFFICER, d["s1"], "s1_officer"),
        "reviewer": member(Role.REVIEWER, d["s1"], "s1_reviewer"),
    }


def record(world, unit, title, obligations, *, formed_on, published_on, periods=None):
    author, approver = world["officer"], world["reviewer"]
    return PastRecord(
        unit=unit,
        title=title,
        body="<p>正文</p>",
        formed_on=formed_on,
        created_at=at(formed_on, 9),
        published_at=at(published_on, 10, 30),
        created_by=author,
        steps=[
            ("create", author, at(formed_on, 9)),
            ("submit", author, at(published_on, 9, 30)),
            ("approve", approver, at(published_on, 10)),
            ("publish", author, at(published_on, 10, 30)),
        ],
        obligations=obligations,
        periods=periods or {},
    )


def test_records_are_written_at_their_own_times_with_numbers_and_fulfilments(d, office, world):
    first = services.allocate_index_number(unit=d["s1"], year=2025)
    deadline, periodic = world["duty"]("D-S1", "低保对象公示"), world["duty"]("D-S1", "低保季度统计")
    records = [
        record(
            world,
            d["s1"],
            "低保对象公示（9月）",
            [deadline],
            formed_on=date(2025, 9, 1),
            published_on=date(2025, 9, 5),
        ),
        record(
            world,
            d["s1"],
            "2025年第三季度低保统计",
            [periodic],
            formed_on=date(2025, 10, 1),
            published_on=date(2025, 11, 20),
            periods={periodic.pk: date(2025, 8, 15)},
        ),
    ]

    written = import_past_records(user=office, records=records)

    assert [p.index_number for p in written] == [first[:-6] + f"{n:06d}" for n in (2, 3)]
    for publication, r in zip(written, records, strict=True):
        stored = Publication.objects.get(pk=publication.pk)
        assert stored.status == PublicationStatus.PUBLISHED
        assert (stored.created_at, stored.updated_at, stored.published_at) == (
            r.created_at,
            r.published_at,
            r.published_at,
        )
        events = PublicationEvent.objects.filter(publication=stored).order_by("id")
        assert [(e.action, e.actor, e.at) for e in events] == list(r.steps)
    on_deadline = Fulfilment.objects.get(publication=written[0])
    due = selectors.due_date(selectors.rule_of(deadline.rule), formed_on=date(2025, 9, 1))
    assert on_deadline.due_date == due and on_deadline.on_time is True and on_deadline.late_workdays == 0
    quarterly = Fulfilment.objects.get(publication=written[1])
    assert (quarterly.period_start, quarterly.period_end) == (date(2025, 7, 1), date(2025, 9, 30))
    assert (
        quarterly.due_date < date(2025, 11, 20) and quarterly.on_time is False and quarterly.late_workdays > 0
    )
    # the models' own fields are left as they are (nothing switched auto_now off)
    assert Publication._meta.get_field("created_at").auto_now_add
    assert PublicationEvent._meta.get_field("at").auto_now_add


def test_a_record_may_only_fulfil_its_own_units_duties(d, office, world):
    other = world["duty"]("D-S2", "低保对象公示")
    bad = record(
        world, d["s1"], "湖墅街道公示", [other], formed_on=date(2025, 9, 1), published_on=date(2025, 9, 5)
    )
    with pytest.raises(ValidationError):
        import_past_records(user=office, records=[bad])
    assert not Publication.objects.exists()


def test_an_officer_imports_for_their_own_unit_only(d, world):
    theirs = world["duty"]("D-S2", "低保对象公示")
    other_unit = record(
        world, d["s2"], "小河街道公示", [theirs], formed_on=date(2025, 9, 1), published_on=date(2025, 9, 5)
    )
    with pytest.raises(PermissionDenied):
        import_past_records(user=world["officer"], records=[other_unit])
    assert not Publication.objects.exists()
