"""Handling a request through the services: intake, the clock's events, permissions, replies, fees, appeals."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from foi import clock, services
from foi.categories import fee_for
from foi.models import AccessLog, DisclosureRequest, Event, Status
from organizations.models import Role
from tests.factories import member

from .test_clock import independent_due


@pytest.mark.django_db
def test_offline_intake_sets_the_due_date_and_explains_the_receipt_rule(make_request):
    req = make_request(date(2025, 9, 26), channel="letter")
    assert req.status == Status.RECEIVED
    assert req.due_date == independent_due(date(2025, 9, 26), 20)
    assert "签收" in req.receipt_note
    assert req.reference.startswith("WS2025-")


@pytest.mark.django_db
def test_online_request_is_received_when_the_office_confirms(d, officer, applicant):
    req, secret = services.submit_online(
        unit=d["dept"], applicant=applicant, description="学区划分图", form="electronic", delivery="online"
    )
    assert req.status == Status.SUBMITTED and req.received_on is None and req.due_date is None
    assert services.secret_matches(req, secret) and not services.secret_matches(req, secret + "x")
    assert secret not in req.secret_hash
    req.submitted_at = req.submitted_at.replace(year=2025, month=9, day=20)
    req.save()
    req = services.confirm_receipt(user=officer, request=req, on=date(2025, 9, 26))
    assert req.due_date == date(2025, 10, 30)


@pytest.mark.django_db
def test_correction_runs_afresh_and_only_once(make_request, officer):
    req = make_request(date(2026, 1, 28))
    with pytest.raises(ValidationError, match="7个工作日"):
        services.request_correction(
            user=officer, request=req, on=date(2026, 2, 27), text="请明确文件名称", deadline=date(2026, 3, 13)
        )
    req = services.request_correction(
        user=officer, request=req, on=date(2026, 2, 2), text="请明确文件名称", deadline=date(2026, 2, 20)
    )
    assert req.status == Status.CORRECTION
    with pytest.raises(ValidationError):
        services.reply(user=officer, request=req, on=date(2026, 2, 3), result="public", text="x")
    req = services.receive_correction(user=officer, request=req, on=date(2026, 2, 12))
    assert req.due_date == independent_due(date(2026, 2, 12), 20)
    with pytest.raises(ValidationError):
        services.request_correction(
            user=officer, request=req, on=date(2026, 2, 13), text="再补", deadline=date(2026, 3, 1)
        )


@pytest.mark.django_db
def test_abandonment_after_the_correction_deadline(make_request, officer):
    req = make_request(date(2025, 3, 3))
    services.request_correction(
        user=officer, request=req, on=date(2025, 3, 5), text="请补充身份证明", deadline=date(2025, 3, 20)
    )
    with pytest.raises(ValidationError, match="尚未届满"):
        services.abandon(user=officer, request=req, on=date(2025, 3, 20))
    req = services.abandon(user=officer, request=req, on=date(2025, 3, 21))
    assert (req.result, req.result_reason, req.status) == ("other", 1, Status.CLOSED)


@pytest.mark.django_db
def test_consultation_and_extension_move_the_due_date(make_request, officer):
    received = date(2025, 9, 15)
    req = make_request(received)
    consultation = services.start_consultation(
        user=officer, request=req, third_party="某公司", sent_on=date(2025, 9, 22)
    )
    assert DisclosureRequest.objects.get(pk=req.pk).status == Status.CONSULTING
    services.end_consultation(
        user=officer, consultation=consultation, replied_on=date(2025, 10, 14), opinion="不同意"
    )
    req.refresh_from_db()
    pause = ((date(2025, 9, 22), date(2025, 10, 14)),)
    assert req.status == Status.RECEIVED and req.due_date == independent_due(received, 20, pause)
    with pytest.raises(ValidationError):
        services.extend(
            user=officer, request=req, on=date(2025, 10, 20), days=21, approver="李主任", reason="量大"
        )
    req = services.extend(
        user=officer, request=req, on=date(2025, 10, 20), days=20, approver="李主任", reason="量大"
    )
    assert req.due_date == independent_due(received, 40, pause)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.extend(
            user=officer, request=req, on=date(2025, 10, 21), days=1, approver="李主任", reason="再延"
        )


@pytest.mark.django_db
def test_transfer_keeps_the_clock(d, make_request, officer, street_officer):
    req = make_request(date(2025, 9, 26))
    due = req.due_date
    req = services.transfer(user=officer, request=req, to_unit=d["s1"], reason="信息由街道掌握")
    assert req.unit == d["s1"] and req.due_date == due and req.received_on == date(2025, 9, 26)
    # the new unit's officer handles it; the old one no longer may
    services.request_correction(
        user=street_officer, request=req, on=date(2025, 9, 29), text="请说明", deadline=date(2025, 10, 20)
    )
    with pytest.raises(PermissionDenied):
        services.receive_correction(user=officer, request=req, on=date(2025, 10, 13))


@pytest.mark.django_db
def test_other_units_cannot_touch_a_request(d, make_request):
    req = make_request(date(2025, 5, 6))
    stranger = member(Role.OFFICER, d["s2"], "stranger")
    with pytest.raises(PermissionDenied):
        services.reply(user=stranger, request=req, on=date(2025, 5, 7), result="public", text="x")
    assert not DisclosureRequest.objects.visible_to(stranger).exists()
    assert DisclosureRequest.objects.visible_to(member(Role.OFFICE, d["gov"], "office_x")).count() == 1


@pytest.mark.django_db
def test_disclosure_needs_a_secrecy_review_by_someone_else(make_request, officer, reviewer):
    req = make_request(date(2025, 5, 6))
    with pytest.raises(ValidationError, match="保密审查"):
        services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    with pytest.raises(PermissionDenied):
        services.review_secrecy(user=officer, request=req, approved=True)  # officers do not review
    services.review_secrecy(user=reviewer, request=req, approved=True, note="不涉密")
    with pytest.raises(ValidationError, match="具体情形"):
        services.reply(
            user=officer, request=req, on=date(2025, 5, 20), result="withheld", reason=99, text="x"
        )
    req = services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    assert req.outcome == "予以公开" and req.status == Status.CLOSED
    labels = list(Event.objects.filter(request=req, public=True).values_list("label", flat=True))
    assert labels[-1] == "办结：予以公开"
    assert not Event.objects.filter(request=req, public=True, action="secrecy").exists()


def test_fee_bands_of_guo_ban_han_2020_109():
    assert [fee_for(n) for n in (1, 10, 11, 30, 31, 40, 41, 50, 51)] == [
        0,
        0,
        100,
        100,
        200,
        200,
        300,
        300,
        400,
    ]


@pytest.mark.django_db
def test_fee_is_computed_per_applicant_per_month_and_unpaid_ends_as_other_2(make_request, officer):
    reqs = [make_request(date(2025, 6, 2)) for _ in range(11)]
    assert [r.fee_amount for r in reqs] == [0] * 10 + [100]
    other_month = make_request(date(2025, 7, 1))
    assert other_month.fee_amount == 0
    with pytest.raises(ValidationError):
        services.notify_fee(user=officer, request=reqs[0], on=date(2025, 6, 3), deadline=date(2025, 7, 1))
    req = services.notify_fee(user=officer, request=reqs[-1], on=date(2025, 6, 3), deadline=date(2025, 7, 1))
    assert req.status == Status.FEE
    # the time from the notice on does not count until paid
    assert req.due_date > independent_due(date(2025, 6, 2), 20)
    req = services.close_unpaid(user=officer, request=req, on=date(2025, 7, 2))
    assert (req.result, req.result_reason) == ("other", 2)


@pytest.mark.django_db
def test_appeals_are_recorded_and_decided(make_request, officer, reviewer):
    req = make_request(date(2025, 5, 6))
    services.reply(
        user=officer, request=req, on=date(2025, 5, 20), result="withheld", reason=4, text="涉及第三方"
    )
    appeal = services.record_appeal(user=officer, request=req, kind="review", filed_on=date(2025, 6, 1))
    with pytest.raises(ValidationError):
        services.decide_appeal(user=officer, appeal=appeal, outcome="pending", decided_on=date(2025, 7, 1))
    services.decide_appeal(user=officer, appeal=appeal, outcome="corrected", decided_on=date(2025, 7, 1))
    from foi import selectors

    assert selectors.corrected_on_appeal(req.unit, date(2025, 1, 1), date(2025, 12, 31)) == 1
    assert selectors.corrected_on_appeal(req.unit, date(2026, 1, 1), date(2026, 12, 31)) == 0


@pytest.mark.django_db
def test_on_time_rate_counts_late_and_overdue_requests(d, make_request, officer, reviewer):
    on_time = make_request(date(2025, 9, 26))
    late = make_request(date(2025, 9, 26))
    make_request(date(2025, 9, 26))  # never answered: overdue by the period's end
    for r in (on_time, late):
        services.review_secrecy(user=reviewer, request=r, approved=True)
    services.reply(user=officer, request=on_time, on=date(2025, 10, 30), result="public", text="x")
    services.reply(user=officer, request=late, on=date(2025, 10, 31), result="public", text="x")
    from foi import selectors

    assert selectors.on_time_reply_rate(d["dept"], date(2025, 1, 1), date(2025, 12, 31)) == (1, 3)


@pytest.mark.django_db
def test_release_to_public_goes_through_publishing(make_request, officer, reviewer):
    from publishing.models import Publication, PublicationStatus

    req = make_request(date(2025, 5, 6))
    with pytest.raises(ValidationError):
        services.release_to_public(user=officer, request=req, title="学区划分方案", body="正文")
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    pub = services.release_to_public(user=officer, request=req, title="学区划分方案", body="正文")
    assert pub.status == PublicationStatus.DRAFT and pub.unit == req.unit
    assert "张三" not in Publication.objects.get(pk=pub.pk).body
    assert DisclosureRequest.objects.get(pk=req.pk).publication_id == pub.pk


@pytest.mark.django_db
def test_access_is_logged_and_needs_view_permission(d, make_request, officer):
    req = make_request(date(2025, 5, 6))
    services.log_access(user=officer, request=req, where="测试")
    assert AccessLog.objects.filter(request=req, user=officer).count() == 1
    with pytest.raises(PermissionDenied):
        services.log_access(user=member(Role.SUPERVISOR, d["gov"], "sup"), request=req, where="x")


@pytest.mark.django_db
def test_hostile_input_is_refused(d, officer, applicant):
    from dataclasses import replace

    with pytest.raises(ValidationError):
        services.submit_online(
            unit=d["dept"], applicant=applicant, description="x" * 5001, form="electronic", delivery="online"
        )
    with pytest.raises(ValidationError):
        services.submit_online(
            unit=d["dept"],
            applicant=replace(applicant, phone="", email="", address=""),
            description="学区",
            form="electronic",
            delivery="online",
        )
    with pytest.raises(ValidationError):
        services.register(
            user=officer,
            unit=d["dept"],
            channel="letter",
            received_on=date(2099, 1, 1),
            applicant=applicant,
            description="学区",
            form="electronic",
            delivery="online",
        )
    with pytest.raises(ValidationError):
        services.submit_online(
            unit=d["dept"],
            applicant=replace(applicant, applicant_type="alien"),
            description="学区",
            form="electronic",
            delivery="online",
        )
    assert DisclosureRequest.objects.count() == 0
    assert clock.MAX_EXTENSION_WORKDAYS == 20


@pytest.mark.django_db
def test_reply_letter_is_emailed_once_when_chosen(
    make_request, officer, reviewer, django_capture_on_commit_callbacks
):
    from django.core import mail

    from foi import tasks

    req = make_request(date(2025, 5, 6))  # delivery: email, zhangsan@example.com
    services.review_secrecy(user=reviewer, request=req, approved=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangsan@example.com"] and message.attachments[0][2] == "application/pdf"
    assert tasks.deliver_letter.delay(req.pk).get() is False  # a retried task sends nothing again
    assert len(mail.outbox) == 1
    assert Event.objects.filter(request=req, action="delivered", public=True).count() == 1


@pytest.mark.django_db
def test_posted_or_picked_up_reply_is_recorded_once_after_the_reply(make_request, officer, reviewer, d):
    """条例 第二十九条: the applicant chose post; the officer records the posting (with the tracking number, kept
    off the public steps) once, not before the reply and not by another unit."""
    req = make_request(date(2025, 5, 6))
    DisclosureRequest.objects.filter(pk=req.pk).update(delivery="post")
    req.refresh_from_db()
    with pytest.raises(ValidationError, match="不能登记答复书送达"):
        services.record_delivery(user=officer, request=req, on=date(2025, 5, 20), note="SF1234567890")
    services.review_secrecy(user=reviewer, request=req, approved=True, note="不涉密")
    req = services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    with pytest.raises(ValidationError, match="邮寄单号"):
        services.record_delivery(user=officer, request=req, on=date(2025, 5, 21))
    with pytest.raises(ValidationError, match="不能早于"):
        services.record_delivery(user=officer, request=req, on=date(2025, 5, 19), note="SF1234567890")
    with pytest.raises(PermissionDenied):
        services.record_delivery(
            user=member(Role.OFFICER, d["s2"], "post_stranger"), request=req, on=date(2025, 5, 21), note="SF1"
        )
    services.record_delivery(user=officer, request=req, on=date(2025, 5, 21), note="SF1234567890")
    event = Event.objects.get(request=req, action="delivered")
    assert event.label == "答复书已邮寄" and event.comment == "SF1234567890" and event.actor == officer
    with pytest.raises(ValidationError, match="已登记"):
        services.record_delivery(user=officer, request=req, on=date(2025, 5, 22), note="SF1234567890")

    online = make_request(date(2025, 5, 6), description="另一份文件")
    services.review_secrecy(user=reviewer, request=online, approved=True, note="不涉密")
    online = services.reply(
        user=officer, request=online, on=date(2025, 5, 20), result="public", text="见附件"
    )
    with pytest.raises(ValidationError, match="无需登记"):
        services.record_delivery(user=officer, request=online, on=date(2025, 5, 21), note="x")


# -- the applicant's side (issue 23): 补正 online, released files, the password re-sent, receiving bodies ----
@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _in_correction(make_request, officer, received, notice, deadline):
    req = make_request(received)
    return services.request_correction(
        user=officer, request=req, on=notice, text="请写明会议名称和大致时间。", deadline=deadline
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "notice", "supplied"),
    [
        # 2025: the correction arrives on the Friday before National Day; 9-28 (Sun) and 10-11 (Sat) are worked
        (date(2025, 9, 15), date(2025, 9, 17), date(2025, 9, 26)),
        # 2026: it arrives the Friday before the Spring Festival; 2-14 (Sat) and 2-28 (Sat) are worked
        (date(2026, 2, 2), date(2026, 2, 4), date(2026, 2, 13)),
    ],
)
def test_a_correction_supplied_online_restarts_the_clock(make_request, officer, received, notice, supplied):
    req = _in_correction(make_request, officer, received, notice, supplied.replace(day=28))
    before = req.due_date
    req = services.supply_correction(request=req, text="2025年第3次局长办公会议纪要", on=supplied)
    assert req.status == Status.RECEIVED and req.correction_received_on == supplied
    assert req.due_date == independent_due(supplied, 20)  # afresh from the correction, not a pause
    assert req.due_date != before and req.due_date > independent_due(received, 20)
    step = Event.objects.get(request=req, action="corrected")
    assert step.public and req.due_date.isoformat() in step.label and supplied.isoformat() in step.label
    # the officer cannot register a second correction: the request is no longer waiting for one
    with pytest.raises(ValidationError):
        services.supply_correction(request=req, text="again", on=supplied)


@pytest.mark.django_db
def test_a_correction_keeps_what_was_typed_and_the_files(make_request, officer, _media_in_tmp):
    from foi.models import AttachmentStage
    from tests.security.conftest import pdf_bytes, upload

    req = _in_correction(make_request, officer, date(2025, 9, 15), date(2025, 9, 17), date(2025, 9, 30))
    hostile = "<script>alert(1)</script>会议纪要"
    req = services.supply_correction(
        request=req, text=hostile, attachments=[upload("身份证.pdf", pdf_bytes())], on=date(2025, 9, 19)
    )
    assert req.correction_reply == hostile  # stored as typed; every page escapes it
    files = req.attachments.filter(stage=AttachmentStage.CORRECTION)
    assert files.count() == 1 and files.get().content_type == "application/pdf"


@pytest.mark.django_db
def test_a_refused_correction_writes_nothing(make_request, officer, _media_in_tmp):
    from tests.security.conftest import pdf_bytes, upload

    req = _in_correction(make_request, officer, date(2025, 9, 15), date(2025, 9, 17), date(2025, 9, 30))
    events = Event.objects.filter(request=req).count()
    lying = upload("补正.pdf", b"<html><script>alert(1)</script></html>")
    for kwargs, match in [
        ({"text": "长" * (services.MAX_CORRECTION_TEXT + 1)}, "不能超过"),
        ({"text": "见附件", "attachments": [lying]}, "只接受"),
        ({"text": "见附件", "attachments": [upload(f"{n}.pdf", pdf_bytes()) for n in range(6)]}, "最多"),
        ({"text": "   "}, "请填写补正内容"),
        ({"text": "a\x00b"}, "非法字符"),
    ]:
        with pytest.raises(ValidationError, match=match):
            services.supply_correction(request=req, on=date(2025, 9, 19), **kwargs)
    req.refresh_from_db()
    assert req.status == Status.CORRECTION and req.correction_received_on is None and not req.correction_reply
    assert Event.objects.filter(request=req).count() == events and not req.attachments.exists()


@pytest.mark.django_db
def test_released_files_are_checked_and_only_for_a_disclosing_reply(
    make_request, officer, street_officer, _media_in_tmp
):
    from foi.models import AttachmentStage
    from tests.security.conftest import pdf_bytes, upload

    req = make_request(date(2025, 9, 15))
    with pytest.raises(ValidationError):
        services.add_released_document(user=officer, request=req, upload=upload("纪要.pdf", b"%PDF-<html>"))
    doc = services.add_released_document(
        user=officer, request=req, upload=upload("会议纪要.pdf", pdf_bytes())
    )
    assert doc.stage == AttachmentStage.RELEASED and not Event.objects.get(action="release_file").public
    with pytest.raises(PermissionDenied):  # another unit's officer
        services.add_released_document(user=street_officer, request=req, upload=upload("b.pdf", pdf_bytes()))
    refused = make_request(date(2025, 9, 16), description="另一份")
    services.reply(
        user=officer, request=refused, on=date(2025, 9, 20), result="unavailable", reason=1, text="不掌握"
    )
    with pytest.raises(ValidationError, match="予以公开或部分公开"):
        services.add_released_document(user=officer, request=refused, upload=upload("c.pdf", pdf_bytes()))


@pytest.mark.django_db
def test_the_password_is_reissued_only_to_the_contact_on_record(
    make_request, applicant, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from foi import access

    req = make_request(date(2025, 9, 15))
    old_hash = req.secret_hash
    assert services.reissue_secret(request=req, contact="someone@example.com") is False
    assert services.reissue_secret(request=req, contact="13800000000") is False  # no SMS gateway here
    req.refresh_from_db()
    assert req.secret_hash == old_hash and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reissue_secret(request=req, contact=" ZhangSan@Example.com ") is True
    req.refresh_from_db()
    assert req.secret_hash != old_hash
    (message,) = mail.outbox
    assert message.to == [applicant.email]
    new = re.search(r"新的查询密码：([A-Z0-9-]+)", message.body).group(1)
    assert access.find(req.tracking_code, new) == req
    assert not Event.objects.get(request=req, action="password").public
    from core.models import OutgoingMail

    row = OutgoingMail.objects.get(to=applicant.email, sent_at__isnull=False, subject=message.subject)
    assert new not in row.body and "已从发件记录中删除" in row.body  # no copy of the password is kept

    settings.SMS_BACKEND = "publishing.sms.LocmemBackend"
    from publishing import sms

    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reissue_secret(request=req, contact="+86 138-0000-0000") is True
    assert len(sms.outbox) == 1 and sms.outbox[0].to == applicant.phone
    from publishing.models import OutgoingSMS

    sent = OutgoingSMS.objects.get(to=applicant.phone, sent_at__isnull=False)
    assert "查询密码" not in sent.text.replace("含查询密码", "") and "已从发件记录中删除" in sent.text
    assert access.find(req.tracking_code, new) is None  # the mailed one no longer works


@pytest.mark.django_db
def test_communities_and_villages_receive_no_request(d, applicant):
    from organizations.models import UnitKind
    from tests.factories import UnitFactory

    village = UnitFactory(name="某村村委会", code="D-S2-V", kind=UnitKind.VILLAGE, parent=d["s2"])
    for unit in (d["c11"], village):
        with pytest.raises(ValidationError, match="居委会、村委会"):
            services.submit_online(
                unit=unit, applicant=applicant, description="低保名单", form="electronic", delivery="online"
            )
    assert not DisclosureRequest.objects.exists()
    req, _secret = services.submit_online(
        unit=d["s1"], applicant=applicant, description="低保名单", form="electronic", delivery="online"
    )
    assert req.unit == d["s1"]


@pytest.mark.django_db
def test_the_id_number_is_checked_by_the_service_too(d, applicant):
    from dataclasses import replace

    for wrong in (
        replace(applicant, id_number="330105199001011234"),  # the check digit is 3
        replace(applicant, id_type="credit_code"),  # a person with an organisation's code
        replace(applicant, id_type="passport", id_number="护照"),
    ):
        with pytest.raises(ValidationError):
            services.submit_online(
                unit=d["dept"], applicant=wrong, description="学区", form="electronic", delivery="online"
            )
    req, _secret = services.submit_online(
        unit=d["dept"],
        applicant=replace(applicant, id_number="330105 19900101 1233"),
        description="学区",
        form="electronic",
        delivery="online",
    )
    assert req.id_number == "330105199001011233"
