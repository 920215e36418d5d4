"""The 互动交流与政务舆情回应 template scored on a round: the unit page and the exported report (xlsx, PDF) list every
ledger record the indicators counted — on time ones too, marked as costing nothing — and the 舆情 lines, from an
internal ledger, show only to staff who may see the round."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from assessment import exports, selectors, services
from assessment.models import Evidence, IndicatorScore, IndicatorSystem, RoundKind
from interaction import services as interaction
from opinion import services as opinion
from organizations.models import Role
from tests.factories import member
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
JUNE = (date(2026, 6, 1), date(2026, 6, 30))


def _message(office, unit, received, answered):
    m = interaction.submit(
        kind="consult",
        subject="咨询",
        body="内容",
        name="张三",
        phone="13800000000",
        unit=unit,
        today=received,
    )
    if answered:
        interaction.answer(user=office, message=m, text="答复", today=answered)
    m.refresh_from_db()
    return m


def _entry(office, unit, found, summary, responded_hours=None):
    entry = opinion.record_entry(
        user=office,
        found_at=found,
        source="weibo",
        summary=summary,
        unit=unit,
        kind="interest",
        level="general",
    )
    if responded_hours is not None:
        opinion.record_response(
            user=office, entry=entry, kind="response", responded_at=found + timedelta(hours=responded_hours)
        )
    return entry


@pytest.fixture
def ledgers(d, office):
    s1 = d["s1"]
    base = datetime(2026, 6, 8, 9, 0, tzinfo=BEIJING)
    return {
        "on_time": _message(office, s1, date(2026, 6, 1), date(2026, 6, 5)),
        "late": _message(office, s1, date(2026, 6, 1), date(2026, 6, 12)),
        "old": _message(office, s1, date(2026, 3, 20), None),  # waiting over three months at 6-30
        "not_due": _message(office, s1, date(2026, 6, 29), None),  # due in July: not counted
        "other": _message(office, d["s2"], date(2026, 6, 2), date(2026, 6, 3)),
        "fast": _entry(office, s1, base, "积水无人处理", responded_hours=10),
        "missed": _entry(office, s1, base + timedelta(days=2), "低保停发传言"),
    }


@pytest.fixture
def scored(d, office, ledgers):
    services.load_templates()
    template = IndicatorSystem.objects.get(template_key="interaction-opinion")
    system = services.copy_system(user=office, source=template, year=2026, name="2026年度互动与舆情考核")
    round_ = services.open_round(
        user=office,
        system=system,
        name="2026年6月互动与舆情",
        kind=RoundKind.MONTHLY,
        period_start=JUNE[0],
        period_end=JUNE[1],
        units=[d["s1"], d["s2"]],
    )
    services.compute_round(round=round_, user=office)
    return round_


def _score(round_, unit, code):
    return IndicatorScore.objects.get(round=round_, unit=unit, indicator__code=code)


def test_the_template_scores_the_ledgers_with_the_veto(d, scored, ledgers):
    s1 = d["s1"]
    # 1.1: late + unanswered past due (the message received 6-29 is not yet due), −1 each
    assert _score(scored, s1, "1.1").score == Decimal("-2.00")
    assert _score(scored, s1, "1.2").score == Decimal("-3.00")  # one waiting over two months
    assert _score(scored, s1, "1.3").score == Decimal("-10.00")  # and over three: 单项否决
    assert _score(scored, s1, "1").score == Decimal("0.00")
    # 舆情: one 48-hour clock on time, one missed → 10 × 1/2
    assert _score(scored, s1, "2").score == Decimal("5.00")
    # the other street: one message on time, no 舆情 (nothing due: full marks)
    assert _score(scored, d["s2"], "1").score == Decimal("10.00")
    assert _score(scored, d["s2"], "2").score == Decimal("10.00")
    lines = Evidence.objects.filter(score=_score(scored, s1, "1.1"))
    assert {(e.object_id, e.deducts) for e in lines} == {
        (ledgers["on_time"].pk, False),
        (ledgers["late"].pk, True),
        (ledgers["old"].pk, True),
    }
    assert ledgers["not_due"].pk not in {e.object_id for e in Evidence.objects.all()}
    # the desk's "points lost" counts only the lines that cost points, not those counted on time
    lost = {r["code"]: (r["units"], r["evidence"]) for r in selectors.lost_points(scored)}
    assert lost == {"1.1": (1, 2), "1.2": (1, 1), "1.3": (1, 1), "2": (1, 1)}
    criteria = _score(scored, s1, "1.3").indicator.criteria
    assert "国办秘函〔2019〕19号" in criteria and "单项否决" in criteria


def test_unit_page_lists_every_counted_record(client, d, office, scored, ledgers):
    client.force_login(office)
    page = client.get(f"/assessment/rounds/{scored.pk}/units/{d['s1'].code}/").content.decode()
    for key in ("on_time", "late", "old"):
        message = ledgers[key]
        assert message.code[:4] in page and f"应于{message.due_on}前答复" in page
    assert "2026-06-05按时答复" in page and "已等待3个月" in page
    assert ledgers["not_due"].code[:4] not in page
    assert "积水无人处理" in page and "按时，2026-06-08 19:00回应" in page
    assert "低保停发传言" in page and "截至2026-06-30未回应" in page
    assert page.count("evidence-counted") >= 2 and "evidence-lost" in page
    assert 'id="expected"' not in page  # a ledger-only system does not list expected disclosures


def test_opinion_lines_only_for_staff(client, d, scored):
    officer = member(Role.OFFICER, d["s1"], "s1_officer")
    client.force_login(officer)
    url = f"/assessment/rounds/{scored.pk}/units/{d['s1'].code}/"
    assert "低保停发传言" in client.get(url).content.decode()  # a staff account of the unit
    officer.is_staff = False
    officer.save(update_fields=["is_staff"])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "低保停发传言" not in text and "积水无人处理" not in text
    assert "另有 2 条政务舆情记录" in text
    assert "已等待3个月" in text  # the messages' lines stay
    assert client.get(f"/assessment/rounds/{scored.pk}/units/{d['s2'].code}/").status_code == 403


def test_exports_carry_the_evidence_lines(d, scored, ledgers):
    content, _type, _name = exports.export(scored, "xlsx")
    sheet = load_workbook(io.BytesIO(content))["扣分依据"]
    rows = [[c for c in r] for r in sheet.iter_rows(min_row=5, values_only=True)]
    by_text = {r[4]: r[3] for r in rows}
    on_time = next(t for t in by_text if "2026-06-05按时答复" in t)
    assert by_text[on_time] == "计入，未失分"
    assert any("截至2026-06-30未回应" in t and v == "失分" for t, v in by_text.items())
    assert not any(ledgers["not_due"].code[:4] in t for t in by_text)
    pdf, _type, _name = exports.export(scored, "pdf")
    text = pdf_text(pdf)
    assert "互动交流与政务舆情回应计分记录" in text
    assert ledgers["late"].code[:4] in text and "低保停发传言" in text
