"""The vocabularies of 依申请公开, worded as in the annual-report template (国办公开办函〔2021〕30号, table 三).

Applicant types are the template's columns; results and sub-reasons are its rows. The ledger import, the
reply letters, the report and the forms all read these tables, so a wording lives in one place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    """Table 三's columns: 自然人 and the five kinds of 法人或其他组织."""

    NATURAL = "natural", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


#: Column order of table 三 (总计 follows).
APPLICANT_COLUMNS = [c.value for c in ApplicantType]


class Channel(models.TextChoices):
    """How the application arrived (条例 第二十九条、第三十一条)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面")
    LETTER = "letter", _("信函")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


#: 条例 第三十一条: the receipt date each channel uses, as shown to the officer entering it.
RECEIPT_RULE = {
    Channel.IN_PERSON: _("当面提交的，以提交之日为收到申请之日"),
    Channel.LETTER: _(
        "以邮寄方式提交的，以行政机关签收之日为收到申请之日；平常信函等无需签收的，以双方确认之日为收到申请之日"
    ),
    Channel.ONLINE: _("通过互联网渠道提交的，以双方确认之日为收到申请之日"),
    Channel.FAX: _("以传真方式提交的，以双方确认之日为收到申请之日"),
    Channel.EMAIL: _("以电子邮件方式提交的，以双方确认之日为收到申请之日"),
}


class IdType(models.TextChoices):
    """The applicant's document; each is checked by its own rule (core/idcards.py, :data:`ID_RULES`)."""

    ID_CARD = "id_card", _("居民身份证")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    HK_MO_TW = "hk_mo_tw", _("港澳台居民证件")  # before the two permits were told apart: kept for old rows
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件")


#: What the form offers a person and an organisation (the old 港澳台居民证件 is no longer offered).
PERSON_ID_TYPES = (
    IdType.ID_CARD,
    IdType.HK_MACAO_PERMIT,
    IdType.TAIWAN_PERMIT,
    IdType.PASSPORT,
    IdType.OTHER,
)
ORGANISATION_ID_TYPES = (IdType.CREDIT_CODE, IdType.OTHER)


class NotifyBy(models.TextChoices):
    """How the applicant wants to be told of each step (the status page always shows it)."""

    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("手机短信")
    PAGE = "page", _("不需要，我在查询页面查看")


class Form(models.TextChoices):
    """The form in which the applicant wants the information (条例 第二十九条)."""

    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文本")
    READING = "reading", _("现场查阅")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    PICKUP = "pickup", _("当面领取")


class Result(models.TextChoices):
    """Table 三's result rows （一）–（六）."""

    PUBLIC = "public", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


#: The numbered sub-reasons of table 三, by result.
REASONS: dict[str, list[str]] = {
    Result.WITHHELD: [
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ],
    Result.UNAVAILABLE: [
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    ],
    Result.NOT_PROCESSED: [
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ],
    Result.OTHER: [
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ],
}

#: Table 三's row heading per result, with the template's own numbering.
RESULT_HEADINGS = {
    Result.PUBLIC: "（一）予以公开",
    Result.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    Result.WITHHELD: "（三）不予公开",
    Result.UNAVAILABLE: "（四）无法提供",
    Result.NOT_PROCESSED: "（五）不予处理",
    Result.OTHER: "（六）其他处理",
}

ABANDONED = (Result.OTHER.value, 1)
FEE_UNPAID = (Result.OTHER.value, 2)

#: The legal basis each result's 告知书 cites (条例, 国务院令第711号).
LEGAL_BASIS = {
    Result.PUBLIC: "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
    Result.PARTIAL: "《中华人民共和国政府信息公开条例》第三十七条",
    Result.WITHHELD: "《中华人民共和国政府信息公开条例》第十四条、第十五条、第十六条、第三十六条第（三）项",
    Result.UNAVAILABLE: "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项，第三十八条，第三十条",
    Result.NOT_PROCESSED: "《中华人民共和国政府信息公开条例》第三十六条第（六）项、第（七）项，第三十五条，第三十九条",
    Result.OTHER: "《中华人民共和国政府信息公开条例》第三十条、第四十二条，《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
}

