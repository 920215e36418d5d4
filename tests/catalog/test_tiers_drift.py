"""The drift report (issue 25 part 4): per unit, template items it lacks, exclusions without a reason, local
items that duplicate a template item (same or near-same name); as text, xlsx, the admin page and the command."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.tiers import services
from catalog.tiers.drift import DUPLICATE, LACKING, NO_REASON, drift_report, similarity
from organizations.models import Role
from tests.factories import member
from tests.publishing.helpers import make_item


@pytest.fixture
def world(d, office, domain, release):
    items = [
        make_item(office, domain, name, subject="各街道办事处")
        for name in ("学校招生范围公示", "入学政策解读")
    ]
    release("第一版")
    services.mark_template(user=office, tier="street", title="街道级目录模板")
    services.adopt(user=office, unit=d["s1"])
    services.adopt(user=office, unit=d["s2"])
    # s1: an exclusion brought in without a reason, and a local item nearly the same as a template item
    adoption = d["s1"].adoption
    adoption.exclusions.create(item=items[1], reason="")
    services.add_local_item(
        user=office,
        unit=d["s1"],
        domain=domain,
        name="学校 招生范围（公示）",
        elements=["范围"],
        time_limit_text="",
    )
    services.add_local_item(
        user=office,
        unit=d["s1"],
        domain=domain,
        name="辖区托育机构名录",
        elements=["名称"],
        time_limit_text="",
    )
    # the template changes: s2 lags a version and lacks the new item
    make_item(office, domain, "课后服务收费标准", subject="各街道办事处")
    release("第二版")
    services.adopt(user=office, unit=d["s1"])
    return {"d": d, "items": items}


def test_names_compare_normalised_and_near_same():
    assert similarity("学校 招生范围（公示）", "学校招生范围(公示)") == 1.0
    assert similarity("道路保洁与垃圾清运作业", "道路保洁和垃圾清运作业") >= 0.8
    assert similarity("辖区托育机构名录", "学校招生范围公示") < 0.5


def test_the_report_lists_each_units_drift(world):
    d = world["d"]
    report = drift_report("street")
    by_unit = {u.unit.code: u for u in report.units}
    s1, s2 = by_unit["D-S1"], by_unit["D-S2"]
    assert [f.name for f in s1.of(NO_REASON)] == ["入学政策解读"]
    assert [f.name for f in s1.of(DUPLICATE)] == ["学校 招生范围（公示）"]  # 辖区托育机构名录 is no duplicate
    assert s1.of(LACKING) == [] and s1.lag == 0
    assert [f.name for f in s2.of(LACKING)] == ["课后服务收费标准"] and s2.lag == 1 and s2.adopted == 1
    assert report.template_items == 3 and {u.unit.code for u in report.drifting} == {"D-S1", "D-S2"}
    assert drift_report("community").template is None
    assert d["c11"].code in {u.unit.code for u in drift_report("community").units}


def test_the_command_writes_text_and_xlsx(world, tmp_path):
    out = io.StringIO()
    call_command("tier_drift", "--tier", "street", stdout=out)
    lines = out.getvalue().splitlines()
    assert "小河街道（D-S2）：采用第1版（落后1版）；缺少模板事项 1 项" in lines
    assert (
        "  - 不适用未说明理由：{}「入学政策解读」：未填写不适用的理由".format(world["items"][1].code) in lines
    )
    path = tmp_path / "drift.xlsx"
    call_command(
        "tier_drift", "--tier", "street", "--format", "xlsx", "--output", str(path), stdout=io.StringIO()
    )
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][:6] == ("单位", "单位代码", "采用版次", "现行版次", "落后版数", "偏差类型")
    kinds = sorted(r[5] for r in rows[2:] if r[1] in ("D-S1", "D-S2"))
    assert kinds == ["不适用未说明理由", "缺少模板事项", "自增事项与模板事项重复"]


def test_the_admin_pages_show_the_report_and_a_units_catalog(world, client, office):
    d = world["d"]
    client.force_login(office)
    page = client.get(reverse("admin:catalog_adoption_drift") + "?tier=street")
    assert page.status_code == 200 and "课后服务收费标准" in page.content.decode()
    xlsx = client.get(reverse("admin:catalog_adoption_drift_xlsx") + "?tier=street")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    s2 = d["s2"].adoption
    body = client.get(reverse("admin:catalog_adoption_change", args=[s2.pk])).content.decode()
    assert "落后现行版 1 版" in body and "课后服务收费标准" in body
    officer = member(Role.OFFICER, d["s1"], "officer_s1")
    client.force_login(officer)
    assert client.get(reverse("admin:catalog_adoption_change", args=[s2.pk])).status_code in (302, 404)
    refused = client.post(reverse("admin:catalog_adoption_step", args=[s2.pk, "adopt"]))
    assert refused.status_code == 404
    s2.refresh_from_db()
    assert s2.edition.number == 1
    client.force_login(member(Role.OFFICER, d["s2"], "officer_s2"))
    client.post(reverse("admin:catalog_adoption_step", args=[s2.pk, "adopt"]))
    s2.refresh_from_db()
    assert s2.edition.number == 2
