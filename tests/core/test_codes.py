"""core/codes.py: codes without look-alikes, grouped for reading, and what people type normalised."""

import re

from core import codes


def test_generated_codes_have_no_confusable_characters():
    seen = "".join(codes.generate(12) for _ in range(300))
    assert not set(seen) & set("0O1IlLU"), "a confusable character was generated"
    assert set(seen) <= set(codes.ALPHABET)
    assert len(set(seen)) > 20  # and it is random over the whole alphabet


def test_groups_are_for_reading_and_cleaning_undoes_them():
    code = "K7QM4XPA9RTD"
    assert codes.group(code) == "K7QM-4XPA-9RTD"
    for typed in ("k7qm-4xpa-9rtd", " K7QM 4XPA 9RTD ", "Ｋ７ＱＭ－４ＸＰＡ－９ＲＴＤ", "k7qm—4xpa·9rtd"):
        assert codes.clean(typed) == code
        assert codes.candidates(typed)[0] == code


def test_old_codes_with_l_match_when_misread_as_1_or_i():
    old = "YSHL7KL2MNPL"  # the former alphabet had L
    assert codes.candidates("yshl7kl2mnpl")[0] == old
    assert old in codes.candidates("YSH17K12MNPL")
    assert old in codes.candidates("ysHi7kI2mnpl")
    assert not codes.is_code(old)


def test_is_code():
    assert codes.is_code(codes.generate(10))
    assert not codes.is_code("")
    assert not re.fullmatch(r"[A-Z0-9]+", "K7QM-4XPA")
    assert not codes.is_code("K7QM-4XPA")
