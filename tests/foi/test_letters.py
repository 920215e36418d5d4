"""The reply letter: its 文号 (a pattern per unit, numbered per year without gaps), the salutation by applicant
type, one paragraph source for the Word and the PDF letter, and Chinese file names.

The salutation follows the published reference texts of 政府信息公开申请答复书, which address the applicant by
name ("×××：") and say "您（或贵单位、贵公司等，下同）" in the text — e.g. 《政府信息公开申请答复参考文本》
(https://m.bdocx.com/doc/27072433.html): a private person is "张三先生" / "李四女士" when the ID number tells the
sex, else the name alone, an organisation its name and 贵单位; never "您（单位）" and never "同志".
"""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote, unquote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from foi import letters, services
from foi.models import DisclosureRequest, LetterCounter, LetterSeries
from tests.pdftext import pdf_text

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def with_check_digit(first17: str) -> str:
    """GB 11643: the 18th character from the weighted sum of the first 17 digits."""
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


MAN = with_check_digit("33010519900101123")  # 17th digit 3: odd, a man
WOMAN = with_check_digit("33010519920202124")  # 17th digit 4: even, a woman


def person(name="张三", number=MAN, id_type="id_card"):
    return services.Applicant(
        applicant_type="natural",
        name=name,
        id_type=id_type,
        id_number=number,
        phone="13812345678",
        email="zhang@example.com",
        address="杭州市拱墅区测试路1号",
    )


def company(name="杭州某某科技有限公司"):
    return services.Applicant(
        applicant_type="business", name=name, contact_person="王经理", phone="0571-88886666"
    )


@pytest.fixture
def register(d, officer):
    def _register(received, *, unit=None, applicant=None, **kw):
        req, _secret = services.register(
            user=kw.pop("user", officer),
            unit=unit or d["dept"],
            channel="in_person",
            received_on=received,
            applicant=applicant or person(),
            description=kw.pop("description", "2025年学区划分方案的会议纪要"),
            form="electronic",
            delivery="post",
            **kw,
        )
        return req

    return _register


def answer(user, req, on, result="unavailable", reason=1, text="经检索，本机关未制作该信息。"):
    return services.reply(user=user, request=req, on=on, result=result, reason=reason, text=text)


# -- the 文号 ------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_numbers_run_per_unit_and_year_without_gaps(d, office, officer, street_officer, register):
    services.set_letter_pattern(user=office, unit=d["dept"], pattern="拱墅教信〔{year}〕第{n}号")
    dept_2025 = [register(date(2025, 3, 3 + i)) for i in range(4)]
    street = [register(date(2025, 3, 10 + i), unit=d["s1"], user=street_officer) for i in range(2)]
    dept_2026 = [register(date(2025, 12, 1)), register(date(2025, 12, 2))]
    for i, req in enumerate(dept_2025):
        answer(officer, req, date(2025, 4, 1 + i))
        if i == 1:  # the street's letters interleave: their own count
            answer(street_officer, street[0], date(2025, 4, 2))
    answer(street_officer, street[1], date(2025, 4, 7))
    for req in dept_2026:
        answer(officer, req, date(2026, 1, 5))

    def numbers(reqs):
        return [DisclosureRequest.objects.get(pk=r.pk).letter_number for r in reqs]

    assert numbers(dept_2025) == [f"拱墅教信〔2025〕第{n}号" for n in range(1, 5)]
    assert numbers(dept_2026) == ["拱墅教信〔2026〕第1号", "拱墅教信〔2026〕第2号"]
    street_series = LetterSeries.objects.get(unit=d["s1"]).pattern  # the default, kept from the first letter
    assert numbers(street) == [letters.format_number(street_series, 2025, n) for n in (1, 2)]
    assert LetterCounter.objects.get(unit=d["dept"], year=2025).last == 4