#: Reasons for which the 告知书 names a concrete article.
REASON_BASIS = {
    (Result.WITHHELD, 1): "《中华人民共和国政府信息公开条例》第十四条",
    (Result.WITHHELD, 2): "《中华人民共和国政府信息公开条例》第十四条",
    (Result.WITHHELD, 3): "《中华人民共和国政府信息公开条例》第十四条",
    (Result.WITHHELD, 4): "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
    (Result.WITHHELD, 5): "《中华人民共和国政府信息公开条例》第十六条第一款",
    (Result.WITHHELD, 6): "《中华人民共和国政府信息公开条例》第十六条第二款",
    (Result.WITHHELD, 7): "《中华人民共和国政府信息公开条例》第十六条第二款",
    (Result.WITHHELD, 8): "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    (Result.UNAVAILABLE, 1): "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    (Result.UNAVAILABLE, 2): "《中华人民共和国政府信息公开条例》第三十八条",
    (Result.UNAVAILABLE, 3): "《中华人民共和国政府信息公开条例》第三十条",
    (Result.NOT_PROCESSED, 1): "《中华人民共和国政府信息公开条例》第三十九条第一款",
    (Result.NOT_PROCESSED, 2): "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    (Result.NOT_PROCESSED, 3): "《中华人民共和国政府信息公开条例》第三十九条第二款",
    (Result.NOT_PROCESSED, 4): "《中华人民共和国政府信息公开条例》第三十五条",
    (Result.NOT_PROCESSED, 5): "《中华人民共和国政府信息公开条例》第三十九条第二款",
    (Result.OTHER, 1): "《中华人民共和国政府信息公开条例》第三十条",
    (Result.OTHER, 2): "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》",
}


def reason_choices() -> list[tuple[str, str]]:
    """``("withheld:4", "不予公开 4.保护第三方合法权益")`` …, for forms and the admin."""
    out = [(Result.PUBLIC.value, str(Result.PUBLIC.label)), (Result.PARTIAL.value, str(Result.PARTIAL.label))]
    for result, reasons in REASONS.items():
        for i, text in enumerate(reasons, start=1):
            out.append((f"{result}:{i}", f"{Result(result).label} {i}.{text}"))
    return out


def parse_outcome(value: str) -> tuple[str, int]:
    """``"withheld:4"`` → ``("withheld", 4)``; ``"public"`` → ``("public", 0)``; ValueError if unknown."""
    result, _sep, number = (value or "").partition(":")
    if result not in Result.values:
        raise ValueError(f"unknown result {value!r}")
    if result in REASONS:
        if not number.isdigit() or not 1 <= int(number) <= len(REASONS[result]):
            raise ValueError(_("{label}须选择具体情形").format(label=Result(result).label))
        return result, int(number)
    if number:
        raise ValueError(_("{label}没有具体情形").format(label=Result(result).label))
    return result, 0


def outcome_label(result: str, reason: int) -> str:
    if not result:
        return ""
    label = str(Result(result).label)
    if reason and result in REASONS:
        return f"{label}（{reason}.{REASONS[result][reason - 1]}）"
    return label


class AppealKind(models.TextChoices):
    """Table 四's column groups."""

    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")


class AppealOutcome(models.TextChoices):
    MAINTAINED = "maintained", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


def fee_for(position_in_month: int) -> int:
    """The information-processing fee (yuan) for an applicant's ``n``-th application in a natural month.

    国办函〔2020〕109号《政府信息公开信息处理费管理办法》第四条（按件计收）: up to 10 free; the 11th to 30th
    100 yuan each; above 30, the fee rises by 100 yuan for each further band of 10 (31–40: 200, 41–50: 300 …).
    """
    n = int(position_in_month)
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 30 + 9) // 10)
