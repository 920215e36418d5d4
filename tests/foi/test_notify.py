"""foi/notify.py: the applicant is told of every change of state, once, by the channel they chose.

One request's whole life (submitted → received → 补正 → corrected online → consultation → extension → reply)
leaves exactly one outbox row per state change; retrying the delivery task, the sweep, queueing the same event
again or a transition whose transaction failed and was run again adds none."""

from datetime import date

import pytest
from django.core import mail

from core.models import OutgoingMail
from core.tasks import deliver_mail, deliver_pending_mail
from foi import notify, services
from foi.models import DisclosureRequest, Event, Status

pytestmark = pytest.mark.django_db

#: The steps that change what the applicant should know, in the order of the life below.
TOLD = ["submit", "receive", "correction", "corrected", "consult", "extend", "reply"]


@pytest.fixture
def life(d, officer, reviewer, applicant, django_capture_on_commit_callbacks):
    """Run a request through its life with the on-commit callbacks (the deliveries) executed."""

    def run(*, notify_by="email", delivery="online", until="reply"):
        def step(fn, **kw):
            with django_capture_on_commit_callbacks(execute=True):
                return fn(**kw)

        req, _secret = step(
            services.submit_online,
            unit=d["dept"],
            applicant=applicant,
            description="2025年学区划分方案的会议纪要",
            form="electronic",
            delivery=delivery,
            notify_by=notify_by,
        )
        DisclosureRequest.objects.filter(pk=req.pk).update(submitted_at=req.submitted_at.replace(2025, 9, 1))
        req = step(services.confirm_receipt, user=officer, request=req, on=date(2025, 9, 2))
        req = step(
            services.request_correction,
            user=officer,
            request=req,
            on=date(2025, 9, 3),
            text="请写明会议的名称和大致时间。",
            deadline=date(2025, 9, 20),
        )
        req = step(
            services.supply_correction, request=req, text="2025年第3次局长办公会议", on=date(2025, 9, 5)
        )
        if until == "corrected":
            return req
        consultation = step(
            services.start_consultation,
            user=officer,
            request=req,
            third_party="某培训学校",
            sent_on=date(2025, 9, 8),
        )
        step(services.end_consultation, user=officer, consultation=consultation, replied_on=date(2025, 9, 12))
        req = step(
            services.extend,
            user=officer,
            request=req,
            on=date(2025, 9, 15),
            days=10,
            approver="李主任",
            reason="需要调取历年档案",
        )
        step(services.review_secrecy, user=reviewer, request=req, approved=True)
        req = step(
            services.reply,
            user=officer,
            request=req,
            on=date(2025, 9, 30),
            result="public",
            text="现提供会议纪要。",
        )
        return req

    return run


def _notices(req):
    return OutgoingMail.objects.filter(key__startswith=f"{notify.NOTICE}{req.pk}:").order_by("id")


def test_one_row_per_state_change_by_mail_and_every_one_sent(life, applicant):
    req = life()
    rows = list(_notices(req))
    told = list(Event.objects.filter(request=req, action__in=TOLD).order_by("id"))
    assert [e.action for e in told] == TOLD
    assert [r.key for r in rows] == [notify.notice_key(e) for e in told]  # one each, in order
    assert all(r.to == applicant.email and r.sent_at for r in rows)
    assert len(mail.outbox) == len(TOLD)
    bodies = {e.action: r.body for e, r in zip(told, rows, strict=True)}
    subjects = {e.action: r.subject for e, r in zip(told, rows, strict=True)}
    assert "请写明会议的名称和大致时间" in bodies["correction"] and "2025年9月20日" in bodies["correction"]
    assert "网上补正" in bodies["correction"]
    assert "需要调取历年档案" in bodies["extend"] and "10个工作日" in bodies["extend"]
    req.refresh_from_db()
    assert f"{req.due_date.year}年{req.due_date.month}月{req.due_date.day}日" in subjects["extend"]
    assert "已办结" in subjects["reply"] and "予以公开" in bodies["reply"]
    for body in bodies.values():
        assert req.tracking_code_display in body and applicant.id_number not in body


