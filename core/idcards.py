"""Identity document numbers, each checked by its own rule (the 依申请公开 form, and any other form that asks).

* 居民身份证 (GB 11643-1999): 17 digits and a check character by ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3
  7 9 10 5 8 4 2, check characters 1 0 X 9 8 7 6 5 4 3 2); digits 7–14 are the birth date, which must be a
  real date, not in the future and not before 1900. The 15-digit numbers were withdrawn (2013) and are refused.
* 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 or 10 digits.
* 台湾居民来往大陆通行证: 8 digits.
* 护照: 5 to 17 letters and digits.
* 统一社会信用代码 (GB 32100-2015): 18 characters of the code's alphabet (digits and upper-case letters without
  I O Z S V); the last is a check character, MOD 31 with weights 3^i mod 31.

Every function takes what a person typed, returns the number in its canonical form (spaces removed, letters
upper-cased, full-width characters folded) or raises ``ValidationError`` in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: GB 11643-1999, ISO 7064 MOD 11-2.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
#: GB 32100-2015.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def clean(value: str) -> str:
    """What was typed, as one upper-case word: full-width folded (NFKC), spaces and hyphens removed."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-－—_]+", "", text).upper()


def id_card_check(first17: str) -> str:
    """The GB 11643 check character of 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def birth_date(number: str) -> date | None:
    """The birth date digits 7–14 of an 18-character number stand for, or None if they are no date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_card(value: str, *, today: date | None = None) -> str:
    """A 居民身份证 number (GB 11643-1999)."""
    number = clean(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(_("15位身份证号码已停止使用，请填写18位号码。"))
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("居民身份证号码应为18位：17位数字加1位数字或X。"))
    born = birth_date(number)
    today = today or timezone.localdate()
    if born is None:
        raise ValidationError(_("身份证号码中的出生日期不存在。"))
    if born > today:
        raise ValidationError(_("身份证号码中的出生日期晚于今天。"))
    if born.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期早于1900年。"))
    if id_card_check(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对后重新填写。"))
    return number


def validate_hk_macao_permit(value: str) -> str:
    """A 港澳居民来往内地通行证 number: H or M and 8 or 10 digits."""
    number = clean(value)
    if not re.fullmatch(r"[HM](\d{8}|\d{10})", number):
        raise ValidationError(_("港澳居民来往内地通行证号码应为H或M加8位或10位数字。"))
    return number


def validate_taiwan_permit(value: str) -> str:
    """A 台湾居民来往大陆通行证 number: 8 digits."""
    number = clean(value)
    if not re.fullmatch(r"\d{8}", number):
        raise ValidationError(_("台湾居民来往大陆通行证号码应为8位数字。"))
    return number


def validate_passport(value: str) -> str:
    """A passport number: 5 to 17 letters and digits (countries differ; no other rule is common to all)."""
    number = clean(value)
    if not re.fullmatch(r"[A-Z0-9]{5,17}", number):
        raise ValidationError(_("护照号码应为5至17位字母或数字。"))
    return number


def credit_code_check(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """A 统一社会信用代码 (GB 32100-2015)."""
    code = clean(value)
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        raise ValidationError(_("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"))
    if not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码的第3至8位应为行政区划代码。"))
    if credit_code_check(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对后重新填写。"))
    return code


def validate_other(value: str) -> str:
    number = clean(value)
    if not re.fullmatch(r"[A-Z0-9()（）]{2,40}", number):
        raise ValidationError(_("证件号码只能由字母、数字组成。"))
    return number


#: Validators by the document kinds forms name (foi.categories.IdType's values).
VALIDATORS: dict[str, Callable[[str], str]] = {
    "id_card": validate_id_card,
    "hk_macao_permit": validate_hk_macao_permit,
    "taiwan_permit": validate_taiwan_permit,
    "passport": validate_passport,
    "credit_code": validate_credit_code,
    "other": validate_other,
}


def validate(kind: str, value: str) -> str:
    """The number of a document ``kind`` (a key of :data:`VALIDATORS`), canonical, or ValidationError."""
    check = VALIDATORS.get(kind, validate_other)
    return check(value)
