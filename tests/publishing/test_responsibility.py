"""Who owes what: the units an item's 公开主体 names, the duty's recorded reason, unassigned items, re-planning.

The wordings below are copied from real catalogs and guidelines (sources beside each); the corpus workbooks
(tests/catalog/corpus, sources in each ``url``) are imported as published and planned against a unit list of
the district that published them.
"""

import io
import json

import pytest
from django.core.management import call_command

from catalog import subjects as S
from catalog.importer import import_catalog, parse_workbook
from organizations.models import Role
from publishing import responsibility, services
from publishing.models import Obligation, ObligationStatus, Publication
from tests.catalog.corpus import all_sources
from tests.factories import UnitFactory, member
from tests.publishing.helpers import make_item

# (wording as published, [(rule, sectors)]) — sources:
#   民发〔2019〕33号 社会救助领域基层政务公开标准指引: 县级人民政府民政部门; 乡镇人民政府（街道办事处）; 村（居）委会
#   tests/catalog/corpus (each source's url): 镇人民政府, 大姚县教育体育局, 市教育局, 枣庄高新区应急管理局, 区应急局,
#     公安\n分局 (a line break inside the cell), 乡镇人民政府\n行政村村民委员会, 县级农业农村部门, 乡镇人民 政府
#   拱墅区 2017 plan (../shared/seeds/000): 国土拱墅分局, 区城改办（区房屋征收部门）, 区财政局、各采购单位
WORDINGS = [
    ("县级人民政府民政部门", [(S.SECTOR, ("civil-affairs",))]),
    ("乡镇人民政府（街道办事处）", [(S.STREETS, ())]),
    ("村（居）委会", [(S.NEIGHBOURHOODS, ())]),
    ("镇人民政府", [(S.STREETS, ())]),
    ("大姚县教育体育局", [(S.SECTOR, ("education", "sports"))]),
    ("枣庄高新区应急管理局", [(S.SECTOR, ("emergency",))]),
    ("区应急局", [(S.SECTOR, ("emergency",))]),
    ("公安\n分局", [(S.SECTOR, ("public-security",))]),
    ("乡镇人民政府\n行政村村民委员会", [(S.STREETS, ()), (S.VILLAGES, ())]),
    ("县级农业农村部门", [(S.SECTOR, ("agriculture",))]),
    ("乡镇人民 政府", [(S.STREETS, ())]),
    ("区城改办（区房屋征收部门）", [(S.SECTOR, ("house-expropriation",))]),
    ("区财政局、各采购单位", [(S.SECTOR, ("finance",)), (S.EACH, ())]),
    ("区民政局、各街道办事处", [(S.SECTOR, ("civil-affairs",)), (S.STREETS, ())]),
    ("各街道办事处、社区居委会", [(S.STREETS, ()), (S.COMMUNITIES, ())]),
    ("区人民政府", [(S.GOVERNMENT, ())]),  # 人民政府 holds 民政: not the civil-affairs bureau
    ("县人民政府办公室", [(S.SECTOR, ("general-office",))]),
    ("县住房城乡建设部门", [(S.SECTOR, ("housing-construction",))]),  # 城乡 is not a township
    ("乡村振兴局", [(S.SECTOR, ("rural-revitalization",))]),  # 乡村 is not a village
    ("相关部门", [(S.VAGUE, ())]),
    ("相关审批部门", [(S.VAGUE, ())]),
    ("区级部门", [(S.VAGUE, ())]),
    ("区民政局等相关部门", [(S.SECTOR, ("civil-affairs",))]),
    ("省民政厅", [(S.HIGHER, ())]),
    ("市教育局", [(S.HIGHER, ())]),  # in a district: the prefecture city's bureau
    ("市场监管局", [(S.SECTOR, ("market-regulation",))]),  # 市场 is not 市
    ("各街道办事处（社区）", [(S.STREETS, ()), (S.COMMUNITIES, ())]),
]


@pytest.mark.parametrize("words,expected", WORDINGS, ids=[w for w, _e in WORDINGS])
def test_real_wordings_read_into_clauses(words, expected):
    assert [(c.rule, c.sectors) for c in S.parse_subject(words)] == expected


def test_a_county_level_city_owns_its_city_bureaus():
    assert S.parse_subject("市教育局", own_city=True)[0].rule == S.SECTOR


def test_every_corpus_subject_is_read():
    """No wording of the real catalogs is left unrecognised, except a school named outright (matched by name)."""
    unknown = {
        c.words
        for source in all_sources()
        for e in source.expected
        for c in S.parse_subject(e.subject)
        if c.rule == S.UNKNOWN
    }
    assert unknown == {"石羊镇中心学校"}


