"""core/idcards.py: each identity document by its own rule. Every number here is computed for the test (the
check character by an implementation written here, separately from the module's), none is a real person's;
11010519491231002X is the worked example printed in GB 11643-1999 itself."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core import idcards

TODAY = date(2026, 12, 7)


def gb11643(first17: str) -> str:
    """ISO 7064 MOD 11-2 written out: sum of digit × 2^(17-i) mod 11, then the standard's table."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    return "10X98765432"[total % 11]


def id_number(region: str, born: str, seq: str) -> str:
    first17 = region + born + seq
    return first17 + gb11643(first17)


def gb32100(first17: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(alphabet.index(c) * (3**i % 31) for i, c in enumerate(first17))
    return alphabet[(31 - total % 31) % 31]


def test_the_standards_worked_example_is_valid():
    assert idcards.validate_id_card("11010519491231002X", today=TODAY) == "11010519491231002X"
    assert idcards.validate_id_card("11010519491231002x", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("born", "seq"), [("19900307", "123"), ("19920202", "123"), ("20000229", "456"), ("19851231", "007")]
)
def test_computed_numbers_are_valid_and_one_wrong_digit_is_not(born, seq):
    good = id_number("330105", born, seq)
    assert idcards.validate_id_card(good, today=TODAY) == good
    assert idcards.validate_id_card(f" {good[:6]} {good[6:14]} {good[14:]} ", today=TODAY) == good
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        idcards.validate_id_card(wrong, today=TODAY)


def test_an_x_check_character_is_accepted_only_where_it_belongs():
    # find a computed number whose check character is X, and one whose is not
    with_x = next(
        id_number("330105", "19900101", f"{n:03d}")
        for n in range(1000)
        if gb11643(f"33010519900101{n:03d}") == "X"
    )
    assert idcards.validate_id_card(with_x, today=TODAY).endswith("X")
    without_x = id_number("330105", "19900101", "001")
    assert not without_x.endswith("X")
    with pytest.raises(ValidationError, match="校验位"):
        idcards.validate_id_card(without_x[:17] + "X", today=TODAY)


@pytest.mark.parametrize(
    ("born", "message"),
    [("19900230", "不存在"), ("20230229", "不存在"), ("19901301", "不存在"), ("20270101", "晚于今天")],
)
def test_the_birth_date_must_be_real_and_past(born, message):
    number = id_number("330105", born, "123")  # the check character is right: the date alone is wrong
    with pytest.raises(ValidationError, match=message):
        idcards.validate_id_card(number, today=TODAY)


@pytest.mark.parametrize("value", ["33010519900307123", "3301051990030712345", "33010519900307123Y", ""])
def test_wrong_shapes_are_refused(value):
    with pytest.raises(ValidationError):
        idcards.validate_id_card(value, today=TODAY)


def test_fifteen_digit_numbers_are_refused_with_a_reason():
    with pytest.raises(ValidationError, match="15位"):
        idcards.validate_id_card("330105900307123", today=TODAY)


@pytest.mark.parametrize("value", ["H12345678", "M1234567890", "h 1234 5678"])
def test_hong_kong_and_macao_permits(value):
    assert idcards.validate_hk_macao_permit(value)[0] in "HM"


@pytest.mark.parametrize("value", ["H1234567", "A12345678", "H123456789", "12345678"])
def test_bad_hong_kong_and_macao_permits(value):
    with pytest.raises(ValidationError):
        idcards.validate_hk_macao_permit(value)


def test_taiwan_permits():
    assert idcards.validate_taiwan_permit("12345678") == "12345678"
    for bad in ("1234567", "123456789", "T1234567"):
        with pytest.raises(ValidationError):
            idcards.validate_taiwan_permit(bad)


def test_passports():
    assert idcards.validate_passport("e12345678") == "E12345678"
    assert idcards.validate_passport("AB123") == "AB123"
    for bad in ("AB12", "A" * 18, "E1234#678"):
        with pytest.raises(ValidationError):
            idcards.validate_passport(bad)


@pytest.mark.parametrize("first17", ["91330105MA2B3C4D5", "12330105470000000", "51330105MJ8765432"])
def test_credit_codes(first17):
    good = first17 + gb32100(first17)
    assert idcards.validate_credit_code(good.lower()) == good
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    wrong = first17 + alphabet[(alphabet.index(good[17]) + 1) % 31]
    with pytest.raises(ValidationError, match="校验位"):
        idcards.validate_credit_code(wrong)


@pytest.mark.parametrize("value", ["91330105MA2B3C4D5", "91330105MA2B3C4DOY", "9133010SMA2B3C4D5Y"])
def test_credit_codes_of_the_wrong_shape(value):
    with pytest.raises(ValidationError):
        idcards.validate_credit_code(value)


def test_validate_dispatches_by_kind():
    with pytest.raises(ValidationError, match="身份证"):
        idcards.validate("id_card", "12345")
    assert idcards.validate("taiwan_permit", "12345678") == "12345678"
