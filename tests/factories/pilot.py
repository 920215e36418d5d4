"""The demo district's units that the demo's pilot ledger names (demo/pilot.py), and the ledger loaded on them."""

from __future__ import annotations

from .organizations import UnitFactory, member

DEPARTMENTS = {
    "GS-ZFB": "区政府办公室（区政务公开办）",
    "GS-MZJ": "区民政局",
    "GS-JYJ": "区教育局",
    "GS-ZJJ": "区住房和城乡建设局",
    "GS-FZB": "区人民政府法制办公室",
    "GS-SPB": "区行政审批服务管理办公室",
}
STREETS = {"GS-MSX": "米市巷街道办事处", "GS-HS": "湖墅街道办事处"}


def demo_pilot_ledger() -> dict:
    """The units, the office's demo account, and demo.pilot.load() on them; returns the plan and the summary."""
    from demo import pilot as demo_pilot
    from organizations.models import Role, UnitKind
    from pilot.models import Plan

    gov = UnitFactory(name="杭州市拱墅区人民政府", code="GS", kind=UnitKind.GOVERNMENT)
    for code, name in DEPARTMENTS.items():
        UnitFactory(name=name, code=code, kind=UnitKind.DEPARTMENT, parent=gov)
    for code, name in STREETS.items():
        UnitFactory(name=name, code=code, kind=UnitKind.STREET, parent=gov)
    gov.refresh_from_db()
    member(Role.OFFICE, gov, "office")
    summary = demo_pilot.load({})
    return {"plan": Plan.objects.get(code=demo_pilot.CODE), "summary": summary}
