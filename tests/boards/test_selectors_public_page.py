"""The record's public page says where it is posted: "已在公开栏张贴：<board>，公示期至 …" while the sheet is up
(the page's cache is refreshed by the posting), and no longer once it is taken down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from boards import services

from .conftest import POSTED

pytestmark = pytest.mark.django_db


def test_the_publication_page_names_the_board_and_the_period(client, world, board, record):
    url = reverse("publication", args=[record.index_number])
    assert "已在公开栏张贴" not in client.get(url).content.decode()
    posting = services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)
    page = client.get(url).content.decode()
    assert f"已在公开栏张贴：卖鱼桥社区居务公开栏，公示期至 {posting.ends_on.isoformat()}" in page
    services.take_down(user=world["c11_officer"], posting=posting, on=posting.ends_on + timedelta(days=1))
    assert "已在公开栏张贴" not in client.get(url).content.decode()
