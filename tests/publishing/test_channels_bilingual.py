"""Bilingual board sheets: a notice's reviewed Tibetan and Yi text printed under its Chinese, in the self-hosted
fonts, and read back from the PDF (pdfminer.six); an unreviewed text is never printed."""

import re
from datetime import date

import pytest

from publishing import channels
from tests.pdftext import pdf_text
from tests.publishing.helpers import published
from translations import services as tr_services

pytestmark = pytest.mark.django_db

TIBETAN = "གསལ་བསྒྲགས་ཀྱི་དུས་ཡུན་ཉིན་བདུན།"
YI = "ꆈꌠꉙ ꀀꀁꀂ"
PENDING = "ꉙꉚꉛ"


def squeeze(text: str) -> str:
    """The PDF's text without the spaces and line breaks the layout reader puts between stacked glyphs."""
    return re.sub(r"\s+", "", text)


def font_names(pdf: bytes) -> set[str]:
    """The embedded fonts' names (pypdf reads the page resources)."""
    import io

    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
    return names


def translate(record, language, body, reviewed=True):
    t = tr_services.save_translation(user=None, record=record, language=language, body=body, translator="甲")
    if reviewed:
        tr_services.review_translation(user=None, translation=t, reviewer="乙")


def test_the_sheet_prints_reviewed_tibetan_and_yi_under_the_chinese(d, office):
    notice = published(
        office, d["c11"], "拟确认最低生活保障对象公示", at=date(2025, 9, 1), body="<p>公示期7日。</p>"
    )
    other = published(office, d["c11"], "社区议事会会议纪要", at=date(2025, 9, 2))
    translate(notice, "bo", TIBETAN)
    translate(notice, "ii", YI)
    translate(other, "ii", PENDING, reviewed=False)

    text = squeeze(pdf_text(channels.board_pdf(d["c11"], "https://gk.example.cn")))

    # the reader may set a stacked syllable's line apart: each half of the Tibetan is read back whole
    first, second = TIBETAN[:14], TIBETAN[14:]
    assert first + second == TIBETAN and first in text and second in text
    assert squeeze(YI) in text
    assert text.index("拟确认最低生活保障对象公示") < text.index(first)  # under the Chinese
    assert "内容以中文为准" in text
    assert PENDING not in text


def test_the_pdf_embeds_the_tibetan_and_yi_fonts(d, office):
    notice = published(office, d["c11"], "公示", at=date(2025, 9, 1))
    translate(notice, "bo", TIBETAN)
    translate(notice, "ii", YI)
    pdf = channels.board_pdf(d["c11"], "https://gk.example.cn")
    fonts = {name.split("+")[-1].replace("-", "") for name in font_names(pdf)}
    assert {"NotoSerifTibetan", "NotoSansYi"} <= fonts


def test_a_sheet_without_translations_stays_chinese_only(d, office):
    published(office, d["c11"], "社区议事会会议纪要", at=date(2025, 9, 2))
    html = channels.board_html(d["c11"], "https://gk.example.cn")
    assert "以中文为准" not in html and 'class="tr"' not in html