def test_the_received_and_corrected_notices_give_the_due_dates(life):
    req = life(until="corrected")
    received, corrected = (
        _notices(req).get(key__endswith=":receive").body,
        _notices(req).get(key__endswith=":corrected").body,
    )
    first = services.clock.reply_due(received=date(2025, 9, 2)).due_date
    again = services.clock.reply_due(received=date(2025, 9, 2), correction_received=date(2025, 9, 5)).due_date
    assert f"{first.year}年{first.month}月{first.day}日" in received
    assert f"{again.year}年{again.month}月{again.day}日" in corrected and again != first


def test_retried_deliveries_queueing_again_and_the_sweep_add_nothing(life):
    req = life()
    keys = list(_notices(req).values_list("key", flat=True))
    sent = len(mail.outbox)
    for row in _notices(req):
        assert deliver_mail(row.pk) is True  # the retried task finds it sent
    assert deliver_pending_mail() == 0
    for event in Event.objects.filter(request=req, public=True):
        notify.notify_applicant(event)  # the same event queued again
    assert list(_notices(req).values_list("key", flat=True)) == keys
    assert len(mail.outbox) == sent


def test_a_transition_retried_after_its_transaction_failed_is_told_once(
    d, officer, applicant, monkeypatch, django_capture_on_commit_callbacks
):
    req, _secret = services.submit_online(
        unit=d["dept"],
        applicant=applicant,
        description="学区划分",
        form="electronic",
        delivery="online",
        notify_by="email",
    )
    real = services.notify_applicant

    def then_crash(event):
        real(event)
        raise ConnectionError("worker lost mid-transaction")

    monkeypatch.setattr(services, "notify_applicant", then_crash)
    with pytest.raises(ConnectionError):
        services.confirm_receipt(user=officer, request=req, on=date.today())
    assert not _notices(req).filter(key__endswith=":receive").exists()
    assert DisclosureRequest.objects.get(pk=req.pk).status == Status.SUBMITTED
    monkeypatch.setattr(services, "notify_applicant", real)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_receipt(user=officer, request=req, on=date.today())  # the task's retry
    assert _notices(req).filter(key__endswith=":receive").count() == 1
    with pytest.raises(Exception):  # noqa: B017 - a third run is refused by the state, not told again
        services.confirm_receipt(user=officer, request=req, on=date.today())
    assert _notices(req).filter(key__endswith=":receive").count() == 1


def test_a_reply_by_email_is_told_by_the_letter_itself(life):
    req = life(delivery="email")
    assert not _notices(req).filter(key__endswith=":reply").exists()
    letters = OutgoingMail.objects.filter(key=services.letter_mail_key(req))
    assert letters.count() == 1 and letters.get().sent_at


def test_the_status_page_only_sends_nothing(life):
    req = life(notify_by="page")
    assert not OutgoingMail.objects.filter(key__contains=f":{req.pk}:").exists()
    assert Event.objects.filter(request=req, action__in=TOLD).count() == len(TOLD)  # the page still shows all


def test_by_sms_where_a_gateway_is_configured(settings, life, applicant):
    from publishing import sms
    from publishing.models import OutgoingSMS

    settings.SMS_BACKEND = "publishing.sms.LocmemBackend"
    sms.outbox.clear()
    req = life(notify_by="sms", until="corrected")
    rows = OutgoingSMS.objects.filter(key__startswith=f"{notify.NOTICE}{req.pk}:")
    assert rows.count() == 4 and all(r.to == applicant.phone and r.sent_at for r in rows)
    assert len(sms.outbox) == 4 and not mail.outbox
    assert all(req.tracking_code_display in m.text and len(m.text) <= 500 for m in sms.outbox)
    assert "需要补正" in sms.outbox[2].text and "2025-09-20" in sms.outbox[2].text


def test_sms_is_refused_without_a_gateway(settings, d, applicant):
    from django.core.exceptions import ValidationError

    settings.SMS_BACKEND = None
    with pytest.raises(ValidationError, match="短信"):
        services.submit_online(
            unit=d["dept"],
            applicant=applicant,
            description="学区",
            form="electronic",
            delivery="online",
            notify_by="sms",
        )
