"""The reply letter (告知书): one template per result category, rendered as PDF (WeasyPrint) and DOCX.

The letter names the legal basis and the appeal rights (行政复议法 第二十条: 60 days; 行政诉讼法 第四十六条:
six months) and is delivered the way the applicant chose.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .categories import LEGAL_BASIS, REASON_BASIS, REASONS, Result
from .models import DisclosureRequest

TITLES = {
    Result.PUBLIC: "政府信息公开申请答复书（予以公开）",
    Result.PARTIAL: "政府信息公开申请答复书（部分公开）",
    Result.WITHHELD: "政府信息不予公开告知书",
    Result.UNAVAILABLE: "政府信息无法提供告知书",
    Result.NOT_PROCESSED: "政府信息公开申请不予处理告知书",
    Result.OTHER: "政府信息公开申请终止处理告知书",
}
DECISIONS = {
    Result.PUBLIC: "经审查，您申请获取的政府信息属于公开范围，本机关决定予以公开。",
    Result.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的部分，"
    "对不予公开的部分说明理由如下。",
    Result.WITHHELD: "经审查，您申请获取的政府信息依法不予公开，理由如下。",
    Result.UNAVAILABLE: "经检索查找，本机关无法向您提供所申请的政府信息，理由如下。",
    Result.NOT_PROCESSED: "经审查，您的申请本机关不作为政府信息公开申请处理，理由如下。",
    Result.OTHER: "本机关不再处理您的政府信息公开申请，理由如下。",
}
APPEAL_RIGHTS = (
    "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
    "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
)


def letter_context(request: DisclosureRequest) -> dict:
    result = Result(request.result)
    reason_text = REASONS[result][request.result_reason - 1] if request.result_reason else ""
    basis = REASON_BASIS.get((result, request.result_reason)) or LEGAL_BASIS[result]
    return {
        "r": request,
        "title": TITLES[result],
        "decision": DECISIONS[result],
        "reason_text": reason_text,
        "basis": basis,
        "appeal_rights": APPEAL_RIGHTS,
        "number": f"{request.unit.code}〔{request.replied_on.year}〕依申请第{request.reference}号",
        "delivery": request.get_delivery_display(),
    }


def letter_html(request: DisclosureRequest) -> str:
    if not request.result:
        raise ValueError(_("申请尚未答复，没有告知书。"))
    return render_to_string(f"foi/letters/{request.result}.html", letter_context(request))


def letter_pdf(request: DisclosureRequest) -> bytes:
    from weasyprint import HTML

    return HTML(string=letter_html(request)).write_pdf()


def letter_docx(request: DisclosureRequest) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    if not request.result:
        raise ValueError(_("申请尚未答复，没有告知书。"))
    c = letter_context(request)
    r = request
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    heading = document.add_heading(c["title"], level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(c["number"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(f"{r.applicant_name}：")
    document.add_paragraph(
        f"本机关于{r.received_on:%Y年%m月%d日}收到您（单位）提出的政府信息公开申请"
        f"（受理编号：{r.reference}），申请获取：{r.description}"
    )
    document.add_paragraph(c["decision"])
    if c["reason_text"]:
        document.add_paragraph(f"具体情形：{c['reason_text']}。")
    document.add_paragraph(r.reply_text)
    document.add_paragraph(f"依据：{c['basis']}。")
    if r.result in (Result.PUBLIC, Result.PARTIAL):
        document.add_paragraph(f"本机关将按照您选择的方式（{c['delivery']}）提供相关政府信息。")
    document.add_paragraph(c["appeal_rights"])
    document.add_paragraph(r.unit.name).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(f"{r.replied_on:%Y年%m月%d日}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
