"""The public catalog pages show the approved edition only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import services
from domains.models import Domain
from organizations.models import Role
from tests.catalog.test_services_editions import make_item, release
from tests.factories import district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    d = district()
    office = member(Role.OFFICE, d["gov"], "office_a")
    meeting = member(Role.OFFICE, d["gov"], "joint_meeting")
    edu = Domain.objects.get(code="compulsory-education")
    edu.is_active = True
    edu.save()
    return office, meeting, edu


def test_field_page_lists_items_by_tier(client, setup):
    office, meeting, edu = setup
    top = make_item(office, edu, name="招生管理", elements=[])
    make_item(office, edu, name="招生范围", parent=top)
    make_item(office, edu, name="社区公示", parent=top, tier_community=True, subject_text="社区居委会")
    release(office, meeting)
    page = client.get(f"/fields/{edu.code}/").content.decode()
    assert "区级（2）" in page and "社区级（1）" in page and "街道级（0）" in page
    assert "招生范围" in page and "招生管理" in page


def test_item_page_shows_elements_in_plain_language(client, setup):
    office, meeting, edu = setup
    item = make_item(office, edu, name="招生范围")
    release(office, meeting)
    page = client.get(f"/items/{item.code}/").content.decode()
    for text in (
        "公开什么",
        "学区划分详细情况",
        "信息形成或者变更之日起20个工作日内",
        "■ 政府网站",
        "□ 公开查阅点",
        "国务院令第711号",
    ):
        assert text in page


def test_unapproved_changes_and_items_stay_private(client, setup):
    office, meeting, edu = setup
    item = make_item(office, edu, name="招生范围")
    draft_only = make_item(office, edu, name="未审核事项")
    release(office, meeting)
    services.retire_items(user=office, items=[draft_only], reason="x")
    secret = make_item(office, edu, name="尚未批准的新事项")
    item.name = "改了名字但未批准"
    item.save()
    assert client.get(f"/items/{secret.code}/").status_code == 404
    page = client.get(f"/items/{item.code}/").content.decode()
    assert "招生范围" in page and "改了名字但未批准" not in page
    assert "尚未批准的新事项" not in client.get(f"/fields/{edu.code}/").content.decode()


def test_item_text_is_escaped(client, setup):
    office, meeting, edu = setup
    item = make_item(office, edu, name="<script>alert(1)</script>", elements=["<img src=x onerror=alert(1)>"])
    release(office, meeting)
    page = client.get(f"/items/{item.code}/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_field_page_queries_do_not_grow(client, setup):
    office, meeting, edu = setup
    top = make_item(office, edu, name="招生管理", elements=[])
    make_item(office, edu, name="一", parent=top)
    release(office, meeting)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/fields/{edu.code}/")
    second = services.draft_edition(user=office, title="二")
    for n in range(15):
        make_item(office, edu, name=f"事项{n}", parent=top, tier_street=True)
    services.submit_edition(user=office, edition=second)
    services.approve_edition(user=meeting, edition=second)
    with CaptureQueriesContext(connection) as big:
        client.get(f"/fields/{edu.code}/")
    assert len(big) == len(small)
