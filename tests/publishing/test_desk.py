"""The officers' desk (issue 16): landing pages by role, the desk's sections, publishing in one flow from a
duty, the reviewer's queue, notices and their e-mail preferences."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import OutgoingMail
from organizations.models import Membership, Role
from publishing import notices, services
from publishing.models import (
    EmailMode,
    Notice,
    NoticeKind,
    NoticePreference,
    Obligation,
    Publication,
    PublicationStatus,
)
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db

ALLOWED = {"PDF", "API", "Excel", "Word", "PNG", "JPG", "MB", "KB", "GB"}


def main_text(html: str) -> str:
    """The visible text of <main> (no tags, no scripts)."""
    body = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body.split(">", 1)[1])


def english(html: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", main_text(html)) if w not in ALLOWED}


@pytest.fixture
def setup(d, office, domain, release):
    """A quarterly duty (每季度结束后10日内) and a deadline duty of the communities, started last year."""
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
    return {
        "officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "reviewer": member(Role.REVIEWER, d["c11"], "c11_reviewer"),
        "office": office,
    }


def duty(d, name, unit="c11"):
    return Obligation.objects.get(unit=d[unit], item__name=name)


# -- landing --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "role,target",
    [
        (Role.OFFICER, "/workspace/"),
        (Role.REVIEWER, "/workspace/review/"),
        (Role.OFFICE, "/workspace/"),
        (Role.AUDITOR, "/assessment/desk/"),
    ],
)
def test_sign_in_lands_on_the_roles_work(client, d, role, target):
    user = member(role, d["gov"] if role in (Role.OFFICE, Role.AUDITOR) else d["c11"], "someone")
    user.set_password("pw-12345-x")
    user.is_staff = True
    user.save()
    response = client.post(reverse("sign_in"), {"username": "someone", "password": "pw-12345-x"})
    assert response.status_code == 302 and response["Location"] == reverse("publishing:landing")
    assert client.get(reverse("publishing:landing"))["Location"] == target


def test_the_joint_meeting_lands_on_editions_to_approve(client, d, meeting):
    Membership.objects.filter(user=meeting).update(title="区政务公开工作联席会议（目录审核）")
    client.force_login(meeting)
    assert "catalogedition" in client.get(reverse("publishing:landing"))["Location"]


def test_an_explicit_next_page_is_kept(client, d):
    user = member(Role.OFFICER, d["c11"], "someone")
    user.set_password("pw-12345-x")
    user.is_staff = True
    user.save()
    response = client.post(
        reverse("sign_in") + "?next=/admin/",
        {"username": "someone", "password": "pw-12345-x", "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"


# -- the desk ---------------------------------------------------------------------------------------------------
def test_periodic_duties_show_with_their_period(client, d, setup):
    client.force_login(setup["officer"])
    html = client.get(reverse("publishing:desk")).content.decode()
    overdue = html.split('id="overdue"')[1].split("</section>")[0]
    upcoming = html.split('id="upcoming"')[1].split("</section>")[0]
    assert "社区财务公开" in overdue and "期间 2025-01-01 至 2025-03-31" in overdue
    assert "低保对象公示" in upcoming and "待信息形成后计时" in upcoming
    assert "信义坊社区" not in html  # another community's duties are not on this desk
    assert not english(html), english(html)


def test_the_office_filters_one_street_and_pages_long_sections(client, d, setup, monkeypatch):
    from publishing import desk

    monkeypatch.setattr(desk, "PAGE_SIZE", 2)
    client.force_login(setup["office"])
    html = client.get(reverse("publishing:desk")).content.decode()
    assert 'id="dashboard"' in html and "?within=D-S1&amp;section=overdue" in html
    street = client.get(reverse("publishing:desk"), {"within": "D-S2", "section": "overdue"}).content.decode()
    assert "小河社区" in street and "卖鱼桥社区" not in street
    assert 'id="drafts"' not in street  # only the chosen section
    everything = client.get(reverse("publishing:desk"), {"section": "overdue"}).content.decode()
    count = int(re.search(r"已逾期（(\d+) 项）", everything).group(1))
    assert count > 2 and "第 1 页，共" in everything
    page2 = client.get(reverse("publishing:desk"), {"section": "overdue", "page": 2}).content.decode()
    assert "第 2 页" in page2


def test_an_officer_without_publishing_rights_is_refused(client, d):
    client.force_login(member(Role.SUPERVISOR, d["gov"], "sup"))
    assert client.get(reverse("publishing:compose")).status_code == 403


# -- publish in one flow --------------------------------------------------------------------------------------
def compose(client, obligation, **extra):
    return client.post(
        f"{reverse('publishing:compose')}?obligation={obligation.pk}",
        {
            "unit": obligation.unit_id,
            "title": "卖鱼桥社区2025年第一季度财务公开",
            "formed_on": "2025-04-03",
            "validity": "valid",
            "body": "<p>收支明细见附件。</p>",
            "obligations": [obligation.pk],
            "release": "now",
            **extra,
        },
    )


def test_the_form_comes_prefilled_from_the_duty(client, d, setup):
    ob = duty(d, "低保对象公示")
    client.force_login(setup["officer"])
    html = client.get(f"{reverse('publishing:compose')}?obligation={ob.pk}").content.decode()
    assert 'value="低保对象公示"' in html  # the title
    assert f'value="{ob.pk}"' in html and "checked" in html
    assert "公示开始日期" in html and "异议渠道" in html  # a 公示 asks for its period and channel
    assert not english(html), english(html)
    other = client.get(
        f"{reverse('publishing:compose')}?obligation={duty(d, '社区财务公开').pk}"
    ).content.decode()
    assert "异议渠道" not in other


def test_publishing_from_an_overdue_period_fulfils_that_period(client, d, setup):
    ob = duty(d, "社区财务公开")
    client.force_login(setup["officer"])
    html = client.get(reverse("publishing:desk")).content.decode()
    link = re.search(rf'href="(/workspace/publish/\?obligation={ob.pk}&amp;period=2025-01-01)"', html)
    assert link, "the overdue first quarter links to the form with its period"
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "报告期间：2025-01-01 至 2025-03-31" in form
    response = client.post(
        link.group(1).replace("&amp;", "&"),
        {
            "unit": ob.unit_id,
            "title": "卖鱼桥社区2025年第一季度财务公开",
            "formed_on": timezone.localdate().isoformat(),
            "validity": "valid",
            "obligations": [ob.pk],
            "period": "2025-01-01",
            "release": "now",
        },
    )
    assert response.status_code == 302
    fulfilment = Publication.objects.get().fulfilments.get()
    assert (fulfilment.period_start, fulfilment.period_end) == (date(2025, 1, 1), date(2025, 3, 31))


def test_a_notice_item_needs_its_objection_channel(client, d, setup):
    ob = duty(d, "低保对象公示")
    client.force_login(setup["officer"])
    response = compose(client, ob, notice_from="2025-04-03", notice_until="2025-04-10", submit="1")
    assert response.status_code == 200 and "公示须写明异议渠道" in response.content.decode()
    assert not Publication.objects.exists()


def test_submit_then_approve_publishes_at_once_with_notices(
    client, d, setup, django_capture_on_commit_callbacks
):
    ob = duty(d, "社区财务公开")
    client.force_login(setup["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = compose(client, ob, submit="1")
    assert response.status_code == 302
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.SUBMITTED and pub.publish_on_approval
    notice = Notice.objects.get(recipient=setup["reviewer"])
    assert notice.kind == NoticeKind.REVIEW and pub.title in notice.text
    assert not Notice.objects.filter(recipient=setup["officer"]).exists()  # nobody is told of their own step

    client.force_login(setup["reviewer"])
    queue = client.get(reverse("publishing:review")).content.decode()
    assert pub.title in queue and 'class="bell-count"' in queue and "通过后立即发布" in queue
    assert not english(queue), english(queue)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publishing:review_step", args=[pub.pk, "approve"]), {"comment": ""})
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED
    assert [e.action for e in pub.events.order_by("id")] == ["create", "submit", "approve", "publish"]
    assert {n.kind for n in Notice.objects.filter(recipient=setup["officer"])} == {
        NoticeKind.APPROVED,
        NoticeKind.PUBLISHED,
    }
    ob.refresh_from_db()
    assert ob.next_due is not None  # the other past quarters are still to publish


def test_scheduled_release_chosen_at_submission(client, d, setup, django_capture_on_commit_callbacks):
    ob = duty(d, "社区财务公开")
    at = timezone.localtime() + timedelta(days=2)
    client.force_login(setup["officer"])
    compose(client, ob, submit="1", release="scheduled", publish_at=at.strftime("%Y-%m-%dT%H:%M"))
    pub = Publication.objects.get()
    client.force_login(setup["reviewer"])
    client.post(reverse("publishing:review_step", args=[pub.pk, "approve"]))
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.SCHEDULED and pub.publish_at is not None
    assert services.publish_due(now=pub.publish_at + timedelta(minutes=1)) == 1


def test_returned_with_a_comment_shows_on_the_desk(client, d, setup, django_capture_on_commit_callbacks):
    ob = duty(d, "社区财务公开")
    client.force_login(setup["officer"])
    compose(client, ob, submit="1")
    pub = Publication.objects.get()
    client.force_login(setup["reviewer"])
    empty = client.post(
        reverse("publishing:review_step", args=[pub.pk, "reject"]), {"comment": ""}, follow=True
    )
    assert "退回修改须填写意见" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publishing:review_step", args=[pub.pk, "reject"]), {"comment": "请补充支出明细"})
    client.force_login(setup["officer"])
    html = client.get(reverse("publishing:desk")).content.decode()
    returned = html.split('id="returned"')[1].split("</section>")[0]
    assert pub.title in returned and "请补充支出明细" in returned and "修改后重新提交" in returned
    assert Notice.objects.get(recipient=setup["officer"], kind=NoticeKind.RETURNED)
    # fixing and resubmitting from the same form
    response = client.post(
        reverse("publishing:edit", args=[pub.pk]),
        {
            "title": pub.title,
            "formed_on": "2025-04-03",
            "validity": "valid",
            "body": "<p>已补充支出明细。</p>",
            "obligations": [ob.pk],
            "release": "now",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.SUBMITTED and "支出明细" in pub.body


# -- notices ------------------------------------------------------------------------------------------------------
def test_instant_mail_goes_through_the_outbox_after_commit(d, setup, django_capture_on_commit_callbacks):
    reviewer = setup["reviewer"]
    reviewer.email = "reviewer@example.gov.cn"
    reviewer.save()
    NoticePreference.objects.create(
        user=reviewer, email_kinds=[NoticeKind.REVIEW], email_mode=EmailMode.INSTANT
    )
    pub = services.create_publication(
        user=setup["officer"], unit=d["c11"], title="测试信息", formed_on=date(2025, 4, 3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(user=setup["officer"], publication=pub)
    queued = OutgoingMail.objects.get(to="reviewer@example.gov.cn")
    assert "测试信息" in queued.subject
    assert [m.to for m in mail.outbox] == [["reviewer@example.gov.cn"]]


def test_digest_mode_sends_one_mail_a_day(d, setup, django_capture_on_commit_callbacks):
    reviewer = setup["reviewer"]
    reviewer.email = "reviewer@example.gov.cn"
    reviewer.save()
    for n in range(3):
        pub = services.create_publication(
            user=setup["officer"], unit=d["c11"], title=f"信息{n}", formed_on=date(2025, 4, 3)
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.submit(user=setup["officer"], publication=pub)
    assert not OutgoingMail.objects.exists()  # the default is the daily digest
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.email_digests() == 1
        assert notices.email_digests() == 0  # nothing new: no second mail
    digest = OutgoingMail.objects.get()
    assert "3 条" in digest.subject and all(f"信息{n}" in digest.body for n in range(3))


def test_the_bell_page_marks_read_and_saves_preferences(client, d, setup):
    officer = setup["officer"]
    notices.notify(kind=NoticeKind.DUE, user_ids=[officer.pk], text="社区财务公开即将到期", url="/workspace/")
    client.force_login(officer)
    assert notices.unread_count(officer) == 1
    html = client.get(reverse("publishing:notices")).content.decode()
    assert "社区财务公开即将到期" in html and not english(html)
    assert notices.unread_count(officer) == 0
    client.post(reverse("publishing:notices"), {"email_mode": "instant", "email_kinds": ["review", "due"]})
    pref = NoticePreference.objects.get(user=officer)
    assert pref.email_mode == "instant" and set(pref.email_kinds) == {"review", "due"}


def test_due_reminders_become_one_notice_a_day(d, setup):
    from publishing.models import Reminder

    officer = setup["officer"]
    for ob in Obligation.objects.filter(unit=d["c11"]):
        Reminder.objects.create(
            obligation=ob,
            period_start=date(2025, 1, 1),
            kind="overdue",
            recipient=officer,
            due_date=date(2025, 4, 10),
        )
    assert notices.due_notices() == 1
    assert notices.due_notices() == 0  # once a day
    notice = Notice.objects.get(recipient=officer, kind=NoticeKind.DUE)
    assert "2 项公开义务" in notice.text and notice.url == reverse("publishing:desk")
