"""The commands refuse bad input with a Chinese message and write nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"plan": "latest", "quarter": "2026-Q5", "fmt": "xlsx"}, "季度格式应为"),
        ({"plan": "latest", "quarter": "2026Q4", "fmt": "xlsx"}, "季度格式应为"),
        ({"plan": "no-such", "quarter": "2026-Q4", "fmt": "xlsx"}, "没有找到试点方案"),
        ({"plan": "latest", "quarter": "2026-Q4", "fmt": "pdf"}, "格式只能是"),
        ({"plan": "latest", "quarter": "2026-Q4", "fmt": "docx"}, "输出文件名应以 .docx 结尾"),
        ({"plan": "latest", "fmt": "xlsx", "kind": "monthly", "month": "2026-13"}, "月份格式应为"),
        ({"plan": "latest", "quarter": "2999-Q1", "fmt": "xlsx"}, "尚未开始"),
    ],
)
def test_bad_report_input_is_refused_and_nothing_is_written(ledger, tmp_path, options, message):
    out = tmp_path / "报告.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("pilot_report", output=str(out), **options)
    assert list(tmp_path.iterdir()) == []


def test_bad_package_input_is_refused_and_nothing_is_written(ledger, tmp_path):
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command("pilot_package", plan="latest", output=str(tmp_path / "无此目录" / "包.zip"))
    with pytest.raises(CommandError, match="没有找到试点方案"):
        call_command("pilot_package", plan="nope", output=str(tmp_path / "包.zip"))
    with pytest.raises(CommandError, match=r"输出文件名应以 \.zip 结尾"):
        call_command("pilot_package", plan="latest", output=str(tmp_path / "包.rar"))
    assert list(tmp_path.iterdir()) == []


def test_without_any_plan_latest_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="还没有试点方案"):
        call_command("pilot_package", plan="latest", output=str(tmp_path / "包.zip"))