@pytest.mark.django_db
def test_a_rolled_back_or_refused_reply_leaves_no_gap(d, office, officer, register):
    first, second, third = (register(date(2025, 5, 5 + i)) for i in range(3))
    answer(officer, first, date(2025, 5, 20))
    with pytest.raises(RuntimeError), transaction.atomic():  # e.g. the letter's mail could not be queued
        answer(officer, second, date(2025, 5, 21))
        assert DisclosureRequest.objects.get(pk=second.pk).letter_seq == 2  # given inside the transaction…
        raise RuntimeError("after the number was given")
    assert DisclosureRequest.objects.get(pk=second.pk).letter_number == ""  # …and given back with it
    with pytest.raises(ValidationError):  # 予以公开 without 保密审查: refused before any number is given
        answer(officer, third, date(2025, 5, 21), result="public", reason=0)
    answer(officer, third, date(2025, 5, 22))
    answer(officer, DisclosureRequest.objects.get(pk=second.pk), date(2025, 5, 23))
    seqs = DisclosureRequest.objects.filter(unit=d["dept"], letter_year=2025).order_by("letter_seq")
    assert [r.letter_seq for r in seqs] == [1, 2, 3]
    assert [r.pk for r in seqs] == [first.pk, third.pk, second.pk]


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        "拱墅政信第{n}号",  # no year
        "拱墅政信〔{year}〕第号",  # no number
        "拱墅政信({year})第{n}号",  # the year not in 六角括号
        "〔{year}〕第{n}号",  # no 机关代字
        "拱墅政信〔{year}〕第{n}",  # does not end in 号
        "拱墅政信〔{year}〕第{n}{unit}号",  # an unknown placeholder
        "拱墅政信〔{year}〕第{n.__class__}号",  # format tricks
        "拱墅/政信〔{year}〕第{n}号",  # cannot be a file name
        "拱墅政信〔{year}〕〔{year}〕第{n}号",
        "拱墅政信〔{year}〕第{n}{n}号",
        "拱" * 60 + "〔{year}〕第{n}号",
    ],
)
def test_a_pattern_without_its_placeholders_is_refused(pattern):
    with pytest.raises(ValidationError):
        letters.validate_pattern(pattern)


def test_a_valid_pattern_formats_the_number():
    pattern = letters.validate_pattern(" 拱墅政信〔{year}〕第{n:03d}号 ")
    assert letters.format_number(pattern, 2026, 12) == "拱墅政信〔2026〕第012号"
    assert letters.format_number("拱墅政信〔{year}〕第{n}号", 2026, 12) == "拱墅政信〔2026〕第12号"


@pytest.mark.django_db
def test_the_default_pattern_comes_from_the_units_names(d):
    d["gov"].name = "杭州市拱墅区人民政府"
    d["gov"].save()
    d["dept"].refresh_from_db()
    assert letters.default_pattern(d["gov"]) == "拱墅政信〔{year}〕第{n}号"
    assert letters.default_pattern(d["dept"]) == "拱墅教信〔{year}〕第{n}号"
    taken = {"拱墅教信〔{year}〕第{n}号"}
    assert letters.default_pattern(d["dept"], taken) == "拱墅教育信〔{year}〕第{n}号"
    assert letters.default_pattern(d["s1"]) == "湖墅街信〔{year}〕第{n}号"
    for unit in d.values():
        letters.validate_pattern(letters.default_pattern(unit))


@pytest.mark.django_db
def test_only_the_office_sets_a_pattern_another_units_pattern_is_refused(d, office, officer, register):
    with pytest.raises(PermissionDenied):
        services.set_letter_pattern(user=officer, unit=d["dept"], pattern="拱墅教信〔{year}〕第{n}号")
    services.set_letter_pattern(user=office, unit=d["s1"], pattern="湖墅街信〔{year}〕第{n}号")
    with pytest.raises(ValidationError, match="其他单位"):
        services.set_letter_pattern(user=office, unit=d["dept"], pattern="湖墅街信〔{year}〕第{n}号")
    with pytest.raises(ValidationError):
        services.set_letter_pattern(user=office, unit=d["dept"], pattern="拱墅教信第{n}号")
    # a change mid-year keeps the year's count going, and the history keeps the old pattern
    services.set_letter_pattern(user=office, unit=d["dept"], pattern="教信〔{year}〕第{n}号")
    answer(officer, register(date(2025, 6, 2)), date(2025, 6, 9))
    services.set_letter_pattern(user=office, unit=d["dept"], pattern="拱墅教信〔{year}〕第{n}号")
    req = register(date(2025, 6, 3))
    answer(officer, req, date(2025, 6, 10))
    assert DisclosureRequest.objects.get(pk=req.pk).letter_number == "拱墅教信〔2025〕第2号"
    series = LetterSeries.objects.get(unit=d["dept"])
    assert [h.pattern for h in series.history.order_by("history_date")] == [
        "教信〔{year}〕第{n}号",
        "拱墅教信〔{year}〕第{n}号",
    ]


@pytest.mark.django_db
def test_the_office_sets_the_pattern_in_the_admin_an_officer_may_not(client, d, office, officer):
    officer.is_staff = True
    officer.save()
    add = reverse("admin:foi_letterseries_add")
    client.force_login(officer)
    assert client.post(add, {"unit": d["dept"].pk, "pattern": "拱墅教信〔{year}〕第{n}号"}).status_code == 403
    client.force_login(office)
    page = client.get(f"{add}?unit={d['dept'].pk}")
    assert page.status_code == 200 and "教信〔{year}〕第{n}号" in page.content.decode()
    refused = client.post(add, {"unit": d["dept"].pk, "pattern": "拱墅教信〔2025〕第{n}号"})
    assert refused.status_code == 200 and "年份占位符" in refused.content.decode()
    assert client.post(add, {"unit": d["dept"].pk, "pattern": "拱墅教信〔{year}〕第{n}号"}).status_code == 302
    series = LetterSeries.objects.get(unit=d["dept"])
    assert series.pattern == "拱墅教信〔{year}〕第{n}号"
    history = client.get(reverse("admin:foi_letterseries_history", args=[series.pk]))
    assert history.status_code == 200 and "设置答复书文号格式" in history.content.decode()


