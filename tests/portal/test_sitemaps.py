"""sitemap.xml written as strings (portal/sitemaps.py): well-formed XML, sections paged within the protocol's
limit, publications paged by id, the same URLs as reverse() would give, cached until the next publication."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from portal import sitemaps

pytestmark = pytest.mark.django_db
NS = {"s": sitemaps.XMLNS}


def _sections(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return [
        e.text.replace("http://testserver", "")
        for e in ET.fromstring(response.content).findall("s:sitemap/s:loc", NS)
    ]


def _locs(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)  # well-formed, or this raises
    assert root.tag == f"{{{sitemaps.XMLNS}}}urlset"
    return [e.text.replace("http://testserver", "") for e in root.findall("s:url/s:loc", NS)]


def test_sections_are_paged_within_the_limit_and_list_every_public_record(client, world, monkeypatch):
    pubs = [world.publish(world.d["s1"], f"低保名单{n}", items=[world.dibao]) for n in range(7)]
    draft = world.publish(world.d["s1"], "草稿", publish=False)
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 3)
    sections = _sections(client)
    pages = [s for s in sections if s.startswith("/sitemap-publications.xml")]
    assert len(pages) >= 3 and pages[1] == "/sitemap-publications.xml?p=2"
    seen = []
    for page in pages:
        locs = _locs(client, page)
        assert len(locs) <= 3
        seen += locs
    assert sorted(seen) == sorted(f"/publications/{p.index_number}/" for p in pubs)
    assert f"/publications/{draft.index_number}/" not in seen
    units = [loc for s in sections if s.startswith("/sitemap-units.xml") for loc in _locs(client, s)]
    assert "/units/D-S1/" in units and len(units) == len(set(units))


def test_a_page_past_the_end_or_an_unknown_section_is_404(client, world):
    world.publish(world.d["s1"], "低保名单")
    assert client.get("/sitemap-publications.xml", {"p": "2"}).status_code == 404
    assert client.get("/sitemap-publications.xml", {"p": "x"}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-static.xml", {"p": "1"}).status_code == 200


def test_the_page_size_stays_within_the_protocol():
    assert 0 < sitemaps.PAGE_SIZE <= sitemaps.PROTOCOL_MAX == 50000


@pytest.mark.parametrize("value", ["GS-HS-2025-000001", "A&B 中文", "x'y(z)~:@!"])
def test_paths_are_those_reverse_gives(value):
    assert sitemaps.path_maker("publication")(value) == reverse("publication", args=[value])


def test_lastmod_is_the_records_local_date(client, world):
    from django.utils import timezone

    pub = world.publish(world.d["s1"], "低保名单")
    root = ET.fromstring(client.get("/sitemap-publications.xml").content)
    (url,) = [
        u for u in root.findall("s:url", NS) if u.find("s:loc", NS).text.endswith(f"/{pub.index_number}/")
    ]
    assert url.find("s:lastmod", NS).text == timezone.localtime(pub.updated_at).date().isoformat()


def test_the_sitemap_follows_a_new_publication(client, world):
    world.publish(world.d["s1"], "低保名单")
    before = _locs(client, "/sitemap-publications.xml")
    new = world.publish(world.d["s1"], "低保名单二")
    after = _locs(client, "/sitemap-publications.xml")
    assert f"/publications/{new.index_number}/" in after and len(after) == len(before) + 1
