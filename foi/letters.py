"""The reply letter (答复书 / 告知书): one list of paragraphs, rendered as PDF (WeasyPrint) and DOCX (python-docx).

:func:`letter_paragraphs` is the only place a letter's wording is put together: title, 文号, salutation, the
receipt, the 补正 / 征求意见 / 收费 / 延期 steps that happened, the decision and its category's text, the reply,
the legal basis, the remedies (行政复议法 第二十条: sixty days; 行政诉讼法 第四十六条: six months), the
signature and the date. Both renderers walk that list, so the Word and the PDF letter cannot differ
(tests/foi/test_letters.py compares their extracted text paragraph by paragraph).

The salutation follows the practice of the published reference texts (e.g. 政府信息公开申请答复参考文本:
"×××：… 收到您（或贵单位、贵公司等，下同）提出的政府信息公开申请"): a private person is addressed by name, with
先生 / 女士 where the 居民身份证 number tells the sex (GB 11643: the 17th digit is odd for men, even for
women); an organisation by its name and as 贵单位 in the text.

The 文号 follows the pattern the district office sets per unit (:class:`~foi.models.LetterSeries`, e.g.
``拱墅政信〔{year}〕第{n}号``); :func:`validate_pattern`, :func:`format_number` and :func:`default_pattern` are
its rules; the number itself is given by ``foi.services`` when the letter is issued.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from organizations.models import Unit, UnitKind

from .categories import LEGAL_BASIS, REASON_BASIS, REASONS, ApplicantType, IdType, Result
from .models import DisclosureRequest

TITLES = {
    Result.PUBLIC: "政府信息公开申请答复书（予以公开）",
    Result.PARTIAL: "政府信息公开申请答复书（部分公开）",
    Result.WITHHELD: "政府信息不予公开告知书",
    Result.UNAVAILABLE: "政府信息无法提供告知书",
    Result.NOT_PROCESSED: "政府信息公开申请不予处理告知书",
    Result.OTHER: "政府信息公开申请终止处理告知书",
}
#: The decision sentence per result; ``{you}`` is 您 for a person, 贵单位 for an organisation.
DECISIONS = {
    Result.PUBLIC: "经审查，{you}申请获取的政府信息属于公开范围，本机关决定予以公开。",
    Result.PARTIAL: "经审查，{you}申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，"
    "本机关向{you}提供可以公开的部分，对不予公开的部分说明理由如下。",
    Result.WITHHELD: "经审查，{you}申请获取的政府信息依法不予公开，理由如下。",
    Result.UNAVAILABLE: "经检索查找，本机关无法向{you}提供所申请的政府信息，理由如下。",
    Result.NOT_PROCESSED: "经审查，{you}的申请本机关不作为政府信息公开申请处理，理由如下。",
    Result.OTHER: "本机关不再处理{you}的政府信息公开申请，理由如下。",
}
#: What the letter adds for a result that hands information over.
PROVIDING = {
    Result.PUBLIC: "本机关将按照{you}选择的方式（{delivery}）向{you}提供该政府信息。",
    Result.PARTIAL: "可以公开的部分，本机关将按照{you}选择的方式（{delivery}）向{you}提供；"
    "不予公开的部分已作区分处理。",
}
REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议，"
    "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
)


# -- the 文号 ---------------------------------------------------------------------------------------------
PATTERN_MAX = 60
_N = re.compile(r"\{n(?::0([1-6])d)?\}")
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def validate_pattern(pattern: str) -> str:
    """The pattern, stripped, or ValidationError: ``机关代字〔{year}〕…{n}…号`` with exactly one ``{year}`` (in
    六角括号, GB/T 9704) and one ``{n}`` (or ``{n:03d}``), no other braces, no characters a file name or a
    page could not carry."""
    pattern = (pattern or "").strip()
    if not pattern:
        raise ValidationError(_("请填写文号格式。"))
    if len(pattern) > PATTERN_MAX:
        raise ValidationError(_("文号格式不能超过{limit}字。").format(limit=PATTERN_MAX))
    if _FORBIDDEN.search(_N.sub("", pattern)):
        raise ValidationError(_('文号格式不能含有 / \\ : * ? " < > | 或控制字符。'))
    if pattern.count("{year}") != 1 or "〔{year}〕" not in pattern:
        raise ValidationError(_("文号格式须含一个年份占位符，写作〔{year}〕（年份用六角括号）。"))
    if len(_N.findall(pattern)) != 1:
        raise ValidationError(_("文号格式须含一个序号占位符 {n}（或补零的 {n:03d}）。"))
    rest = _N.sub("", pattern.replace("{year}", ""))
    if "{" in rest or "}" in rest:
        raise ValidationError(_("文号格式只能使用 {year} 和 {n} 两个占位符。"))
    if pattern.index("〔") == 0:
        raise ValidationError(_("文号格式须以机关代字开头，如 拱墅政信〔{year}〕第{n}号。"))
    if not pattern.endswith("号"):
        raise ValidationError(_("文号格式须以“号”结尾。"))
    return pattern


def format_number(pattern: str, year: int, n: int) -> str:
    """``拱墅政信〔{year}〕第{n}号`` → ``拱墅政信〔2026〕第12号`` (no str.format on the office's text)."""

    def number(match: re.Match[str]) -> str:
        width = int(match.group(1) or 0)
        return str(n).zfill(width)

    return _N.sub(number, pattern.replace("{year}", str(year)))


_PLACE = re.compile(r"([^省市州盟]{1,4}?)([区县旗])(?:人民政府)?$")


def _place(unit: Unit) -> tuple[str, str]:
    root = unit.get_root() if unit.pk else unit
    for name in (root.name, root.short_name):
        found = _PLACE.search(name or "")
        if found and found.group(1) not in ("", "本"):
            return found.group(1), found.group(2)
    return "", ""


def place_name(unit: Unit) -> str:
    """The district's name without 区/县 (杭州市拱墅区人民政府 → 拱墅), from the root of the unit's tree."""
    return _place(unit)[0]


def district_name(unit: Unit) -> str:
    """The district as its annual report names it (杭州市拱墅区人民政府 → 拱墅区); "" when the name says none."""
    return "".join(_place(unit))


def _stem(unit: Unit, place: str) -> str:
    """The words of a unit's name that tell it apart (区教育局 → 教育局, 湖墅街道办事处 → 湖墅)."""
    name = unit.short_name or unit.name
    for prefix in (place + "区", place + "县", place, "区", "县"):
        if prefix and name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    for suffix in ("街道办事处", "街道", "人民政府", "社区居民委员会", "社区", "村民委员会", "村委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def default_pattern(unit: Unit, taken: Iterable[str] = ()) -> str:
    """A sensible 文号 for a unit the office has not set one for, not used by another unit: the district
    government 拱墅政信, a department 拱墅 + the first character of its name + 信 (拱墅教信; more characters
    when that is taken: 拱墅城管信), a street 湖墅街信, a township 某镇信, a community 卖鱼桥社信."""
    taken = set(taken)
    place = place_name(unit)
    stem = _stem(unit, place)
    if unit.kind == UnitKind.GOVERNMENT and unit.parent_id is None:
        candidates = [f"{place}政信"]
    elif unit.kind == UnitKind.STREET:
        candidates = [f"{stem}街信"]
    elif unit.kind == UnitKind.TOWNSHIP:
        candidates = [f"{stem}镇信"]
    elif unit.kind in (UnitKind.COMMUNITY, UnitKind.VILLAGE):
        candidates = [f"{stem}社信" if unit.kind == UnitKind.COMMUNITY else f"{stem}村信"]
    else:
        candidates = [f"{place}{stem[:size]}信" for size in range(1, len(stem) + 1)]
    candidates.append(f"{candidates[-1]}{unit.code}")
    patterns = [f"{code}〔{{year}}〕第{{n}}号" for code in candidates if code != "信"]
    return next((p for p in patterns if p not in taken), patterns[-1])


# -- the letter as paragraphs -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a letter; ``style`` says how both renderers set it."""

    text: str
    style: str = "body"  # title | number | salutation | body | basis | signature | date


def cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def honorific(request: DisclosureRequest) -> str:
    """先生 / 女士 from a 居民身份证 number's sex digit (GB 11643), else nothing (the sex is not known)."""
    number = (request.id_number or "").strip().upper()
    if request.id_type != IdType.ID_CARD:
        return ""
    if re.fullmatch(r"\d{17}[\dX]", number):
        digit = int(number[16])
    elif re.fullmatch(r"\d{15}", number):
        digit = int(number[14])
    else:
        return ""
    return "先生" if digit % 2 else "女士"


def addressee(request: DisclosureRequest) -> tuple[str, str]:
    """(the salutation, how the text says "you"): 张三先生 / 您, or 某某有限公司 / 贵单位; never 您（单位）."""
    name = " ".join((request.applicant_name or "").split())
    if request.anonymised or not name:
        return "申请人", "您"
    if request.applicant_type == ApplicantType.NATURAL:
        return f"{name}{honorific(request)}", "您"
    return name, "贵单位"


def review_body(unit: Unit) -> str:
    """Who hears a 行政复议 (行政复议法 2023 第二十四条): the district government for its departments and
    派出机关, the next government up for the district government itself."""
    root = unit.get_root() if unit.pk else unit
    if unit.pk == root.pk and unit.kind == UnitKind.GOVERNMENT:
        return "上一级人民政府"
    return root.name if root.kind == UnitKind.GOVERNMENT else "本机关的上一级主管部门或者本级人民政府"


def _steps(r: DisclosureRequest, you: str) -> list[str]:
    """The 补正, 征求意见, 收费 and 延期 steps that happened, in the order of the procedure."""
    out = []
    if r.correction_requested_on:
        asked = f"本机关于{cn_date(r.correction_requested_on)}向{you}发出补正通知"
        if r.correction_received_on:
            out.append(
                f"{asked}，于{cn_date(r.correction_received_on)}收到补正材料，"
                "答复期限自收到补正材料之日起重新计算。"
            )
        else:
            deadline = f"（补正期限{cn_date(r.correction_deadline)}）" if r.correction_deadline else ""
            out.append(f"{asked}{deadline}，{you}未在补正期限内补正。")
    for consultation in r.consultations.all():
        out.append(
            f"本机关于{cn_date(consultation.sent_on)}书面征求第三方意见，征求意见所需时间不计算在答复期限内。"
        )
    if r.fee_notified_on:
        paid = f"，{you}于{cn_date(r.fee_paid_on)}缴纳" if r.fee_paid_on else ""
        out.append(
            f"本机关于{cn_date(r.fee_notified_on)}向{you}发出收费通知（信息处理费{r.fee_amount}元）{paid}。"
        )
    if r.extension_days:
        told = f"，本机关已于{cn_date(r.extended_on)}告知{you}" if r.extended_on else ""
        out.append(f"经本机关政府信息公开工作机构负责人同意，答复期限延长{r.extension_days}个工作日{told}。")
    return out


def letter_paragraphs(request: DisclosureRequest) -> list[Paragraph]:
    """The letter of a replied request, paragraph by paragraph: the one source of the PDF and the DOCX."""
    if not request.result or not request.replied_on:
        raise ValueError(_("申请尚未答复，没有告知书。"))
    r, result = request, Result(request.result)
    salutation, you = addressee(r)
    paragraphs = [Paragraph(TITLES[result], "title")]
    if r.letter_number:
        paragraphs.append(Paragraph(r.letter_number, "number"))
    paragraphs.append(Paragraph(f"{salutation}：", "salutation"))
    received = cn_date(r.received_on) if r.received_on else ""
    description = " ".join((r.description or "").split())
    body = [
        f"本机关于{received}收到{you}提出的政府信息公开申请（受理编号：{r.reference}），申请获取：{description}",
        *_steps(r, you),
        DECISIONS[result].format(you=you),
    ]
    if r.result_reason and result in REASONS:
        body.append(f"具体情形：{REASONS[result][r.result_reason - 1]}。")
    if result in PROVIDING:
        body.append(PROVIDING[result].format(you=you, delivery=r.get_delivery_display()))
    body += [" ".join(line.split()) for line in (r.reply_text or "").splitlines() if line.strip()]
    paragraphs += [Paragraph(text) for text in body]
    basis = REASON_BASIS.get((result, r.result_reason)) or LEGAL_BASIS[result]
    paragraphs += [
        Paragraph(f"依据：{basis}。", "basis"),
        Paragraph(REMEDY.format(body=review_body(r.unit))),
        Paragraph(r.unit.name, "signature"),
        Paragraph(cn_date(r.replied_on), "date"),
    ]
    return paragraphs


# -- the two renderers -------------------------------------------------------------------------------------
def letter_html(request: DisclosureRequest) -> str:
    paragraphs = letter_paragraphs(request)
    return render_to_string(
        "foi/letters/letter.html", {"title": paragraphs[0].text, "paragraphs": paragraphs[1:]}
    )


def letter_pdf(request: DisclosureRequest) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=letter_html(request)).write_pdf())