# -- the salutation ------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("applicant", "salutation", "you"),
    [
        (person("张三", MAN), "张三先生：", "您"),
        (person("李四", WOMAN), "李四女士：", "您"),
        (person("John Smith", "E12345678", "passport"), "John Smith：", "您"),  # the sex is not known
        (company(), "杭州某某科技有限公司：", "贵单位"),
    ],
)
def test_the_salutation_follows_the_applicant_type(officer, register, applicant, salutation, you):
    req = register(date(2025, 7, 1), applicant=applicant)
    answer(officer, req, date(2025, 7, 8))
    paragraphs = letters.letter_paragraphs(DisclosureRequest.objects.get(pk=req.pk))
    (line,) = [p.text for p in paragraphs if p.style == "salutation"]
    assert line == salutation
    text = "\n".join(p.text for p in paragraphs)
    assert f"收到{you}提出的政府信息公开申请" in text
    assert "您（单位）" not in text and "同志" not in text
    if you == "贵单位":
        assert "您" not in text


# -- one source, two renderers ------------------------------------------------------------------------------
def docx_paragraphs(content: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.django_db
def test_the_pdf_and_the_docx_carry_the_same_paragraphs(d, office, officer, reviewer, register):
    services.set_letter_pattern(user=office, unit=d["dept"], pattern="拱墅教信〔{year}〕第{n}号")
    req = register(date(2025, 9, 26), applicant=person("王五", MAN))
    services.request_correction(
        user=officer, request=req, on=date(2025, 9, 29), text="请写明会议时间。", deadline=date(2025, 10, 20)
    )
    services.receive_correction(user=officer, request=req, on=date(2025, 10, 13))
    services.extend(
        user=officer, request=req, on=date(2025, 11, 3), days=15, approver="办公室主任", reason="需调取档案"
    )
    services.review_secrecy(user=reviewer, request=req, approved=True)
    answer(
        officer,
        req,
        date(2025, 11, 20),
        result="partial",
        reason=0,
        text="会议纪要第二部分涉及第三方信息。\n其余部分见附件。",
    )
    req = DisclosureRequest.objects.get(pk=req.pk)
    source = [p.text for p in letters.letter_paragraphs(req)]
    assert any("发出补正通知" in p and "收到补正材料" in p for p in source)
    assert any("答复期限延长15个工作日" in p for p in source)
    assert source[1] == "拱墅教信〔2025〕第1号" and source[2] == "王五先生："

    words = docx_paragraphs(letters.letter_docx(req))
    assert words == source  # the DOCX: exactly the source's paragraphs, in order
    # the PDF: the same paragraphs in the same order (its lines wrap, so compare without white space)
    pdf = squeeze(pdf_text(letters.letter_pdf(req)))
    at = 0
    for paragraph in source:
        expected = squeeze(paragraph)
        assert pdf[at : at + len(expected)] == expected, paragraph
        at += len(expected)
    assert pdf[at:] == ""


# -- Chinese file names --------------------------------------------------------------------------------------
def filename_star(header: str) -> str:
    assert header.startswith('attachment; filename="') and header.split('"')[1].isascii()
    return unquote(header.split("filename*=UTF-8''", 1)[1])


@pytest.mark.django_db
def test_letters_download_with_their_chinese_names(client, d, office, officer, register):
    services.set_letter_pattern(user=office, unit=d["dept"], pattern="拱墅教信〔{year}〕第{n}号")
    req = register(date(2025, 3, 3))
    answer(officer, req, date(2025, 3, 10))
    req = DisclosureRequest.objects.get(pk=req.pk)
    session = client.session
    session["foi_codes"] = [req.tracking_code]
    session.save()
    for fmt in ("pdf", "docx"):
        response = client.get(reverse("foi:letter", args=[req.tracking_code, fmt]))
        assert response.status_code == 200
        name = f"政府信息无法提供告知书-拱墅教信〔2025〕第1号.{fmt}"
        assert filename_star(response["Content-Disposition"]) == name
        assert quote(name, safe="") in response["Content-Disposition"]
    client.force_login(office)
    response = client.get(reverse("admin:foi_disclosurerequest_letter", args=[req.pk, "docx"]))
    assert (
        filename_star(response["Content-Disposition"]) == "政府信息无法提供告知书-拱墅教信〔2025〕第1号.docx"
    )


def test_a_file_name_never_carries_a_path_or_a_quote():
    from foi.exports import content_disposition

    header = content_disposition('../报告"x".xlsx', "report.xlsx")
    assert filename_star(header) == ".._报告_x_.xlsx" and 'filename="report.xlsx"' in header
