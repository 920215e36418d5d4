"""The demo's 低保 journey (issue 21): the 拱墅区最低生活保障实施办法 with a body a citizen can read and its 政策解读, and
the 办事指南 records of 区民政局 and two streets, each carrying the catalog's 低保 guide and a printable DOCX that the
attachment validator accepts; each record counts only for a duty its own unit holds on its own item.

load_demo once for the module (attachments under a temporary MEDIA_ROOT), inside a transaction rolled back when
the module is done."""

import io
import logging
import re
import zipfile
from collections import defaultdict
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from demo import publishing as demo
from demo import story as demo_story
from publishing.files import DOCX, check_upload
from publishing.models import Obligation, ObligationStatus, Publication, PublicationStatus


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def loaded(media, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=io.StringIO())
                yield
                raise Rollback
        except Rollback:
            pass


pytestmark = pytest.mark.django_db

MEASURES = "拱墅区最低生活保障实施办法"
GUIDE_RECORDS = {
    "GS-MZJ": "拱墅区最低生活保障办事指南",
    "GS-HS": "湖墅街道最低生活保障办事指南",
    "GS-XH": "小河街道最低生活保障办事指南",
}


def _paragraphs(html: str) -> list[str]:
    return [p for p in re.findall(r"<p>(.*?)</p>", html, flags=re.S) if p.strip()]


