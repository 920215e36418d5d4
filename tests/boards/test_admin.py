"""The 公开栏 admin for officers: scoped per unit (a community officer sees and posts on their own boards only),
every save through boards.services — a board set up, a posting registered with its printed sheet, an objection
recorded and handled, a re-posting from the posting's page."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from boards import selectors
from boards.models import Board, Objection, Posting, PostingEvent

from .conftest import POSTED, image

pytestmark = pytest.mark.django_db
#: the posting page's read-only inlines (objections, history) still post their management forms
INLINES = {f"{p}-{k}": "0" for p in ("objections", "events") for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


def test_officers_see_their_own_units_boards_only(client, world, board):
    client.force_login(world["c12_officer"])
    assert board.name not in client.get("/admin/boards/board/").content.decode()
    assert client.get(f"/admin/boards/board/{board.pk}/change/").status_code in (302, 403, 404)
    client.force_login(world["c11_officer"])
    assert board.name in client.get("/admin/boards/board/").content.decode()


def test_a_board_set_up_through_the_admin(client, world):
    client.force_login(world["c12_officer"])
    response = client.post(
        "/admin/boards/board/add/",
        {"unit": world["d"]["c12"].pk, "name": "信义坊社区电子屏", "kind": "screen", "location": "社区广场"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    board = Board.objects.get(name="信义坊社区电子屏")
    assert board.unit == world["d"]["c12"] and board.events.get().action == "set_up"


def test_a_posting_its_objection_and_the_reposting_through_the_admin(client, world, board, record):
    client.force_login(world["c11_officer"])
    response = client.post(
        "/admin/boards/posting/add/",
        {
            "publication": record.pk, "board": board.pk, "posted_on": POSTED.isoformat(),
            "photo_posted": image(), "photo_confirmed": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    posting = Posting.objects.get()
    assert posting.sheet_sha256 and posting.photo_posted and posting.posted_by == world["c11_officer"]
    page = client.get(f"/admin/boards/posting/{posting.pk}/change/").content.decode()
    assert selectors.state(posting, timezone.localdate()) in page and posting.sheet_sha256 in page

    response = client.post(
        "/admin/boards/objection/add/",
        {"posting": posting.pk, "received_on": "2026-02-13", "channel": "phone", "content": "家庭人口有误"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    response = client.post(
        f"/admin/boards/objection/{objection.pk}/change/",
        {"handling": "核实后更正", "result": "corrected", "handled_on": "2026-02-14"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.result == "corrected"

    response = client.post(
        f"/admin/boards/posting/{posting.pk}/change/", {"repost_on": date(2026, 3, 2).isoformat(), **INLINES}
    )
    assert response.status_code == 302
    assert Posting.objects.get(supersedes=posting).posted_on == date(2026, 3, 2)
    assert list(PostingEvent.objects.values_list("action", flat=True)) == [
        "set_up", "post", "objection", "handle", "repost", "superseded",
    ]  # fmt: skip


def test_another_units_officer_cannot_post_on_the_board(client, world, board, record):
    client.force_login(world["c12_officer"])
    response = client.post(
        "/admin/boards/posting/add/",
        {"publication": record.pk, "board": board.pk, "posted_on": POSTED.isoformat()},
    )
    assert response.status_code == 200  # the form refuses the board: not among this officer's boards
    assert not Posting.objects.exists()
