"""The column mapping (catalog/importer/mapping.py, issue 22): what the guess makes of a header, what it says it
assumed, and how the office's corrections (by letter or by header words) change what is read.

The layouts of the issue's refused catalogs are rebuilt here from its description (县级 | 镇级 | 乡、村级;
县 | 乡镇 | 村 | 组; 事项类别 | 事项名称 with 责任科室 and no 公开主体; a channel written as a site name and its
web address); the published catalogs are in test_importer_mapping_real.py.
"""

from __future__ import annotations

import io

import pytest

from catalog.importer import parse_workbook
from catalog.importer.mapping import (
    IGNORE,
    MappingError,
    apply_columns,
    guess_sheet,
    role_of_words,
    signature,
)
from catalog.models import Channel
from tests.catalog.workbooks import raw

pytestmark = pytest.mark.django_db

HEAD = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
ROW = ["●甲", "《条例》", "信息形成或者变更之日起20个工作日内", "区教育局", "■政府网站"]


def parse(rows, merges=(), **options):
    return parse_workbook(io.BytesIO(raw(rows, merges=merges)), **options)


def roles(plan) -> dict[str, str]:
    return {c.header: c.role for c in plan.mapping[0].columns}


# -- tiers by meaning ---------------------------------------------------------------------------------------------
def test_three_tier_columns_for_three_tiers_are_read_by_meaning_not_refused():
    """县级 | 镇级 | 乡、村级 was refused as 公开层级列重复: the 乡、村级 column is the community tier."""
    top = [*HEAD, "公开层级", None, None]
    sub = [None] * len(HEAD) + ["县级", "镇级", "乡、村级"]
    rows = [
        top,
        sub,
        [1, "招生管理", "招生范围", *ROW, None, "√", "√"],
        [2, "招生管理", "学区", *ROW, "√", None, None],
    ]
    plan = parse(rows, merges=("I1:K1",))
    assert plan.ok, [str(e) for e in plan.errors]
    assert [c.role for c in plan.mapping[0].columns][-3:] == [
        "tier:district",
        "tier:street",
        "tier:community",
    ]
    first, second = plan.rows
    assert (first.data.tier_street, first.data.tier_community, first.data.tier_district) == (
        True,
        True,
        False,
    )
    assert second.data.tier_district and not second.data.tier_street
    # the reading is an assumption, listed for review with what it did
    assert [(a.column, a.kind) for a in plan.assumptions] == [("K", "column")]
    assert "按含义读作社区级" in plan.assumptions[0].message


def test_four_tier_columns_map_the_most_local_ones_to_the_lowest_tier():
    rows = [
        [*HEAD, "县", "乡镇", "村", "组"],
        [1, "村务", "低保", *ROW, None, None, None, "√"],
        [2, "村务", "五保", *ROW, "√", None, None, None],
    ]
    plan = parse(rows)
    assert plan.ok, [str(e) for e in plan.errors]
    assert list(roles(plan).values())[-4:] == [
        "tier:district",
        "tier:street",
        "tier:community",
        "tier:community",
    ]
    assert plan.rows[0].data.tier_community and not plan.rows[0].data.tier_street
    assert "任一列勾选即为该层级" in plan.mapping[0].columns[-1].note


# -- names: a category is a level --------------------------------------------------------------------------------
GONGSHU_CHANNEL = "拱墅区人民政府门户网站：http://www.gongshu.gov.cn"


def category_sheet():
    return [
        [
            "事项类别",
            "事项名称",
            "公开内容",
            "公开依据",
            "公开时限",
            "责任科室",
            "公开渠道",
            "全社会",
            "特定群体",
            "主动",
            "依申请",
        ],
        [
            "财政资金",
            "部门预算",
            "●预算表",
            "《预算法》",
            "批复后20日内",
            "财务科",
            GONGSHU_CHANNEL,
            "√",
            None,
            "√",
            None,
        ],
        [
            None,
            "部门决算",
            "●决算表",
            "《预算法》",
            "批复后20日内",
            "财务科",
            GONGSHU_CHANNEL,
            "√",
            None,
            "√",
            None,
        ],
    ]


def test_a_category_column_is_a_level_and_the_office_column_offers_the_subject():
    plan = parse(category_sheet(), tier="district")
    assert plan.ok, [str(e) for e in plan.errors]
    assert roles(plan)["事项类别"] == "l1" and roles(plan)["事项名称"] == "l2"
    assert [r.path for r in plan.rows] == [("财政资金", "部门预算"), ("财政资金", "部门决算")]
    row = plan.rows[0]
    assert row.data.subject_text == "财务科" and row.data.responsible_office == "财务科"
    assert "subject" in {a.kind for a in row.assumptions}
    # the site name and its address stay one channel, the words kept
    assert row.data.channels == [(Channel.WEBSITE, True, GONGSHU_CHANNEL)]
    assert not [w for w in plan.warnings if "gongshu" in str(w)]


def test_the_office_maps_the_office_column_to_a_note_and_the_subject_is_then_missing():
    plan = parse(
        category_sheet(), tier="district", mapping={"columns": [{"column": "责任科室", "role": "备注"}]}
    )
    assert plan.ok
    row = plan.rows[0]
    assert row.data.subject_text == "" and "责任科室：财务科" in row.data.notes
    assert "missing" in {a.kind for a in row.assumptions}  # 目录缺少「公开主体」列, 待核对
    assert plan.assumptions == []  # the office confirmed the mapping: no column is a guess any more