def _own_duties_only(publication: Publication, item_code: str) -> None:
    owed = set(
        Obligation.objects.filter(unit=publication.unit, item__code=item_code)
        .exclude(status=ObligationStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    linked = set(publication.fulfilments.values_list("obligation_id", flat=True))
    assert linked and linked <= owed, publication.title


def test_the_measures_read_as_a_policy_in_chapters_and_articles(loaded):
    measures = Publication.objects.select_related("unit").get(title=MEASURES)
    assert measures.unit.code == "GS-MZJ" and measures.status == PublicationStatus.PUBLISHED
    assert measures.doc_number.startswith("拱民〔")
    _own_duties_only(measures, "GS-SHJZ-01-01")
    paragraphs = _paragraphs(measures.body)
    assert len(paragraphs) >= 15
    for chapter in ("总则", "保障对象和标准", "申请和审核确认", "管理和监督", "附则"):
        assert chapter in measures.body, chapter
    assert "第一条" in measures.body and "第十条" in measures.body
    assert "30个工作日" in measures.body and "0571-88259135" in measures.body


def test_the_measures_have_their_reading(loaded):
    measures = Publication.objects.get(title=MEASURES)
    reading = Publication.objects.get(interprets=measures)
    assert reading.title == f"《{MEASURES}》政策解读" and reading.status == PublicationStatus.PUBLISHED
    assert len(_paragraphs(reading.body)) >= 6
    _own_duties_only(reading, "GS-SHJZ-01-01")


@pytest.mark.parametrize("unit_code", sorted(GUIDE_RECORDS))
def test_each_guide_record_carries_the_guide_and_a_valid_docx(loaded, unit_code):
    record = Publication.objects.select_related("unit").get(title=GUIDE_RECORDS[unit_code])
    assert record.unit.code == unit_code and record.status == PublicationStatus.PUBLISHED
    _own_duties_only(record, "GS-SHJZ-02-01")
    for words in ("申请条件", "申请材料", "办理流程及时限", "受理地点和咨询电话", "监督投诉渠道"):
        assert words in record.body, words
    assert "收到申请之日起2个工作日内" in record.body and record.unit.phone in record.body

    [attachment] = record.attachments.all()
    assert attachment.content_type == DOCX and attachment.original_name.endswith("（打印版）.docx")
    with attachment.file.open("rb") as fh:
        content = fh.read()
    upload = SimpleUploadedFile(attachment.original_name, content)
    assert check_upload(upload) == DOCX
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        text = docx.read("word/document.xml").decode("utf-8")
    assert GUIDE_RECORDS[unit_code] in text and "浙江省社会救助申请表" in text and record.unit.phone in text


def test_a_story_record_is_skipped_when_its_unit_owes_nothing_of_its_item(loaded, monkeypatch, caplog):
    """The education bureau holds no 低保 duty: its record is not written, and the skip is logged."""
    stray = demo_story.Story("GS-JYJ", "GS-SHJZ-02-01", "不应写入的低保办事指南", "<p>…</p>", 10, 9)
    assert not Obligation.objects.active().filter(unit__code="GS-JYJ", item__code="GS-SHJZ-02-01").exists()
    monkeypatch.setattr(demo_story, "stories", lambda year: [stray])
    with caplog.at_level(logging.WARNING, logger="demo.story"):
        written = demo_story.write_story(date.today(), demo.people())
    assert written == {} and not Publication.objects.filter(title=stray.title).exists()
    assert "不应写入的低保办事指南" in caplog.text and "GS-JYJ" in caplog.text


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_guide_and_the_records_cite_the_measures_by_their_number(loaded):
    """No （演示） in what a citizen reads: the guide's 设定依据 and the records cite the 实施办法 by its 文号."""
    from catalog.models import ServiceGuide

    doc = Publication.objects.get(title=MEASURES).doc_number
    assert re.fullmatch(r"拱民〔\d{4}〕5号", doc)
    guide = ServiceGuide.objects.get(code="gongshu-dibao")
    assert f"《{MEASURES}》（{doc}）" in guide.basis and "演示" not in guide.basis
    for title in GUIDE_RECORDS.values():
        body = Publication.objects.get(title=title).body
        assert f"《{MEASURES}》（{doc}）" in body and "演示" not in body, title


def test_nothing_a_citizen_reads_says_demo(loaded):
    from catalog.models import DisclosureItem, GuideMaterial, GuideStep, ServiceGuide

    fields = {
        Publication: ["title", "body", "doc_number"],
        ServiceGuide: [
            "title",
            "applicants",
            "conditions",
            "basis",
            "fee",
            "place",
            "contact",
            "supervision",
        ],
        GuideMaterial: ["name", "copies", "note"],
        GuideStep: ["name", "actor", "description", "time_limit_text"],
        DisclosureItem: ["name", "content", "basis_text"],
    }
    for model, names in fields.items():
        for row in model.objects.values(*names):
            for name, value in row.items():
                assert "演示" not in (value or ""), (model.__name__, name, value)


def test_the_bureau_has_one_number_and_supervision_is_another_body(loaded):
    """区民政局 is reached at its own number (demo/fixtures/demo_district.json) everywhere; the 监督投诉 line is not it."""
    from catalog.models import ServiceGuide
    from organizations.models import Unit

    bureau = Unit.objects.get(code="GS-MZJ").phone
    for guide in ServiceGuide.objects.filter(code__in=["gongshu-dibao", "gongshu-linshi-jiuzhu"]):
        assert bureau in guide.contact and bureau not in guide.supervision and "12345" in guide.supervision
    reading = Publication.objects.get(interprets__title=MEASURES)
    assert bureau in reading.body
    numbers = set(re.findall(r"0571-\d{8}", _text(reading.body)))
    assert numbers == {bureau}
    for record in Publication.objects.filter(title__endswith="政策解读").select_related("unit"):
        found = set(re.findall(r"0571-\d{8}", record.body))
        assert found <= {record.unit.phone}, (record.title, found)
    assert not Publication.objects.filter(body__contains="0571-88258000").exists()
    for title in GUIDE_RECORDS.values():
        record = Publication.objects.get(title=title)
        supervision = _text(record.body).split("监督投诉渠道")[1].split("办理依据和收费")[0]
        assert bureau not in supervision and "12345" in supervision, title


@pytest.mark.parametrize("unit_code", ["GS-HS", "GS-XH"])
def test_a_street_guide_record_carries_its_own_and_the_bureaus_contact_only(loaded, unit_code):
    from organizations.models import Unit

    record = Publication.objects.select_related("unit").get(title=GUIDE_RECORDS[unit_code])
    contact = _text(record.body).split("受理地点和咨询电话")[1].split("监督投诉渠道")[0]
    bureau = Unit.objects.get(code="GS-MZJ")
    assert record.unit.phone in contact and record.unit.address in contact and bureau.phone in contact
    others = Unit.objects.filter(kind="street").exclude(pk=record.unit.pk)
    for other in others:
        assert other.phone not in record.body and other.name[:2] not in contact, other.name
    assert "其他街道" not in record.body
    [attachment] = record.attachments.all()
    with attachment.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as docx:
        text = docx.read("word/document.xml").decode("utf-8")
    assert record.unit.phone in text and bureau.phone in text
    assert not any(other.phone in text for other in others)


def test_the_bureaus_guide_record_lists_the_streets_that_accept_applications(loaded):
    from organizations.models import Unit

    record = Publication.objects.get(title=GUIDE_RECORDS["GS-MZJ"])
    streets = Unit.objects.filter(
        kind="street",
        obligations__item__code="GS-SHJZ-02-01",
        obligations__status=ObligationStatus.ACTIVE,
    ).distinct()
    assert streets.exists()
    assert all(f"{s.name} {s.phone}" in record.body for s in streets)


def test_periodic_dibao_figures_speak_for_their_own_tier(loaded):
    """最低生活保障对象及保障金发放情况: the district breaks its figures down by street, a street by community."""
    records = Publication.objects.filter(
        fulfilments__obligation__item__code="GS-SHJZ-02-03", status=PublicationStatus.PUBLISHED
    ).select_related("unit")
    tiers = defaultdict(list)
    for record in records.distinct():
        tiers[record.unit.tier].append(record)
    assert tiers["district"] and tiers["street"]
    for record in tiers["district"]:
        assert "分街道统计情况：详见附表" in record.body, record.title
    for record in tiers["street"]:
        assert "三、分社区统计情况：详见附表" in record.body and "分街道" not in record.body, record.title
