"""Tiers by meaning, the --tier and --allow-missing options, and a hostile sheet XML."""

import io
import zipfile

import pytest

from catalog import excel
from catalog.importer import allowed_missing, tier_of, tier_option


@pytest.mark.parametrize(
    "label, tiers",
    [
        ("县级", ("district",)),
        ("区级", ("district",)),
        ("东阳市级", ("district",)),
        ("县（市、区）级", ("district",)),
        ("乡级", ("street",)),
        ("镇街乡", ("street",)),
        ("乡镇（街道）", ("street",)),
        ("街道", ("street",)),
        ("镇(街)级", ("street",)),
        ("村", ("community",)),
        ("村级", ("community",)),
        ("村（社区）", ("community",)),
        ("社区", ("community",)),
        ("嘎查(社区)级", ("community",)),
        ("乡、村级", ("street", "community")),
        ("乡镇(街道)、村(社区)级", ("street", "community")),
        ("市级", ("city",)),
        ("全社会", None),
        ("公开主体", None),
    ],
)
def test_tiers_are_read_by_meaning(label, tiers):
    assert tier_of(label) == tiers


def test_outside_a_tier_group_a_label_must_say_it_is_a_tier():
    assert tier_of("所属街道", under_group=False) is None
    assert tier_of("镇级", under_group=False) == ("street",)


@pytest.mark.parametrize(
    "value, tier",
    [
        ("district", "district"),
        ("区级", "district"),
        ("县级", "district"),
        ("街道", "street"),
        ("乡镇", "street"),
        ("社区", "community"),
        ("村", "community"),
    ],
)
def test_tier_option_accepts_english_and_chinese(value, tier):
    assert tier_option(value) == tier


@pytest.mark.parametrize("value", ["乡、村级", "省级", "whatever"])
def test_tier_option_names_exactly_one_tier(value):
    with pytest.raises(ValueError):
        tier_option(value)


def test_allow_missing_accepts_header_spellings():
    keys, unknown = allowed_missing(["公开依据", "公开渠道,公开时限", "名称"])
    assert keys == {"basis", "channels", "time_limit"} and unknown == ["名称"]


def test_a_sheet_with_an_entity_bomb_is_refused():
    from tests.catalog.workbooks import build

    source = io.BytesIO(build())
    out = io.BytesIO()
    lol = "".join(f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "lol">{lol}]>'
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                assert b"<sheetData>" in body
                data = bomb.encode() + body.replace(
                    b"<sheetData>",
                    b'<sheetData><row r="999"><c r="A999" t="inlineStr"><is><t>&l9;</t></is></c></row>',
                    1,
                )
            zout.writestr(info, data)
    with pytest.raises(excel.WorkbookRefused) as refused:
        excel.read_book(out.getvalue())
    assert "无法读取工作簿" in refused.value.message