# -- generation on a small district -----------------------------------------------------------------------
@pytest.fixture
def units(d):
    d["dept"].sectors = ["education"]
    d["dept"].save()
    d["mz"] = UnitFactory(
        name="区民政局", code="D-MZ", kind="department", parent=d["gov"], sectors=["civil-affairs"]
    )
    d["fin"] = UnitFactory(
        name="区财政局",
        code="D-CZ",
        kind="department",
        parent=d["gov"],
        sectors=["finance"],
        aliases="区财政",
    )
    d["v1"] = UnitFactory(name="石塘村委会", code="D-S2-2", kind="village", parent=d["s2"])
    return d


def owed(item_name):
    return set(
        Obligation.objects.filter(item__name=item_name, status=ObligationStatus.ACTIVE).values_list(
            "unit__code", flat=True
        )
    )


def test_generation_gives_each_item_to_the_units_its_words_name(units, office, domain, release):
    domain.lead_unit = units["mz"]
    domain.save()
    domain.cooperating_units.set([units["fin"]])
    make_item(office, domain, "低保办事指南", subject="区民政局、各街道办事处", tiers=("district", "street"))
    make_item(office, domain, "审核公示", subject="各街道办事处、社区居委会", tiers=("street", "community"))
    make_item(office, domain, "征地方案", subject="村委会", tiers=("community",))
    make_item(office, domain, "采购意向", subject="区财政局、各采购单位", tiers=("district",))
    make_item(office, domain, "相关事项", subject="相关部门", tiers=("district",))
    make_item(office, domain, "无人事项", subject="区文化广电旅游体育局", tiers=("district",))
    make_item(office, domain, "上级事项", subject="省民政厅", tiers=("district",))
    release()
    assert owed("低保办事指南") == {"D-MZ", "D-S1", "D-S2"}  # not 区教育局, not the communities
    assert owed("审核公示") == {"D-S1", "D-S2", "D-S1-1", "D-S1-2", "D-S2-1"}  # communities, not the village
    assert owed("征地方案") == {"D-S2-2"}
    assert owed("采购意向") == {"D-EDU", "D-MZ", "D-CZ"}  # 各采购单位: every department
    assert owed("相关事项") == {"D-MZ", "D-CZ"}  # the field's lead and cooperating units …
    assert set(Obligation.objects.filter(item__name="相关事项").values_list("to_confirm", flat=True)) == {
        True
    }
    assert owed("无人事项") == set() and owed("上级事项") == set()  # unassigned: given to no one
    guide = Obligation.objects.get(item__name="低保办事指南", unit=units["mz"])
    assert guide.basis == "「区民政局」→ 点名的单位" and not guide.to_confirm
    by_sector = Obligation.objects.get(item__name="采购意向", unit=units["fin"])
    assert by_sector.basis == "「各采购单位」→ 本级每个部门"
    plans = {p.name: p for p in responsibility.plan_catalog()}
    assert plans["无人事项"].unassigned and "本区没有承担" in plans["无人事项"].why
    assert plans["上级事项"].unassigned and "上级机关" in plans["上级事项"].why


def test_the_office_confirms_a_duty_and_only_the_office(units, office, domain, release):
    domain.lead_unit = units["mz"]
    domain.save()
    make_item(office, domain, "相关事项", subject="有关单位", tiers=("district",))
    release()
    duty = Obligation.objects.get(item__name="相关事项")
    officer = member(Role.OFFICER, units["mz"], "mz_officer")
    with pytest.raises(Exception, match="只有区政务公开办"):
        services.confirm_obligation(user=officer, obligation=duty)
    services.confirm_obligation(user=office, obligation=duty)
    duty.refresh_from_db()
    assert not duty.to_confirm
    assert duty.history.first().history_change_reason == "公开办确认责任单位"
    services.replan_obligations(user=office)  # a re-plan does not ask again
    duty.refresh_from_db()
    assert not duty.to_confirm


def test_replanning_closes_what_the_words_no_longer_give_and_keeps_the_records(
    units, office, domain, release
):
    make_item(office, domain, "教育事项", subject="教育部门", tiers=("district",))
    release()
    duty = Obligation.objects.get(item__name="教育事项")
    assert duty.unit == units["dept"]
    record = services.create_publication(
        user=office, unit=units["dept"], title="教育事项公开", formed_on=duty.started_on, obligations=[duty]
    )
    # the reform: education moves to another bureau
    units["dept"].sectors = []
    units["dept"].save()
    new = UnitFactory(
        name="区教育体育局", code="D-JT", kind="department", parent=units["gov"], sectors=["education"]
    )
    rows = {
        r.code: r
        for r in responsibility.changes(responsibility.plan_catalog(), responsibility.UnitDirectory())
    }
    assert (rows["D-EDU"].before, rows["D-EDU"].after, rows["D-EDU"].closed) == (1, 0, 1)
    assert (rows["D-JT"].gained, rows["D-JT"].after) == (1, 1)
    result = services.replan_obligations(user=office)
    assert (result.created, result.closed) == (1, 1)
    duty.refresh_from_db()
    assert duty.status == ObligationStatus.CLOSED and duty.reason == "公开主体不含本单位"
    assert Publication.objects.filter(pk=record.pk).exists() and duty.fulfilments.count() == 1
    assert owed("教育事项") == {new.code}
    with pytest.raises(Exception, match="只有区政务公开办"):
        services.replan_obligations(user=member(Role.OFFICER, new, "jt_officer"))


