"""A posting's life (issue 25 part 1, must show): a board set up by the community's officer, the 低保 record posted
with its printed sheet (hashed) and the period of its item (7 个工作日 over 春节, counted here with
`chinese_calendar`), a photo, an objection during the period, its handling, and a re-posting that supersedes the
posting after the online record changed; the append-only history; the scoping, privacy and upload rules."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from boards import selectors, services
from boards.models import Board, Channel, Objection, Posting, PostingEvent, PostingPeriod, Result
from publishing.models import Publication
from tests.append_only import assert_append_only

from .conftest import POSTED, image

pytestmark = pytest.mark.django_db


def working(posted: date, n: int) -> date:
    day, counted = posted, 0
    while counted < n:
        day += timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return day


def test_a_postings_life(world, board, record):
    officer = world["c11_officer"]
    posting = services.post(
        user=officer, publication=record, board=board, posted_on=POSTED, photo=image(), photo_confirmed=True
    )
    # the period of the item's own words (公示7个工作日), stored for the item, the last day over 春节
    assert (posting.days, posting.workdays) == (7, True)
    assert posting.ends_on == working(POSTED, 7)
    rule = PostingPeriod.objects.get(item__name="低保拟确认对象公示")
    assert (rule.days, rule.workdays, rule.derived) == (7, True, True)
    # the sheet: a PDF whose stored hash is the hash of its bytes
    data = posting.sheet.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == posting.sheet_sha256
    assert posting.photo_posted.name.endswith(".jpg")
    assert selectors.state(posting, POSTED) == f"公示中，至 {posting.ends_on}"
    assert selectors.posting_lines(record) == [
        f"已在公开栏张贴：卖鱼桥社区居务公开栏，公示期至 {posting.ends_on}"
    ]

    # an objection during the period, founded: the record is corrected online
    objection = services.record_objection(
        user=officer, posting=posting, received_on=POSTED + timedelta(days=1), channel=Channel.VISIT,
        content="张某某家庭人口应为4人。",
    )  # fmt: skip
    assert selectors.desk_section(officer, "", POSTED).counts[2].count == 1
    services.handle_objection(
        user=officer,
        objection=objection,
        handling="入户核实，家庭人口为4人，已更正。",
        result=Result.CORRECTED,
    )
    Publication.objects.filter(pk=record.pk).update(body=record.body.replace("3人", "4人"))
    posting.refresh_from_db()
    assert selectors.changed_online(posting)
    assert selectors.state(posting, POSTED) == "线上已变更，需重新张贴"
    assert [p.pk for p in selectors.needs_reposting(officer)] == [posting.pk]

    again = services.repost(user=officer, posting=posting, posted_on=date(2026, 3, 2))
    posting.refresh_from_db()
    assert again.supersedes == posting and posting.taken_down_on == date(2026, 3, 2)
    assert again.ends_on == working(date(2026, 3, 2), 7) and not selectors.changed_online(again)
    assert again.sheet_sha256 != posting.sheet_sha256
    assert selectors.state(posting, date(2026, 3, 2)) == "已被重新张贴替代"
    assert selectors.needs_reposting(officer) == []
    assert selectors.posting_lines(record) == [
        f"已在公开栏张贴：卖鱼桥社区居务公开栏，公示期至 {again.ends_on}"
    ]

    # the end: a photo, taken down after the period
    services.take_down(
        user=officer,
        posting=again,
        on=again.ends_on + timedelta(days=1),
        photo=image("PNG", "end.png"),
        confirmed=True,
    )
    again.refresh_from_db()
    assert again.photo_end.name.endswith(".png") and selectors.posting_lines(record) == []
    actions = list(PostingEvent.objects.filter(board=board).values_list("action", flat=True))
    assert actions == ["set_up", "post", "objection", "handle", "repost", "superseded", "take_down"]
    assert_append_only(PostingEvent.objects.first(), "公开栏记录", note="改写")


def test_an_objection_outside_the_period_is_refused(world, board, record):
    posting = services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)
    with pytest.raises(ValidationError):
        services.record_objection(
            user=world["c11_officer"], posting=posting, received_on=posting.ends_on + timedelta(days=1),
            channel=Channel.PHONE, content="迟到的异议",
        )  # fmt: skip
    assert not Objection.objects.exists()


def test_a_community_officer_posts_on_their_own_boards_only(world, board, record):
    with pytest.raises(PermissionDenied):
        services.post(user=world["c12_officer"], publication=record, board=board, posted_on=POSTED)
    with pytest.raises(PermissionDenied):
        services.save_board(user=world["c12_officer"], unit=world["d"]["c11"], name="x", location="y")
    assert list(Board.objects.visible_to(world["c12_officer"])) == []
    assert list(Board.objects.visible_to(world["office"])) == [board]
    assert not Posting.objects.exists()


def test_a_record_with_an_id_or_phone_number_is_not_printed(world, board, record):
    Publication.objects.filter(pk=record.pk).update(
        body="<p>张某某 身份证号 330105198001011234，电话 13812345678</p>"
    )
    record.refresh_from_db()
    with pytest.raises(ValidationError, match="身份证号或电话号码"):
        services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)
    assert not Posting.objects.exists()


def test_photos_are_images_checked_by_content_and_confirmed(world, board, record):
    officer = world["c11_officer"]
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.post(
            user=officer, publication=record, board=board, posted_on=POSTED, photo=fake, photo_confirmed=True
        )
    with pytest.raises(ValidationError, match="个人信息"):
        services.post(user=officer, publication=record, board=board, posted_on=POSTED, photo=image())
    assert not Posting.objects.exists()


def test_an_item_without_a_rule_waits_for_the_office_or_a_period_given(world, board):
    from tests.publishing.helpers import published

    finance = published(
        world["c11_officer"], world["d"]["c11"], "卖鱼桥社区2026年1月财务收支公开",
        [world["duty"]("D-S1-1", "社区财务公开")],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="公示期规则"):
        services.post(user=world["c11_officer"], publication=finance, board=board, posted_on=POSTED)
    with pytest.raises(PermissionDenied):
        services.set_posting_period(
            user=world["c11_officer"],
            item=world["duty"]("D-S1-1", "社区财务公开").item,
            days=30,
            workdays=False,
        )
    services.set_posting_period(
        user=world["office"], item=world["duty"]("D-S1-1", "社区财务公开").item, days=30, workdays=False
    )
    posting = services.post(user=world["c11_officer"], publication=finance, board=board, posted_on=POSTED)
    assert (posting.days, posting.workdays) == (30, False)


def test_a_retired_board_keeps_its_postings_and_takes_no_new_one(world, board, record):
    services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)
    services.retire_board(user=world["c11_officer"], board=board, reason="社区搬迁")
    board.refresh_from_db()
    assert not board.is_active and board.postings.count() == 1
    with pytest.raises(ValidationError):
        services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)


def test_the_poster_is_told_when_the_record_changes_online(
    world, board, record, django_capture_on_commit_callbacks
):
    from publishing import services as publishing_services
    from publishing.models import Notice

    officer = world["c11_officer"]
    posting = services.post(user=officer, publication=record, board=board, posted_on=POSTED)
    with django_capture_on_commit_callbacks(execute=True):
        publishing_services.withdraw(user=officer, publication=record, reason="内容有误")
    posting.refresh_from_db()
    assert selectors.state(posting, POSTED) == "线上已变更，需重新张贴"
    notice = Notice.objects.get(recipient=officer, kind="due")
    assert "线上已变更，需重新张贴" in notice.text and notice.url.endswith(
        f"/boards/posting/{posting.pk}/change/"
    )
    with django_capture_on_commit_callbacks(execute=True):  # told once per posting
        record.save()
    assert Notice.objects.filter(recipient=officer, kind="due").count() == 1
