"""Notices by SMS (issue 16, item 4): through the existing SMS backend, only where a gateway is configured,
only for the kinds a person chose and to the number they gave, at most one SMS per person per window with
the count of what waits, through the SMS outbox after the commit."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Role
from publishing import notices, services, sms
from publishing.models import Notice, NoticeKind, NoticePreference, OutgoingSMS
from tests.factories import member

pytestmark = pytest.mark.django_db

LOCMEM = "publishing.sms.LocmemBackend"
MOBILE = "13812345678"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def people(d):
    return {
        "officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "reviewer": member(Role.REVIEWER, d["c11"], "c11_reviewer"),
    }


def choose_sms(user, kinds, mobile=MOBILE):
    NoticePreference.objects.update_or_create(
        user=user, defaults={"mobile": mobile, "sms_kinds": list(kinds)}
    )


def returned_record(d, people, capture, title="社区财务公开（第一季度）"):
    """The officer drafts and submits; the reviewer returns it with a comment (signals run after commit)."""
    pub = services.create_publication(
        user=people["officer"], unit=d["c11"], title=title, formed_on=date(2025, 4, 3)
    )
    with capture(execute=True):
        pub = services.submit(user=people["officer"], publication=pub)
    with capture(execute=True):
        services.reject(user=people["reviewer"], publication=pub, comment="请补充支出明细")
    return pub


def test_a_returned_record_texts_its_author_once_when_chosen(
    d, people, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = LOCMEM
    choose_sms(people["officer"], [NoticeKind.RETURNED])
    returned_record(d, people, django_capture_on_commit_callbacks)
    assert [m.to for m in sms.outbox] == [MOBILE]
    assert "被退回修改" in sms.outbox[0].text and "社区财务公开" in sms.outbox[0].text
    row = OutgoingSMS.objects.get()
    assert row.sent_at is not None and row.recipient == people["officer"]
    assert Notice.objects.get(recipient=people["officer"], kind=NoticeKind.RETURNED).texted_at is not None
    # the sweep finds nothing more to send
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices() == 0
        assert sms.deliver_pending() == 0
    assert len(sms.outbox) == 1


def test_no_sms_for_a_kind_not_chosen(d, people, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = LOCMEM
    choose_sms(people["officer"], [NoticeKind.DUE])  # due soon only, not returned
    choose_sms(people["reviewer"], [])  # a number, no kinds
    returned_record(d, people, django_capture_on_commit_callbacks)
    assert Notice.objects.filter(recipient=people["officer"], kind=NoticeKind.RETURNED).exists()
    assert Notice.objects.filter(recipient=people["reviewer"], kind=NoticeKind.REVIEW).exists()
    assert sms.outbox == [] and not OutgoingSMS.objects.exists()


def test_no_sms_when_no_gateway_is_configured(d, people, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = None
    choose_sms(people["officer"], [NoticeKind.RETURNED])
    returned_record(d, people, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices() == 0
    assert sms.outbox == [] and not OutgoingSMS.objects.exists()
    # configured later, the waiting notice goes out with the next sweep (it is less than a day old)
    settings.SMS_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices() == 1
    assert [m.to for m in sms.outbox] == [MOBILE]


def test_a_digest_collapses_events_in_a_window_into_one_sms(
    d, people, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = LOCMEM
    settings.NOTICE_SMS_WINDOW_MINUTES = 60
    choose_sms(people["reviewer"], [NoticeKind.REVIEW])
    titles = [f"居务公开第{n}期" for n in range(1, 6)]
    for title in titles:  # five submissions, one after the other, each waiting for the reviewer
        pub = services.create_publication(
            user=people["officer"], unit=d["c11"], title=title, formed_on=date(2025, 4, 3)
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.submit(user=people["officer"], publication=pub)
    # the first went out at once; the four after it wait for the window to pass
    assert len(sms.outbox) == 1 and titles[0] in sms.outbox[0].text
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices() == 0
    later = timezone.now() + timedelta(minutes=61)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices(now=later) == 1
        assert notices.text_notices(now=later) == 0  # nothing left: no second SMS in this window
    assert len(sms.outbox) == 2
    digest = sms.outbox[1].text
    assert "4 条" in digest and "待我审核 4 条" in digest
    assert not any(t in digest for t in titles)  # a count, not a flood of titles
    assert Notice.objects.filter(recipient=people["reviewer"], texted_at__isnull=True).count() == 0


def test_events_of_one_step_make_one_sms_with_their_count(
    d, people, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = LOCMEM
    officer = people["officer"]
    choose_sms(officer, [NoticeKind.DUE, NoticeKind.RETURNED])
    with django_capture_on_commit_callbacks(execute=True):
        notices.notify(
            kind=NoticeKind.DUE, user_ids=[officer.pk], text="社区财务公开即将到期", url="/workspace/"
        )
        notices.notify(kind=NoticeKind.RETURNED, user_ids=[officer.pk], text="被退回修改：某信息", url="/")
    assert len(sms.outbox) == 1
    assert "2 条" in sms.outbox[0].text


def test_a_deactivated_account_gets_no_sms(d, people, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = LOCMEM
    officer = people["officer"]
    choose_sms(officer, [NoticeKind.DUE])
    notices.notify(kind=NoticeKind.DUE, user_ids=[officer.pk], text="社区财务公开即将到期", url="/workspace/")
    officer.is_active = False
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices() == 0
    assert sms.outbox == []


def test_a_notice_read_in_the_bell_is_not_texted(d, people, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = LOCMEM
    officer = people["officer"]
    choose_sms(officer, [NoticeKind.DUE])
    OutgoingSMS.objects.create(key="earlier", recipient=officer, to=MOBILE, text="之前的短信")  # window busy
    notices.notify(kind=NoticeKind.DUE, user_ids=[officer.pk], text="社区财务公开即将到期", url="/workspace/")
    Notice.objects.filter(recipient=officer).update(read_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.text_notices(now=timezone.now() + timedelta(hours=2)) == 0


def test_a_failed_send_stays_in_the_outbox_for_the_sweep(d, people, settings, monkeypatch):
    settings.SMS_BACKEND = LOCMEM
    row, created = sms.queue_sms(key="k1", to=MOBILE, text="测试", recipient_id=people["officer"].pk)
    assert created and not sms.queue_sms(key="k1", to=MOBILE, text="测试")[1]  # once per key

    def down(*args, **kwargs):
        raise ConnectionError("gateway down")

    monkeypatch.setattr(sms, "send_sms", down)
    with pytest.raises(ConnectionError):
        sms.deliver(row.pk)
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and "gateway down" in row.last_error
    monkeypatch.undo()
    settings.SMS_BACKEND = LOCMEM
    assert sms.deliver_pending() == 1
    assert [m.to for m in sms.outbox] == [MOBILE]


# -- the preferences page -------------------------------------------------------------------------------------
def test_the_page_offers_sms_only_with_a_gateway_and_validates_the_number(client, d, people, settings):
    officer = people["officer"]
    client.force_login(officer)
    settings.SMS_BACKEND = None
    html = client.get(reverse("publishing:notices")).content.decode()
    assert "尚未开通短信网关" in html and 'name="mobile"' not in html
    settings.SMS_BACKEND = LOCMEM
    html = client.get(reverse("publishing:notices")).content.decode()
    assert 'name="mobile"' in html and 'value="approved"' in html  # e-mail offers every kind
    defaults = set(re.findall(r'name="email_kinds" value="(\w+)"[^>]*checked', html))
    assert defaults == set(notices.DEFAULT_EMAIL_KINDS)  # who never chose sees what they get
    assert "号码：" in html  # Chinese label punctuation
    assert html.count('name="sms_kinds"') == len(notices.SMS_KINDS)  # SMS: only what asks for action
    assert 'name="sms_kinds" value="foi"' in html and 'name="sms_kinds" value="approved"' not in html
    bad = client.post(
        reverse("publishing:notices"),
        {"email_mode": "digest", "mobile": "1234", "sms_kinds": ["returned"]},
    )
    assert bad.status_code == 200 and "11位手机号码" in bad.content.decode()
    missing = client.post(reverse("publishing:notices"), {"email_mode": "digest", "sms_kinds": ["returned"]})
    assert "请填写接收短信的手机号码" in missing.content.decode()
    assert not NoticePreference.objects.filter(user=officer).exists()
    client.post(
        reverse("publishing:notices"),
        {"email_mode": "digest", "mobile": "+86 138-1234-5678", "sms_kinds": ["returned", "due"]},
    )
    pref = NoticePreference.objects.get(user=officer)
    assert pref.mobile == MOBILE and set(pref.sms_kinds) == {"returned", "due"}


def test_the_number_is_shown_to_no_one_else(client, d, people, settings, admin_user):
    settings.SMS_BACKEND = LOCMEM
    choose_sms(people["officer"], [NoticeKind.RETURNED])
    client.force_login(people["reviewer"])
    assert MOBILE not in client.get(reverse("publishing:notices")).content.decode()
    client.force_login(admin_user)
    for url in ("/admin/", reverse("publishing:desk"), reverse("publishing:review")):
        response = client.get(url)
        assert MOBILE not in response.content.decode(), url
    assert sms.mask_phone(MOBILE) == "138****5678"
