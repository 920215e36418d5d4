"""The desk's counts (issue 16): the duty sections (overdue, due this week, upcoming) count duties, one row
per duty, and say in the row how many periods are overdue; the office dashboard's figure per street is the
same number as the street's overdue section; every section is counted and cut in SQL."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Role
from publishing import deadlines, desk_data, services
from publishing.models import Obligation
from publishing.selectors import deadline_state_q
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


@pytest.fixture
def duties(d, office, domain, release):
    """A quarterly duty (每季度结束后10日内) and a deadline duty for every community, started on 2025-01-01:
    each community's quarterly duty has every quarter from 2025 Q1 to the last ended one overdue."""
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
    Obligation.objects.update(started_on=date(2025, 1, 1))
    services.refresh_deadlines()
    return Obligation.objects.filter(unit__is_active=True)


def section(html: str, key: str) -> str:
    return html.split(f'id="{key}"')[1].split("</section>")[0]


def heading_count(html: str, key: str) -> int:
    return int(re.search(r"（(\d+) 项）", section(html, key).split("</h2>")[0]).group(1))


def test_a_duty_with_several_overdue_quarters_counts_once_and_says_how_many(client, d, duties):
    officer = member(Role.OFFICER, d["c11"], "c11_officer")
    client.force_login(officer)
    html = client.get(reverse("publishing:desk")).content.decode()
    quarterly = duties.get(unit=d["c11"], item__name="社区财务公开")
    periods = [e for e in deadlines.obligation_status(Obligation.objects.filter(pk=quarterly.pk)).overdue]
    assert len(periods) > 1  # several quarters overdue …
    overdue = section(html, "overdue")
    assert heading_count(html, "overdue") == 1  # … one duty
    assert overdue.count("<li>") == 1
    assert f"{len(periods)} 期逾期" in overdue
    first = min(periods, key=lambda e: e.due)  # the button publishes the oldest overdue quarter first
    assert f"period={first.key_date.isoformat()}" in overdue
    summary = html.split('class="desk-summary"')[1].split("</ul>")[0]
    assert re.search(r"<strong>1</strong>已逾期", summary)
    assert "按公开义务计数" in html


def test_every_duty_is_in_one_duty_section_and_rows_match_counts(client, d, duties, office):
    client.force_login(office)
    html = client.get(reverse("publishing:desk")).content.decode()
    counts = {key: heading_count(html, key) for key in desk_data.DUTY_SECTIONS}
    for key, n in counts.items():
        assert section(html, key).count("<li>") == n, key  # fewer than a page: every duty is a row
    active = duties.filter(status="active")
    not_done = active.exclude(deadline_state_q(deadlines.DONE))
    assert sum(counts.values()) == not_done.count()
    assert counts["overdue"] == active.filter(deadline_state_q(deadlines.OVERDUE)).count() == 3


def test_the_dashboard_figure_is_the_streets_overdue_section(client, d, duties, office):
    client.force_login(office)
    html = client.get(reverse("publishing:desk")).content.decode()
    dashboard = html.split('id="dashboard"')[1].split("</section>")[0]
    figures = dict(
        re.findall(
            r"within=([\w-]+)&amp;section=overdue\">[^<]+</a></td><td class=\"n\">(\d+)</td>", dashboard
        )
    )
    assert figures, dashboard
    for code, figure in figures.items():
        street = client.get(
            reverse("publishing:desk"), {"within": code, "section": "overdue"}
        ).content.decode()
        assert heading_count(street, "overdue") == int(figure), code
        assert section(street, "overdue").count("<li>") == int(figure), code


def test_section_queries_do_not_grow_with_the_duties(client, d, duties, office, domain, release, monkeypatch):
    from publishing import desk

    monkeypatch.setattr(desk, "PAGE_SIZE", 2)
    client.force_login(office)
    client.get(reverse("publishing:desk"))  # warm the calendar and the session

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("publishing:desk")).status_code == 200
        return len(ctx.captured_queries)

    before, duty_count = queries(), duties.count()
    for name in ("社区年度工作报告", "社区半年工作总结"):
        make_item(
            office, domain, name, subject="各社区居委会", tiers=("community",), time_limit="每年1月31日前"
        )
    release("第二版")
    Obligation.objects.update(started_on=date(2025, 1, 1))
    services.refresh_deadlines()
    assert Obligation.objects.count() == 2 * duty_count
    client.get(reverse("publishing:desk"))  # the new edition's waiting-items count is planned once and kept
    assert queries() == before
