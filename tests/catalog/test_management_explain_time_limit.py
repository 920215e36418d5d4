"""``manage.py explain_time_limit [--json] WORDING...``."""

import io
import json

import pytest
from django.core.management import call_command

KEYS = {"kind", "trigger", "amount", "unit", "period", "due_month", "due_day", "event", "parts", "note"}


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("explain_time_limit", *args, stdout=out)
    return out.getvalue().splitlines()


def test_json_one_object_per_wording_in_order():
    wordings = [
        "收到申请后,20个工作日内",
        "每季度的首个月20日",
        "6个月",
        "执法决定信息在决定作出之日起7个工作日内公开,其他相关信息形成或变更之日起20个工作日内公开",
    ]
    lines = [json.loads(line) for line in run("--json", *wordings)]
    assert [line["wording"] for line in lines] == wordings
    assert all(KEYS <= set(line) for line in lines)
    first, quarterly, bare, compound = lines
    assert (first["kind"], first["trigger"], first["amount"], first["unit"]) == (
        "deadline",
        "received",
        20,
        "workdays",
    )
    assert (quarterly["kind"], quarterly["period"], quarterly["amount"], quarterly["unit"]) == (
        "periodic",
        "quarter",
        20,
        "days",
    )
    assert first["period"] is None and first["due_month"] is None and first["event"] is None
    assert bare["kind"] == "unparsed" and bare["confidence"] == "low" and bare["reason"]
    assert (
        compound["amount"] == 20
        and compound["parts"][0]["amount"] == 7
        and compound["parts"][0]["label"] == "执法决定信息"
    )


def test_yearly_due_date_keys():
    (line,) = [json.loads(line) for line in run("--json", "每年6月底前")]
    assert (line["kind"], line["period"], line["due_month"], line["due_day"]) == ("periodic", "year", 6, 30)


@pytest.mark.parametrize("wording, words", [("永久公开", "实时公开"), ("视情况而定", "待人工设置")])
def test_plain_lines(wording, words):
    (line,) = run(wording)
    assert line.startswith(wording) and words in line