def test_plan_obligations_json_says_each_items_units_and_why(units, office, domain, release):
    make_item(office, domain, "低保办事指南", subject="区民政局、各街道办事处", tiers=("district", "street"))
    make_item(office, domain, "无人事项", subject="区文化广电旅游体育局", tiers=("district",))
    release()
    out = io.StringIO()
    call_command("plan_obligations", "--json", stdout=out)
    lines = {line["name"]: line for line in map(json.loads, out.getvalue().splitlines())}
    assert lines["低保办事指南"]["units"] == ["D-MZ", "D-S1", "D-S2"]
    assert (
        lines["低保办事指南"]["subject"] == "区民政局、各街道办事处"
        and not lines["低保办事指南"]["unassigned"]
    )
    assert "「各街道办事处」→ 每个街道（乡镇）" in lines["低保办事指南"]["why"]
    assert lines["无人事项"]["unassigned"] and lines["无人事项"]["units"] == []


# -- three real catalogs of the corpus, planned against their publishers' units ---------------------------
# (source key, the publisher's units: (name, kind, sectors), {item path's last name: expected unit names})
CORPUS_DISTRICTS = [
    (
        "work-safety-district",
        [("达川区人民政府", "government", []), ("达川区应急管理局", "department", ["emergency"]),
         ("达川区教育局", "department", ["education"])],
        {"达川区应急管理局"},
    ),
    (
        "dongyang-city",  # a county-level city: 市教育局 is its own bureau
        [("东阳市人民政府", "government", []), ("东阳市教育局", "department", ["education"]),
         ("东阳市司法局", "department", ["justice"]), ("东阳市民政局", "department", ["civil-affairs"])],
        {"东阳市教育局", "东阳市司法局"},
    ),
    (
        "agri-subsidies-county",
        [("某县人民政府", "government", []), ("某县农业农村局", "department", ["agriculture"]),
         ("某县财政局", "department", ["finance"]), ("甲乡人民政府", "township", []),
         ("甲村村民委员会", "village", []), ("乙社区居民委员会", "community", [])],
        {"某县农业农村局", "甲乡人民政府", "甲村村民委员会"},
    ),
]  # fmt: skip


@pytest.mark.parametrize("key,unit_rows,owners", CORPUS_DISTRICTS, ids=[c[0] for c in CORPUS_DISTRICTS])
def test_real_catalogs_are_planned_onto_their_publishers_units(db, key, unit_rows, owners):
    source = next(s for s in all_sources() if s.key == key)
    gov = None
    for n, (name, kind, sectors) in enumerate(unit_rows):
        unit = UnitFactory(name=name, code=f"U{n}", kind=kind, parent=gov, sectors=sectors)
        gov = gov or unit
    office = member(Role.OFFICE, gov, f"office_{key}")
    import_catalog(user=office, plan=parse_workbook(io.BytesIO(source.build()), **source.options))
    out = io.StringIO()
    call_command("plan_obligations", "--edition", "draft", "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines, "the catalog has leaf items"
    names = {f"U{n}": name for n, (name, _k, _s) in enumerate(unit_rows)}
    given = {names[code] for line in lines for code in line["units"]}
    assert given == owners
    assert not [line for line in lines if line["unassigned"]]


def test_the_item_page_names_who_owes_it_and_who_has_not_published(units, office, domain, release, client):
    from tests.publishing.helpers import published

    item = make_item(
        office, domain, "低保办事指南", subject="区民政局、各街道办事处", tiers=("district", "street")
    )
    release()
    duty = Obligation.objects.get(item=item, unit=units["s1"])
    published(office, units["s1"], "湖墅街道低保办事指南", [duty])
    text = client.get(f"/items/{item.code}/").content.decode()
    assert "责任单位 3 个，其中 2 个尚未公开" in text
    assert "湖墅街道</a>（已公开 1 条）" in text
    assert '区民政局</a><span class="muted">（尚未公开）' in text
    assert "区教育局" not in text


def test_the_responsibility_page_refuses_bad_input_and_non_office(units, office, domain, release, client):
    make_item(office, domain, "相关事项", subject="有关单位", tiers=("district",))
    release()
    client.force_login(member(Role.OFFICER, units["mz"], "page_officer"))
    assert client.get("/workspace/responsibility/").status_code == 403
    client.force_login(office)
    for bad in ("abc", "9" * 30, "-1", ""):
        response = client.post("/workspace/responsibility/", {"action": "confirm", "obligation": bad})
        assert response.status_code == 404, bad
    assert client.get("/workspace/responsibility/?edition=99").status_code == 404
    assert client.get("/workspace/responsibility/?edition=draft").status_code == 200
