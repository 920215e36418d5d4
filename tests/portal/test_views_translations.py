"""藏汉 / 彝汉 on the public pages: a record's reviewed translation side by side with the Chinese (which governs),
a plain word where none exists, never an unreviewed text; the interface language switch; the bilingual windows
on the service map."""

import pytest
from django.conf import settings

from catalog.models import ServiceGuide
from organizations import services as org_services
from organizations.models import ServicePoint
from translations import services as tr_services

pytestmark = pytest.mark.django_db

BO_BODY = "སུས་ཞུ་ཆོག\n\nཞུ་ཡིག་གི་ཡིག་ཆ།"
ZH_SOURCE = "谁可以申请：困难家庭。\n\n申请材料：申请表。"


@pytest.fixture
def guide(world):
    return ServiceGuide.objects.create(
        item=world.dibao, code="dibao-bo", title="低保办事指南", place="便民服务中心"
    )


def translate(record, language, body, *, reviewed, title=""):
    t = tr_services.save_translation(
        user=None,
        record=record,
        language=language,
        body=body,
        title=title,
        source_text=ZH_SOURCE,
        translator="扎西",
    )
    if reviewed:
        t = tr_services.review_translation(user=None, translation=t, reviewer="泽仁")
    return t


def test_a_reviewed_translation_is_offered_and_shown_side_by_side(client, guide):
    translate(guide, "bo", BO_BODY, reviewed=True, title="དམའ་ཤོས་འཚོ་བའི་འགན་ལེན།")
    page = client.get("/guides/dibao-bo/").content.decode()
    assert 'href="?tl=bo#languages" lang="bo"' in page and "暂无彝文译文" in page
    assert "以中文为准" not in page  # offered, not yet shown
    page = client.get("/guides/dibao-bo/?tl=bo").content.decode()
    assert "以中文为准" in page
    # paragraph by paragraph: the Chinese beside its Tibetan
    assert '<td lang="zh-Hans">谁可以申请：困难家庭。</td><td lang="bo">སུས་ཞུ་ཆོག</td>' in page
    assert '<td lang="zh-Hans">申请材料：申请表。</td><td lang="bo">ཞུ་ཡིག་གི་ཡིག་ཆ།</td>' in page
    assert "泽仁" in page and "扎西" in page


def test_an_unreviewed_translation_is_never_shown(client, guide):
    translate(guide, "ii", "ꆈꌠꉙ ꀀ", reviewed=False)
    page = client.get("/guides/dibao-bo/?tl=ii").content.decode()
    assert "ꆈꌠꉙ ꀀ" not in page and "?tl=ii" not in page
    assert "本页暂无审校通过的彝文译文" in page


def test_reviewing_makes_the_cached_page_show_it(client, guide, django_capture_on_commit_callbacks):
    t = translate(guide, "bo", BO_BODY, reviewed=False)
    assert "སུས་ཞུ་ཆོག" not in client.get("/guides/dibao-bo/?tl=bo").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it after the commit
        tr_services.review_translation(user=None, translation=t, reviewer="泽仁")
    assert "སུས་ཞུ་ཆོག" in client.get("/guides/dibao-bo/?tl=bo").content.decode()


def test_the_item_page_says_plainly_when_there_is_no_translation(client, world):
    page = client.get(f"/items/{world.code_of(world.dibao)}/").content.decode()
    assert "民族语文版本" in page and "暂无藏文译文" in page and "暂无彝文译文" in page


def test_the_interface_language_is_switched_and_cached_apart(client, guide):
    expected = client.get("/guides/dibao-bo/").content.decode()
    assert '<html lang="zh-Hans"' in expected and ">服务地图<" in expected
    response = client.get("/language/bo/?next=/guides/dibao-bo/")
    assert response.status_code == 302 and response["Location"] == "/guides/dibao-bo/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bo"
    page = client.get("/guides/dibao-bo/").content.decode()
    assert '<html lang="bo"' in page and ">ཞབས་ཞུའི་ས་ཁྲ།<" in page and ">服务地图<" not in page
    client.get("/language/zh-hans/?next=/")
    assert ">服务地图<" in client.get("/guides/dibao-bo/").content.decode()
    assert client.get("/language/xx/").status_code == 404


def test_the_interface_language_shows_that_language_by_default(client, guide):
    translate(guide, "bo", BO_BODY, reviewed=True)
    client.get("/language/bo/?next=/")
    assert '<td lang="bo">སུས་ཞུ་ཆོག</td>' in client.get("/guides/dibao-bo/").content.decode()


def test_the_map_marks_and_filters_the_bilingual_windows(client, world):
    for name, code in (("藏汉双语窗口", "bo"), ("彝汉双语窗口", "ii")):
        org_services.create_service_point(
            user=None,
            data={
                "unit": world.d["s2"],
                "kind": "convenience_station",
                "name": name,
                "address": "乡便民服务中心",
                "bilingual": code,
                "latitude": "30.31",
                "longitude": "120.17" if code == "bo" else "120.10",
            },
        )
    page = client.get("/service-points/").content.decode()
    assert page.count("pin-bilingual") == 2 and "双语窗口（藏汉/彝汉）" in page
    assert '<span lang="bo">བོད་ཡིག</span>' in page and '<span lang="ii">ꆈꌠꉙ</span>' in page
    page = client.get("/service-points/?bilingual=ii").content.decode()
    assert "彝汉双语窗口" in page and "藏汉双语窗口</strong>" not in page and "湖墅街道公开查阅点" not in page
    assert ServicePoint.objects.filter(bilingual="").count() == 2
    api = client.get("/api/v1/service-points/?bilingual=bo").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert [r["name"] for r in rows] == ["藏汉双语窗口"] and rows[0]["bilingual"] == "bo"
