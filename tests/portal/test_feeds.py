"""Feeds, the sitemap and QR codes."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


def test_feeds_parse_and_list_latest_publications(client, world):
    world.publish(world.d["s1"], "湖墅低保公示", items=[world.dibao])
    dibao = world.code_of(world.dibao)
    for url in ("/units/D-S1/feed/", f"/fields/{world.domain.code}/feed/", f"/items/{dibao}/feed/"):
        response = client.get(url)
        assert response.status_code == 200 and "rss" in response["Content-Type"]
        root = ET.fromstring(response.content)
        titles = [t.text for t in root.iter("title")]
        assert "湖墅低保公示" in titles, url
    for url in ("/units/D-S1/atom/", f"/fields/{world.domain.code}/atom/", f"/items/{dibao}/atom/"):
        root = ET.fromstring(client.get(url).content)
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"


def test_feeds_fall_back_to_catalog_items(client, world):
    root = ET.fromstring(client.get("/units/D-S2/feed/").content)
    assert "城乡低保对象审核" in [t.text for t in root.iter("title")]
    assert client.get("/units/NOPE/feed/").status_code == 404


def test_sitemap_parses_and_lists_pages(client, world):
    pub = world.publish(world.d["s1"], "湖墅低保公示")
    draft = world.publish(world.d["s1"], "草稿", publish=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(response.content)
    sections = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert sections  # an index of sections, each a urlset
    locs = []
    for section in sections:
        part = client.get(section.replace("http://testserver", ""))
        assert part.status_code == 200
        locs += [e.text for e in ET.fromstring(part.content).findall("s:url/s:loc", ns)]
    assert any(loc.endswith("/gk/policies/") for loc in locs)
    assert any(loc.endswith(f"/publications/{pub.index_number}/") for loc in locs)
    assert not any(draft.index_number in loc for loc in locs)
    assert any(loc.endswith("/units/D-S1/") for loc in locs)
    assert any(loc.endswith(f"/items/{world.code_of(world.dibao)}/") for loc in locs)


def test_qr_code_is_svg_for_a_site_path(client):
    response = client.get("/qr.svg", {"path": "/units/GS-HS/"})
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag.endswith("svg")


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "units/",
        "",
        "/" + "a" * 400,
    ],
)
def test_qr_code_refuses_off_site_urls(client, path):
    assert client.get("/qr.svg", {"path": path}).status_code == 400
