"""Elder-friendly mode, the big screen, print styles, phone layout basics and accessibility markers."""

import re

import pytest

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_elder_mode_is_remembered_in_a_cookie(client, world):
    assert 'class="mode-elder' not in text(client.get("/"))
    response = client.get("/mode/elder/", {"next": "/units/"})
    assert response.status_code == 302 and response["Location"] == "/units/"
    assert client.cookies["portal_mode"].value == "elder"
    page = text(client.get("/units/"))
    assert 'class="mode-elder' in page and "标准版" in page
    client.get("/mode/standard/")
    assert 'class="mode-elder' not in text(client.get("/units/"))


def test_mode_switch_refuses_off_site_next(client):
    response = client.get("/mode/elder/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/mode/hacker/").status_code == 404


def test_elder_mode_css_uses_eye_care_background():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/portal/css/portal.css").read_text()
    block = css[css.index("body.mode-elder {") :]
    assert "#C7EDCC" in block[:400]
    assert "@media print" in css and "@media (max-width: 640px)" in css


def test_big_screen_rotates_by_itself(client, world):
    world.publish(world.d["s1"], "湖墅低保公示")
    world.publish(world.d["s2"], "小河公示")
    page = text(client.get("/screen/"))
    assert 'http-equiv="refresh"' in page and "slide=1" in page and "湖墅低保公示" in page
    page = text(client.get("/screen/", {"unit": "D-S1"}))
    assert "湖墅低保公示" in page and "小河公示" not in page and "unit=D-S1&amp;slide=1" in page
    page = text(client.get("/screen/", {"unit": "D-S1", "slide": "1"}))
    assert world.domain.name in page and "slide=2" in page
    page = text(client.get("/screen/", {"unit": "D-S1", "slide": "2"}))
    assert "湖墅街道公开查阅点" in page and "slide=0" in page


def test_form_controls_are_labelled(client, world):
    for url in ("/", "/search/?q=低保", f"/items/{world.code_of(world.dibao)}/", "/service-points/"):
        page = text(client.get(url))
        ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page))
        visible = [
            m for m in re.findall(r"<(?:input|select|textarea)[^>]*>", page) if 'type="hidden"' not in m
        ]
        for control in visible:
            if 'type="radio"' in control:
                continue  # wrapped in its <label>
            cid = re.search(r'\bid="([^"]+)"', control)
            assert cid, (url, control)
            assert f'for="{cid.group(1)}"' in page, (url, control)
        assert ids is not None
        assert 'class="skip-link"' in page


def test_viewport_meta_for_phones(client):
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in text(client.get("/"))