# -- the office's corrections -------------------------------------------------------------------------------------
def test_a_column_is_corrected_by_letter_or_by_header_words():
    rows = [
        ["序号", "一级事项", "公开内容", "公开要求", "公开主体", "公开渠道", "区级"],
        [1, "招生范围", "●范围", "信息形成（变更）20个工作日内。", "区教育局", "政府网站", "√"],
    ]
    guessed = parse(rows)
    assert roles(guessed)["公开要求"] == IGNORE and guessed.rows[0].data.time_limit_text == ""
    by_words = parse(rows, mapping={"columns": [{"column": "公开要求", "role": "时限"}]})
    by_letter = parse(rows, mapping={"columns": [{"column": "D", "role": "time_limit"}]})
    for plan in (by_words, by_letter):
        assert plan.rows[0].data.time_limit_text == "信息形成（变更）20个工作日内。"
        assert plan.rows[0].rule_understood


def test_an_unknown_role_or_two_columns_of_one_role_stop_the_sheet():
    rows = category_sheet()
    plan = parse(rows, tier="district", mapping={"columns": [{"column": "C", "role": "飞鸽"}]})
    assert not plan.ok and "无法识别的列用途「飞鸽」" in str(plan.errors[0])
    plan = parse(rows, tier="district", mapping={"columns": [{"column": "D", "role": "content"}]})
    assert not plan.ok and "两列用途相同" in str(plan.errors[0]) and plan.rows == []


def test_a_column_without_a_header_is_listed_and_can_be_given_a_role():
    rows = [
        ["序号", None, "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "区级"],
        [1, "计划生育", "独生子女父母奖励", *ROW, "√"],
    ]
    guessed = parse(rows)
    blank = guessed.mapping[0].column("B")
    assert blank.role == IGNORE and blank.samples == ["计划生育"] and blank.note == "没有表头的列，已忽略"
    assert guessed.mapping[0].column("C").role == "l1"  # the only name column: the first level
    alone = parse(rows, mapping={"columns": [{"column": "B", "role": "一级"}]})
    assert "两列用途相同" in str(alone.errors[0])  # B and C are both the first level now
    plan = parse(
        rows, mapping={"columns": [{"column": "B", "role": "一级"}, {"column": "C", "role": "二级"}]}
    )
    assert plan.ok and plan.rows[0].path == ("计划生育", "独生子女父母奖励")


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("时限", "time_limit"),
        ("公开主体", "subject"),
        ("备注", "note"),
        ("忽略", IGNORE),
        ("二级", "l2"),
        ("县级", "tier:district"),
        ("乡、村级", "tier:street+community"),
        ("社区", "tier:community"),
        ("tier:street", "tier:street"),
        ("公开层级：街道级（乡镇）", "tier:street"),
        ("飞鸽传书", None),
        ("", None),
    ],
)
def test_role_words(words, role):
    assert role_of_words(words) == role


def test_a_correction_for_a_column_another_sheet_lacks_is_only_noted():
    rows = category_sheet()
    sheet_map = guess_sheet("义务教育", rows, [])
    assert apply_columns(sheet_map, [{"column": "ZZ", "role": "note"}]) == ["ZZ"]
    with pytest.raises(MappingError):
        apply_columns(sheet_map, [{"column": "A", "role": "什么"}])


def test_the_signature_is_the_header_words_not_the_data():
    rows = category_sheet()
    other_data = [rows[0], ["x", "y", *([None] * 9)]]
    assert guess_sheet("a", rows, []).signature == guess_sheet("b", other_data, []).signature
    renamed = [["事项分类", *rows[0][1:]], *rows[1:]]
    assert guess_sheet("a", renamed, []).signature != guess_sheet("a", rows, []).signature
    assert signature(["公开 内容", "公开时限", None]) == signature(["公开内容", "公开时限"])


# -- cells an officer settles afterwards --------------------------------------------------------------------------
def test_a_dash_for_a_name_means_no_name_at_that_level():
    rows = [[*HEAD, "区级"], [1, "征地管理政策", "─", *ROW, "√"], [2, "征地公告", "—", *ROW, "√"]]
    plan = parse(rows)
    assert plan.ok and [r.path for r in plan.rows] == [("征地管理政策",), ("征地公告",)]


def test_words_in_a_tick_column_tick_it_and_are_kept():
    rows = [
        [*HEAD, "全社会", "特定群体", "主动", "依申请", "区级"],
        [1, "办理过程", "办理进展", *ROW, None, "项目单位", None, None, "√"],
    ]
    plan = parse(rows)
    assert plan.ok
    data = plan.rows[0].data
    assert (data.audience_public, data.audience_specific) == (False, True)
    assert (data.mode_proactive, data.mode_on_request) == (True, False)  # none ticked: the default
    assert data.notes == ["特定群体：项目单位"]
    assert sorted(a.kind for a in plan.rows[0].assumptions) == ["mode", "words"]


def test_a_time_limit_read_with_a_default_or_not_at_all_is_to_confirm():
    rows = [[*HEAD, "区级"], [1, "甲", "乙", "●甲", "《条例》", "每年年初", "区教育局", "■政府网站", "√"]]
    rows.append([2, "甲", "丙", "●甲", "《条例》", "年中", "区教育局", "■政府网站", "√"])
    rows.append([3, "甲", "丁", "●甲", "《条例》", "20个工作日", "区教育局", "■政府网站", "√"])
    plan = parse(rows)
    first, second, third = plan.rows
    assert first.rule_understood and first.assumptions == []  # 年初: the documented convention, no default
    assert not second.rule_understood and second.assumptions[0].kind == "time_limit"
    assert "待人工设置" in second.assumptions[0].message
    assert third.assumptions[0].kind == "time_limit" and "请确认" in third.assumptions[0].message
