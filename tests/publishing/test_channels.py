"""Channels: the bulletin-board PDF, the screen feed, the 两微一端 text, the admin's channel bits."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from organizations.models import Role
from publishing import channels
from publishing.models import Obligation, Publication, PublicationStatus, Validity
from tests.factories import member
from tests.publishing.helpers import make_item, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(d, office, domain, release):
    make_item(office, domain, "入学政策", subject="各社区居委会", tiers=("community",))
    release()
    obligation = Obligation.objects.get(unit=d["c11"])
    pubs = {
        "policy": published(
            office,
            d["c11"],
            "卖鱼桥社区2025年秋季入学政策公告",
            [obligation],
            body="<p>适龄儿童入学报名须知：请于9月1日前<b>携带户口簿</b>到社区登记。</p>",
            at=date(2025, 9, 1),
        ),
        "loose": published(office, d["c11"], "社区议事会会议纪要", at=date(2025, 9, 5)),
        "invalid": published(
            office, d["c11"], "已失效的旧通知", at=date(2025, 8, 1), validity=Validity.INVALID
        ),
        "street": published(office, d["s1"], "湖墅街道年度工作要点", at=date(2025, 9, 10)),
        "other": published(office, d["c12"], "信义坊社区停水通知", at=date(2025, 9, 11)),
    }
    draft_pub = published(office, d["c11"], "尚未发布的草稿", at=date(2025, 9, 12))
    Publication.objects.filter(pk=draft_pub.pk).update(status=PublicationStatus.DRAFT, published_at=None)
    return pubs


def pdf_text(data: bytes) -> str:
    from tests.pdftext import pdf_text as text_of

    return text_of(data)  # pdfminer.six: reads Noto CJK (CFF) and WenQuanYi alike


def test_board_groups_current_valid_publications_by_field(d, data, domain):
    pubs = channels.board_publications(d["c11"])
    assert [p.title for p in pubs] == ["社区议事会会议纪要", "卖鱼桥社区2025年秋季入学政策公告"]
    groups = channels.board_groups(d["c11"], pubs)
    assert [(g.name, [p.title for p in g.publications]) for g in groups] == [
        (domain.name, ["卖鱼桥社区2025年秋季入学政策公告"]),
        (channels.OTHER_FIELD, ["社区议事会会议纪要"]),
    ]


def test_board_html_has_title_qr_and_excerpt(d, data):
    html = channels.board_html(d["c11"], "https://gk.example.cn/", today=date(2025, 9, 20))
    assert "卖鱼桥社区政务公开栏" in html and "2025年9月20日" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "https://gk.example.cn/units/D-S1-1/" in html
    assert "适龄儿童入学报名须知" in html and "<b>" not in html.split("<body>")[1]
    assert data["policy"].index_number in html
    assert "WenQuanYi Micro Hei" in html


def test_board_pdf_view_renders_chinese_text(client, d, data):
    response = client.get(reverse("channels:board", args=["D-S1-1"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "public" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "卖鱼桥社区政务公开栏" in text
    assert "卖鱼桥社区2025年秋季入学政策公告" in text
    assert data["policy"].index_number in text
    assert "已失效的旧通知" not in text and "尚未发布的草稿" not in text


def test_board_pdf_unknown_unit_is_404(client, d):
    assert client.get(reverse("channels:board", args=["NOPE"])).status_code == 404


def test_board_sheet_command_writes_a_pdf(tmp_path, d, data):
    out = tmp_path / "board.pdf"
    call_command("board_sheet", "D-S1-1", str(out), base_url="https://gk.example.cn", stdout=io.StringIO())
    text = pdf_text(out.read_bytes())
    assert "卖鱼桥社区" in text and "社区议事会会议纪要" in text


def test_screen_feed_covers_the_subtree_and_is_cacheable(client, d, data):
    url = reverse("channels:screen", args=["D-S1"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "max-age=60" in response["Cache-Control"] and response["ETag"]
    feed = json.loads(response.content)
    titles = [item["title"] for item in feed["items"]]
    # Newest first: the street's own, then its two communities; never drafts or other streets.
    assert titles[:3] == ["信义坊社区停水通知", "湖墅街道年度工作要点", "社区议事会会议纪要"]
    assert "尚未发布的草稿" not in titles
    first = feed["items"][0]
    assert set(first) == {"title", "date", "unit", "index_number", "url"}
    assert first["date"] == "2025-09-11" and first["unit"] == "信义坊社区"
    assert first["url"].startswith("http://testserver/publications/")
    assert feed["unit"] == {"code": "D-S1", "name": "湖墅街道", "url": "http://testserver/units/D-S1/"}
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_screen_feed_of_a_community_has_only_its_own(client, d, data):
    feed = json.loads(client.get(reverse("channels:screen", args=["D-S1-2"])).content)
    assert [item["title"] for item in feed["items"]] == ["信义坊社区停水通知"]


def test_social_post_fits_weibo_with_link(d, office):
    pub = published(
        office, d["c11"], "关于" + "城市更新" * 30 + "的通知", body="<p>" + "正文很长。" * 100 + "</p>"
    )
    text = channels.social_post(pub, "https://gk.example.cn/")
    link = f"https://gk.example.cn/publications/{pub.index_number}/"
    assert len(text) <= 140 and text.endswith(" " + link) and text.startswith("【关于城市更新")
    short = published(office, d["c11"], "停水通知", body="<p>明日 8:00-12:00   停水。</p>")
    assert channels.social_post(short, "https://gk.example.cn") == (
        f"【停水通知】明日 8:00-12:00 停水。 https://gk.example.cn/publications/{short.index_number}/"
    )
    no_body = published(office, d["c11"], "公示", body="")
    assert channels.social_post(no_body, "https://x.cn").startswith("【公示】卖鱼桥社区发布公开信息。")


def test_admin_change_page_shows_social_text_for_published(client, d, office, data):
    client.force_login(office)
    response = client.get(reverse("admin:publishing_publication_change", args=[data["policy"].pk]))
    text = response.content.decode()
    assert "两微一端发布文本" in text and "【卖鱼桥社区2025年秋季入学政策公告】" in text
    assert "用新信息替代" in text


def test_admin_supersede_button(client, d, office, data):
    officer = member(Role.OFFICER, d["c11"], "c11_officer")
    client.force_login(officer)
    url = reverse("admin:publishing_publication_workflow", args=[data["loose"].pk, "supersede"])
    assert "替代信息的索引号" in client.get(url).content.decode()
    # An unknown (or invisible) index number is an error message, not a crash.
    response = client.post(url, {"replacement": data["other"].index_number, "comment": ""})
    assert response.status_code == 200 and "找不到索引号" in response.content.decode()
    response = client.post(url, {"replacement": data["policy"].index_number, "comment": "新版"})
    assert response.status_code == 302
    old = Publication.objects.get(pk=data["loose"].pk)
    assert old.status == PublicationStatus.SUPERSEDED and old.superseded_by == data["policy"]