def letter_docx(request: DisclosureRequest) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    align = {"title": WD_ALIGN_PARAGRAPH.CENTER, "number": WD_ALIGN_PARAGRAPH.RIGHT}
    align |= {"signature": WD_ALIGN_PARAGRAPH.RIGHT, "date": WD_ALIGN_PARAGRAPH.RIGHT}
    for p in letter_paragraphs(request):
        if p.style == "title":
            paragraph = document.add_heading(p.text, level=1)
        else:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(p.text)
            run.bold = p.style == "basis"
            if p.style in ("body", "basis"):
                paragraph.paragraph_format.first_line_indent = Pt(24)
        if p.style in align:
            paragraph.alignment = align[p.style]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_filename(request: DisclosureRequest, fmt: str) -> str:
    """``政府信息公开申请答复书-拱墅政信〔2026〕第12号.pdf`` (the 受理编号 when a ledger letter has no 文号)."""
    title = re.sub(r"（.*?）", "", TITLES[Result(request.result)])
    return f"{title}-{request.letter_number or request.reference}.{fmt}"


def letter_fallback_filename(request: DisclosureRequest, fmt: str) -> str:
    """The ASCII name for clients that ignore RFC 5987's ``filename*``."""
    return f"foi-reply-{request.tracking_code}.{fmt}"
