"""Service guides: the flowchart (safe, accessible, in order), the summed step time limits, the writes."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied

from catalog import guides
from catalog.guides import GuideData, MaterialData, StepData
from catalog.models import DisclosureItem, GuideStep, ServiceGuide
from domains.models import Domain
from organizations.models import Role
from tests.factories import district, member

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"

STEPS = [
    ("个人申请", "受灾人员本人", "原则上在自然灾害结束之前"),
    ("民主评议", "村（居）民委员会", "收到申请后的3个工作日之内"),
    ("张榜公示", "村（居）民委员会", "民主评议后10个工作日之内"),
    ("乡镇审核", "街道办事处", "收到村（社区）上报资料后5个工作日之内"),
    ("县级审批", "区民政局", "在灾情稳定后5个工作日之内"),
]


@pytest.fixture
def item():
    return DisclosureItem.objects.create(
        domain=Domain.objects.get(code="disaster-relief"),
        code="T-JZ-01",
        name="受灾人员应急救助",
        tier_district=True,
    )


def make_guide(item, steps=STEPS, code="test-guide", title="应急救助指南"):
    guide = ServiceGuide.objects.create(item=item, code=code, title=title, applicants="受灾人员")
    for order, (name, actor, limit) in enumerate(steps, start=1):
        GuideStep.objects.create(guide=guide, order=order, name=name, actor=actor, time_limit_text=limit)
    return guide


def texts(svg: str) -> list[str]:
    """The visible text lines of the drawing, in document order."""
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def test_flowchart_shows_every_step_with_its_actor_and_time_limit(item):
    svg = guides.flowchart_svg(make_guide(item))
    lines = texts(svg)
    for number, (name, actor, limit) in enumerate(STEPS, start=1):
        assert f"{number}. {name}" in lines
        assert f"承办：{actor}" in lines
        assert f"时限：{limit}" in lines


def test_flowchart_is_well_formed_accessible_svg_with_start_and_end(item):
    guide = make_guide(item)
    svg = guides.flowchart_svg(guide)
    root = ET.fromstring(svg)  # standalone, well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "应急救助指南办理流程图"
    assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
    assert "民主评议" in desc.text and "收到申请后的3个工作日之内" in desc.text
    lines = texts(svg)
    assert lines[0] == "开始" and lines[-1] == "办结"
    assert len(root.findall(f".//{SVG}line")) == len(STEPS) + 1  # start → steps → end
    assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_flowchart_follows_step_order_not_insertion_order(item):
    guide = ServiceGuide.objects.create(item=item, code="order-guide", title="顺序")
    for order, name in ((3, "第三步县级审批"), (1, "第一步个人申请"), (2, "第二步民主评议")):
        GuideStep.objects.create(guide=guide, order=order, name=name)
    lines = texts(guides.flowchart_svg(guide))
    positions = [
        lines.index(f"{n}. {name}")
        for n, name in enumerate(("第一步个人申请", "第二步民主评议", "第三步县级审批"), 1)
    ]
    assert positions == sorted(positions)


def test_flowchart_escapes_every_text(item):
    evil = "<script>alert('x')</script>"
    guide = make_guide(item, steps=[(evil, f"{evil}&", f'{evil}"')], code="evil", title=evil)
    svg = guides.flowchart_svg(guide)
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # still well-formed
    assert f"1. {evil}" in texts(svg)
    assert root.find(f"{SVG}title").text == f"{evil}办理流程图"
    html = guides.render_guide(guide)
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_long_text_wraps_inside_the_box(item):
    limit = "乡镇（街道）在收到县民政部门划拨补助资金的通知后5个工作日内一次性将冬春生活救助资金通过金融机构发放到受灾人员手中"
    guide = make_guide(item, steps=[("组织实施", "县民政部门、乡镇（街道）", limit)], code="long")
    lines = [t for t in texts(guides.flowchart_svg(guide)) if t not in ("开始", "办结")]
    assert len(lines) > 3  # the time limit took more than one line
    assert "".join(lines).endswith(limit)  # nothing lost, nothing reordered
    inner = guides.BOX_W - 2 * guides.PAD_X
    for line in lines:
        assert sum(guides._char_width(ch, guides.META_SIZE) for ch in line[:-1]) <= inner


def test_wrap_keeps_closing_punctuation_off_the_line_start():
    lines = guides.wrap_text("一二三四五，六七", 10, 50)
    assert lines == ["一二三四五，", "六七"]


def test_guide_without_steps_still_draws_start_and_end(item):
    guide = ServiceGuide.objects.create(item=item, code="empty", title="空指南")
    svg = guides.flowchart_svg(guide)
    assert texts(svg) == ["开始", "办结"]


def test_total_days_adds_relative_limits_and_lists_the_rest(item):
    duration = guides.guide_total_days(make_guide(item))
    assert duration.workdays == 3 + 10 + 5 + 5
    assert duration.counted == ("民主评议", "张榜公示", "乡镇审核", "县级审批")
    assert duration.not_counted == ("个人申请",)
    assert duration.text == "各环节时限合计23个工作日（不含：个人申请，其时限以原文为准）"


def test_total_days_keeps_units_apart(item):
    guide = make_guide(
        item, steps=[("报告灾情", "", "灾情发生后24小时内"), ("核查", "", "收到报告后3日内")], code="units"
    )
    duration = guides.guide_total_days(guide)
    assert (duration.hours, duration.days, duration.workdays) == (24, 3, 0)


def test_write_guide_fills_step_rules_and_is_idempotent(item):
    data = GuideData(
        code="w",
        title="冬春生活救助指南",
        materials=[MaterialData("申请书"), MaterialData("本人身份证及户口簿", copies="复印件1份")],
        steps=[
            StepData("民主评议", "村（居）民委员会", "", "收到申请后的3个工作日之内"),
            StepData("县级审批", "县民政局", "", "每年的10月15日之前"),
        ],
    )
    guide = guides.write_guide(item=item, data=data)
    first, second = guide.steps.order_by("order")
    assert first.time_limit_rule["kind"] == "deadline" and first.time_limit_rule["amount"] == 3
    assert second.time_limit_rule == {}  # a date in the year is kept as wording, never misread
    assert guide.total_time_limit.startswith("各环节时限合计3个工作日")
    ids = list(guide.steps.values_list("id", flat=True)) + list(guide.materials.values_list("id", flat=True))
    again = guides.write_guide(item=item, data=data)
    assert again.pk == guide.pk
    assert (
        list(again.steps.values_list("id", flat=True)) + list(again.materials.values_list("id", flat=True))
        == ids
    )


def test_save_step_needs_catalog_rights_and_parses_the_wording(item):
    d = district()
    guide = make_guide(item, steps=[], code="s")
    with pytest.raises(PermissionDenied):
        guides.save_step(user=member(Role.OFFICER, d["s1"]), guide=guide, name="受理")
    office = member(Role.OFFICE, d["gov"])
    step = guides.save_step(user=office, guide=guide, name="受理", time_limit_text="受理之日起5个工作日内")
    assert step.order == 1 and step.time_limit_rule["trigger"] == "received"
    step = guides.save_step(user=office, guide=guide, name="受理", time_limit_text="实时", step=step)
    assert step.time_limit_rule == {}
    assert guides.save_step(user=office, guide=guide, name="审批").order == 2


def test_rendered_guide_has_materials_steps_and_flowchart(item):
    guide = make_guide(item)
    guide.materials.create(name="农商银行卡", copies="复印件1张", order=1)
    html = guides.render_guide(guide)
    assert "农商银行卡" in html and "复印件1张" in html
    assert html.count("<svg") == 1 and 'role="img"' in html
    for name, _, limit in STEPS:
        assert name in html and limit in html
    assert re.search(r"<th scope=\"row\"[^>]*>1\. 个人申请</th>", html)


def test_admin_guide_form_writes_through_the_service_with_step_rules(client, item):
    """A guide typed in the admin, with its materials and steps, is written by ``guides.save_guide``: each
    step's machine rule is read from its wording and the total is summed."""
    units = district()
    office = member(Role.OFFICE, units["gov"], "guide_office")
    office.is_staff = True
    office.save()
    client.force_login(office)
    post = {
        "item": item.pk,
        "title": "应急救助指南",
        "code": "admin-guide",
        "applicants": "受灾人员",
        "conditions": "",
        "basis": "",
        "fee": "不收费",
        "total_time_limit": "",
        "place": "",
        "contact": "",
        "supervision": "",
        "is_active": "on",
        "materials-TOTAL_FORMS": 1,
        "materials-INITIAL_FORMS": 0,
        "materials-0-order": 1,
        "materials-0-name": "身份证",
        "materials-0-copies": "原件",
        "steps-TOTAL_FORMS": 2,
        "steps-INITIAL_FORMS": 0,
        "steps-0-order": 2,
        "steps-0-name": "乡镇审核",
        "steps-0-time_limit_text": "收到村（社区）上报资料后5个工作日之内",
        "steps-1-order": 1,
        "steps-1-name": "民主评议",
        "steps-1-time_limit_text": "收到申请后的3个工作日之内",
    }
    response = client.post("/admin/catalog/serviceguide/add/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = ServiceGuide.objects.get(code="admin-guide")
    steps = list(guide.steps.order_by("order"))
    assert [s.name for s in steps] == ["民主评议", "乡镇审核"]
    assert [s.time_limit_rule.get("amount") for s in steps] == [3, 5]
    assert "8个工作日" in guide.total_time_limit
    assert list(guide.materials.values_list("name", flat=True)) == ["身份证"]
