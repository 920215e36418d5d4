"""The ledger import: a 60-request ledger over 2024–2025 imports, the 2025 report balances and its table 三
equals an independent count; malformed and hostile files are refused with nothing written.
Fixture layout and sources: tests/foi/ledgers.py."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foi import ledger, report
from foi.models import Consultation, DisclosureRequest, Event
from organizations.models import Role
from tests.factories import member

from .ledgers import independent_table3, make_rows, workbook_bytes


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


def _run(tmp_path, content: bytes, unit_code="D-EDU", *extra):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(content)
    from io import StringIO

    out = StringIO()
    call_command("foi_ledger_import", str(path), "--unit", unit_code, *extra, stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.django_db
def test_two_year_ledger_imports_and_the_later_report_balances(d, superuser, tmp_path):
    rows = make_rows(60)
    assert len(rows) >= 50 and {r["received"].year for r in rows} == {2024, 2025}
    lines = _run(tmp_path, workbook_bytes(rows))
    assert lines[-1] == "imported 60 requests"
    assert DisclosureRequest.objects.filter(unit=d["dept"]).count() == 60

    data = report.build(unit=d["dept"], year=2025)
    assert data.problems_found == []
    expected = independent_table3(rows, 2025)
    assert expected["carried"][-1] >= 1 and expected["new"][-1] >= 30  # the fixture really spans two years
    for key, *_ in report.table3_rows():
        assert data.table3[key] == expected.get(key, [0] * 7), key
    t = data.table3
    assert [a + b for a, b in zip(t["new"], t["carried"], strict=True)] == [
        a + b for a, b in zip(t["total"], t["forward"], strict=True)
    ]


@pytest.mark.django_db
def test_reimport_is_idempotent_on_the_reference(d, superuser, tmp_path):
    rows = make_rows(55)
    _run(tmp_path, workbook_bytes(rows))
    before = (DisclosureRequest.objects.count(), Consultation.objects.count(), Event.objects.count())
    lines = _run(tmp_path, workbook_bytes(rows, as_text_dates=True))  # same content, dates typed as text
    assert lines[-1] == "imported 0 requests"
    assert (DisclosureRequest.objects.count(), Consultation.objects.count(), Event.objects.count()) == before
    rows[0]["replied"], rows[0]["result"], rows[0]["reason"] = date(2024, 12, 31), "予以公开", ""
    rows[0]["received"] = date(2024, 12, 2)
    rows[0]["notice"] = rows[0]["corrected"] = rows[0]["c_from"] = rows[0]["c_to"] = None
    lines = _run(tmp_path, workbook_bytes(rows))
    assert lines[-1] == "imported 1 requests"
    assert DisclosureRequest.objects.count() == before[0]
    assert DisclosureRequest.objects.get(reference=rows[0]["ref"]).replied_on == date(2024, 12, 31)


@pytest.mark.django_db
def test_imported_due_dates_follow_the_clock(d, superuser, tmp_path):
    from foi import clock

    rows = make_rows(50)
    _run(tmp_path, workbook_bytes(rows))
    for r in rows:
        req = DisclosureRequest.objects.get(reference=r["ref"])
        consult = [(r["c_from"], r["c_to"])] if r["c_from"] else []
        expected = clock.reply_due(
            received=r["received"],
            correction_received=r["corrected"],
            consultations=consult,
            extension_days=20 if r["extended"] else 0,
        ).due_date
        assert req.due_date == expected


def _malformed(rows, i, **changes):
    rows = [dict(r) for r in rows]
    rows[i].update(changes)
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, expected",
    [
        ({"replied": date(2024, 1, 1), "received": date(2024, 3, 4)}, "「答复日期」"),
        ({"result": "同意公开"}, "「处理结果」"),
        ({"result": "不予公开", "reason": "9.其他"}, "「具体情形」"),
        ({"received": "2024-02-30"}, "不存在的日期"),
        ({"received": 99999999}, "「收到申请日期」"),
        ({"replied": date(2031, 1, 1)}, "不在 2008 年至今天之间"),
        ({"type": "<script>alert(1)</script>"}, "「申请人类型」"),
        ({"ref": "X" * 60}, "「受理编号」"),
    ],
)
def test_a_malformed_row_refuses_the_whole_file(d, superuser, tmp_path, change, expected):
    rows = _malformed(make_rows(50), 7, **change)
    with pytest.raises(CommandError) as exc:
        _run(tmp_path, workbook_bytes(rows))
    assert "第10行" in str(exc.value) and expected in str(exc.value)  # title row + header row + 8th data row
    assert DisclosureRequest.objects.count() == 0 and Event.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_duplicates_and_lying_files_are_refused(d, superuser, tmp_path):
    rows = make_rows(50)
    with pytest.raises(CommandError, match="表头缺少列：.*答复日期"):
        header = [
            "受理编号",
            "申请人类型",
            "申请方式",
            "收到申请日期",
            "申请内容",
            "补正通知日期",
            "收到补正日期",
            "征求意见开始日期",
            "征求意见结束日期",
            "是否延期",
            "回复日期",
            "处理结果",
            "具体情形",
        ]
        _run(tmp_path, workbook_bytes(rows, header=header))
    rows[9]["ref"] = rows[8]["ref"]
    with pytest.raises(CommandError, match="第12行「受理编号」.*与第11行重复"):
        _run(tmp_path, workbook_bytes(rows))
    with pytest.raises(CommandError, match="不是有效的 Excel"):
        _run(tmp_path, b"%PDF-1.4 this is not a workbook")
    with pytest.raises(CommandError, match="不是有效的 Excel"):
        _run(tmp_path, b"PK\x03\x04 broken zip")
    assert DisclosureRequest.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_writes_nothing(d, superuser, tmp_path):
    lines = _run(tmp_path, workbook_bytes(make_rows(50)), "D-EDU", "--dry-run")
    assert lines[-1] == "imported 0 requests" and "新增 50" in lines[0]
    assert DisclosureRequest.objects.count() == 0


@pytest.mark.django_db
def test_an_officer_imports_only_for_own_units(d):
    import io

    other = member(Role.OFFICER, d["s2"], "other_street")
    with pytest.raises(Exception) as exc:
        ledger.import_ledger(user=other, unit=d["dept"], fileobj=io.BytesIO(workbook_bytes(make_rows(50))))
    assert "无权" in str(exc.value)
    assert DisclosureRequest.objects.count() == 0
