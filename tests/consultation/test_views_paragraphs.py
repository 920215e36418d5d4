"""Comments on one paragraph (条/段) of the draft: the numbered draft on the public page, the form's optional
choice (preselected from a paragraph's link), a paragraph that does not exist or a script in its place refused
with nothing written, and the grouping by paragraph — counted here independently — on the public page, in the
feedback report, the officers' ledger and the export, never with a commenter's name or contact."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultation import selectors, services
from consultation.models import Comment, Consultation, Verdict

pytestmark = pytest.mark.django_db

DRAFT = "第一条 为了方便居民出行，制定本办法。\n第二条 加装电梯费用由业主分摊。\n（一）一楼不分摊；\n第三条 区财政给予补助。"


@pytest.fixture
def c(office, d, kind):
    return services.open_consultation(
        user=office,
        unit=d["s1"],
        kind=kind(),
        title="加装电梯实施办法（征求意见稿）",
        draft=DRAFT,
        explanation="起草背景",
        basis="依据",
        opens_on=timezone.localdate() - timedelta(days=1),
    )


def url(c) -> str:
    return reverse("consultation:detail", args=[c.pk])


def test_the_draft_is_numbered_and_a_paragraphs_link_preselects_it(client, c):
    body = client.get(url(c)).content.decode()
    for n, label in ((1, "第一条"), (2, "第二条"), (3, "第三条")):
        assert f'id="p{n}"' in body and f"?paragraph={n}#comment" in body and label in body
    assert "（一）一楼不分摊" in body  # the 项 stays with its article
    chosen = client.get(url(c) + "?paragraph=2").content.decode()
    assert re.search(r'<option value="2" selected>第二条', chosen)


def test_a_comment_on_a_paragraph_is_stored_with_it(client, c):
    assert client.post(url(c), {"body": "一楼住户也应分摊一部分", "paragraph": "2"}).status_code == 302
    assert client.post(url(c), {"body": "整体赞成", "paragraph": ""}).status_code == 302
    assert list(Comment.objects.order_by("id").values_list("paragraph", flat=True)) == [2, None]


@pytest.mark.parametrize("paragraph", ["4", "0", "-1", "<script>alert(1)</script>", "9" * 50])
def test_a_paragraph_that_is_not_there_is_refused_and_nothing_written(client, c, paragraph):
    response = client.post(url(c), {"body": "意见", "paragraph": paragraph})
    assert response.status_code == 400 and Comment.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_hostile_text_on_a_paragraph(client, c):
    client.post(url(c), {"body": "<script>alert('x')</script>第二条不合理", "paragraph": "2"})
    body = client.get(url(c)).content.decode()
    assert "<script>alert('x')</script>" not in body and "&lt;script&gt;" in body
    huge = client.post(url(c), {"body": "长" * (services.LIMITS["body"] + 1), "paragraph": "1"})
    assert huge.status_code == 400 and Comment.objects.count() == 1


def _seed(c, officer):
    """Comments on paragraphs 2, 1, none, 2, 3, 2 with answers; returns (paragraph, verdict) as written."""
    plan = [
        (2, Verdict.ADOPTED),
        (1, Verdict.REJECTED),
        (None, Verdict.PARTLY),
        (2, Verdict.REJECTED),
        (3, Verdict.ADOPTED),
        (2, Verdict.PARTLY),
    ]
    for i, (paragraph, verdict) in enumerate(plan):
        comment = services.submit_comment(
            consultation=c,
            body=f"意见{i}",
            name=f"提意见人{i}",
            contact=f"1390000000{i}",
            paragraph=paragraph,
            now=c.opens_at + timedelta(hours=1 + i),
        )
        services.answer(user=officer, consultation=c, comments=[comment], verdict=verdict, reason="理由")
    return plan


def test_the_ledger_groups_by_paragraph(c, officer_s1):
    plan = _seed(c, officer_s1)
    groups = selectors.by_paragraph(c, selectors.ledger(c))
    expected_order = [None] + sorted({p for p, _ in plan if p is not None})
    assert [g.number for g in groups] == expected_order
    for g in groups:
        mine = [v for p, v in plan if p == g.number]
        counts = Counter(mine)
        assert (g.total, g.adopted, g.partly, g.rejected) == (
            len(mine),
            counts[Verdict.ADOPTED],
            counts[Verdict.PARTLY],
            counts[Verdict.REJECTED],
        )
        assert [m.number for m in g.comments] == [i + 1 for i, (p, _) in enumerate(plan) if p == g.number]
    assert [g.label for g in groups] == ["整体意见", "第一条", "第二条", "第三条"]


def test_the_feedback_report_and_the_officers_pages_group_by_paragraph(client, c, officer_s1):
    plan = _seed(c, officer_s1)
    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    c.refresh_from_db()
    services.publish_feedback(
        user=officer_s1, consultation=c, decided_on=timezone.localdate(), summary="采纳情况说明"
    )
    body = client.get(url(c)).content.decode()
    table = body[body.index("按条/段汇总") : body.index("</table>", body.index("按条/段汇总"))]
    on_two = Counter(v for p, v in plan if p == 2)
    row = re.search(r"第二条</a></th>((?:<td>\d+</td>){4})", table).group(1)
    assert re.findall(r"\d+", row) == [
        str(sum(on_two.values())),
        str(on_two[Verdict.ADOPTED]),
        str(on_two[Verdict.PARTLY]),
        str(on_two[Verdict.REJECTED]),
    ]
    assert body.index('id="g0"') < body.index('id="g1"') < body.index('id="g2"') < body.index('id="g3"')
    for i in range(len(plan)):
        assert f"提意见人{i}" not in body and f"1390000000{i}" not in body
    client.force_login(officer_s1)
    ledger = client.get(reverse("consultation:manage", args=[c.pk])).content.decode()
    numbers = "，".join(str(i + 1) for i, (p, _) in enumerate(plan) if p == 2)
    assert "按条/段归类" in ledger and f"<td>{numbers}</td>" in ledger
    export = client.get(reverse("consultation:export", args=[c.pk]))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == [
        {None: "整体意见", 1: "第一条", 2: "第二条", 3: "第三条"}[p] for p, _ in plan
    ]
    assert not any("提意见人" in str(v) for r in rows for v in r)


def test_an_officer_types_in_a_letter_on_a_paragraph(client, c, officer_s1):
    client.force_login(officer_s1)
    step = reverse("consultation:step", args=[c.pk, "enter"])
    data = {
        "channel": "letter",
        "received_on": timezone.localdate().isoformat(),
        "body": "来信：第三条补助偏低",
    }
    assert client.post(step, {**data, "paragraph": "9"}).status_code == 400
    assert client.post(step, {**data, "paragraph": "3"}).status_code == 302
    assert Comment.objects.get().paragraph == 3
    ledger = client.get(reverse("consultation:manage", args=[c.pk])).content.decode()
    assert "<td>1</td><td>第三条</td><td>信函</td>" in ledger
