"""publishing.selectors and the QuerySet scopes: what is public, what a person may see, and the stored deadline
summary that lets lists filter by deadline status in SQL."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from organizations.models import Role
from publishing import deadlines, selectors, services
from publishing.models import Obligation, Publication, PublicationStatus
from publishing.serializers import deadline_states
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(d, office, domain, release):
    make_item(
        office,
        domain,
        "社区财务公开",
        subject="各社区居委会",
        tiers=("community",),
        time_limit="每季度结束后10日内",
    )
    make_item(office, domain, "低保对象公示", subject="各社区居委会", tiers=("community",))
    release()
    return {
        "officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "reviewer": member(Role.REVIEWER, d["c11"], "c11_reviewer"),
        "other": member(Role.OFFICER, d["c21"], "c21_officer"),
    }


def publish(setup, d, title="记录", obligations=(), formed_on=date(2025, 10, 1)):
    pub = services.create_publication(
        user=setup["officer"], unit=d["c11"], title=title, formed_on=formed_on, obligations=obligations
    )
    services.submit(user=setup["officer"], publication=pub)
    services.approve(user=setup["reviewer"], publication=pub)
    return services.publish(user=setup["officer"], publication=pub)


def test_public_is_published_only_and_visible_to_follows_the_units(d, setup):
    published = publish(setup, d, "已发布")
    draft = services.create_publication(
        user=setup["officer"], unit=d["c11"], title="草稿", formed_on=date(2025, 10, 2)
    )
    assert list(Publication.objects.public()) == [published]
    assert set(selectors.publications_for(setup["officer"])) == {published, draft}
    assert set(selectors.publications_for(setup["other"])) == {published}  # another community: public only
    assert set(Publication.objects.counted()) == {published}
    assert set(Obligation.objects.visible_to(setup["other"]).values_list("unit__code", flat=True)) == {
        "D-S2-1"
    }
    assert Obligation.objects.public().count() == Obligation.objects.filter(status="active").count()


def state_of(ob):
    return selectors.with_deadline_status(Obligation.objects.filter(pk=ob.pk)).get().deadline_state


def test_the_stored_summary_follows_every_step(d, setup):
    ob = Obligation.objects.get(unit=d["c11"], item__name="低保对象公示")
    assert state_of(ob) == deadlines.PENDING  # a deadline duty with no record yet
    pub = services.create_publication(
        user=setup["officer"], unit=d["c11"], title="低保公示", formed_on=date(2025, 1, 2), obligations=[ob]
    )
    assert state_of(ob) == deadlines.OVERDUE  # formed long ago, not published
    services.submit(user=setup["officer"], publication=pub)
    services.approve(user=setup["reviewer"], publication=pub)
    services.publish(user=setup["officer"], publication=pub)
    assert state_of(ob) == deadlines.DONE
    services.withdraw(user=setup["officer"], publication=pub, reason="有误")
    assert state_of(ob) == deadlines.PENDING


def test_a_new_period_reaches_the_summary_with_the_nightly_refresh(d, setup):
    ob = Obligation.objects.get(unit=d["c11"], item__name="社区财务公开")
    Obligation.objects.filter(pk=ob.pk).update(started_on=date(2025, 1, 1))
    services.refresh_deadlines(obligations=Obligation.objects.filter(pk=ob.pk), today=date(2025, 2, 1))
    ob.refresh_from_db()
    assert ob.next_due == deadlines.expected_periods(ob, date(2025, 2, 1))[0].due  # Q1's due date
    publish(setup, d, "一季度", [ob], formed_on=date(2025, 4, 2))  # covers Q1 (the last ended quarter)
    services.refresh_deadlines(obligations=Obligation.objects.filter(pk=ob.pk), today=date(2025, 4, 2))
    ob.refresh_from_db()
    q2 = deadlines.expected_periods(ob, date(2025, 4, 2))[1]
    assert ob.next_due == q2.due and q2.start == date(2025, 4, 1)


def test_sql_status_equals_the_live_status_for_every_obligation(d, setup):
    Obligation.objects.update(started_on=date(2025, 1, 1))
    services.refresh_deadlines()
    ob = Obligation.objects.get(unit=d["c11"], item__name="低保对象公示")
    services.create_publication(
        user=setup["officer"], unit=d["c11"], title="低保公示", formed_on=date.today(), obligations=[ob]
    )
    live = deadline_states(list(Obligation.objects.active()))
    for row in selectors.with_deadline_status(Obligation.objects.active()):
        assert row.deadline_state == live[row.pk]["state"], row
        for state, _label in selectors.DEADLINE_STATES:
            in_filter = (
                Obligation.objects.filter(pk=row.pk).filter(selectors.deadline_state_q(state)).exists()
            )
            assert in_filter == (state == row.deadline_state)


def test_soon_cutoff_counts_working_days():
    friday = date(2025, 10, 10)  # a working Friday (the National Day make-up week is over)
    cutoff = selectors.soon_cutoff(friday, 3)
    assert cutoff > friday + timedelta(days=3)  # the weekend does not count
    assert selectors.soon_cutoff(friday, 0) >= friday


def test_published_goes_out_after_the_commit_only(d, setup, django_capture_on_commit_callbacks):
    received = []

    def listen(sender, publication, **kwargs):
        received.append(publication.pk)

    services.publication_published.connect(listen)
    try:
        pub = services.create_publication(
            user=setup["officer"], unit=d["c11"], title="回滚", formed_on=date(2025, 10, 1)
        )
        services.submit(user=setup["officer"], publication=pub)
        services.approve(user=setup["reviewer"], publication=pub)
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                services.publish(user=setup["officer"], publication=pub)
                raise RuntimeError("rolled back")
        assert received == [] and Publication.objects.get(pk=pub.pk).status == PublicationStatus.APPROVED
        with django_capture_on_commit_callbacks(execute=True):
            services.publish(user=setup["officer"], publication=pub)
        assert received == [pub.pk]
    finally:
        services.publication_published.disconnect(listen)
