"""The annual report's files: sheets and sections in the order of the template (国办公开办函〔2021〕30号, as
printed in the published reports, e.g. 2022年上海市政府信息公开工作年度报告,
https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html), and Chinese file names."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse

from foi import exports, ledger, report, services

from .ledgers import make_rows, workbook_bytes

#: The six sections of the 2021 template, in its order (typed from the template, not read from foi.report).
TEMPLATE_SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


@pytest.fixture
def data(d, office):
    ledger.import_ledger(user=office, unit=d["dept"], fileobj=io.BytesIO(workbook_bytes(make_rows(30))))
    services.save_report(user=office, unit=d["dept"], year=2025, overview="总体情况正文", problems="问题正文")
    return report.build(unit=d["dept"], year=2025)


@pytest.mark.django_db
def test_the_workbook_has_one_sheet_per_section_in_the_templates_order(data):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.to_xlsx(data)))
    assert wb.sheetnames == TEMPLATE_SECTIONS
    assert wb[TEMPLATE_SECTIONS[0]]["A3"].value == "总体情况正文"
    assert wb[TEMPLATE_SECTIONS[4]]["A3"].value == "问题正文"
    assert wb[TEMPLATE_SECTIONS[2]]["D1"].value == "申请人情况"
    table4 = wb[TEMPLATE_SECTIONS[3]]
    assert [c.value for c in table4[4]] == exports.table4_display(data)


@pytest.mark.django_db
def test_the_word_the_pdf_and_the_page_have_the_sections_in_the_templates_order(data):
    from docx import Document

    from tests.pdftext import pdf_text

    headings = [
        p.text for p in Document(io.BytesIO(exports.to_docx(data))).paragraphs if p.style.name == "Heading 2"
    ]
    assert headings == TEMPLATE_SECTIONS
    for text in (exports.to_html(data), "".join(pdf_text(exports.to_pdf(data)).split())):
        positions = [text.find(section) for section in TEMPLATE_SECTIONS]
        assert -1 not in positions and positions == sorted(positions)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx"])
def test_report_files_download_with_chinese_names(client, d, office, data, fmt):
    d["gov"].name = "杭州市拱墅区人民政府"
    d["gov"].save()
    services.publish_report(user=office, unit=d["dept"], year=2025)
    services.publish_report(user=office, unit=d["gov"], year=2025, district=True)
    for scope, name in (("D-EDU", "区教育局"), ("district", "拱墅区")):
        response = client.get(reverse("foi:annual_report_file", args=[2025, scope, fmt]))
        header = response["Content-Disposition"]
        assert header.startswith(f'attachment; filename="foi-annual-report-2025-{scope}.{fmt}"')
        assert unquote(header.split("filename*=UTF-8''")[1]) == f"{name}2025年政府信息公开工作年度报告.{fmt}"
