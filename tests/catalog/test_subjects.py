import pytest

from catalog.subjects import subject_kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("区教育局", ["department"]),
        ("镇中心学校", ["institution"]),
        ("镇人民政府", ["township"]),
        ("镇级人民政府", ["township"]),
        ("各街道办事处", ["street"]),
        ("社区居委会", ["community"]),
        ("区民政局、各街道办事处、社区", ["department", "street", "community"]),
        ("村委会", ["village"]),
        ("相关审批部门", ["department"]),
        ("", []),
        ("待定", []),
    ],
)
def test_subject_wording_maps_to_unit_kinds(text, kinds):
    assert subject_kinds(text) == kinds
