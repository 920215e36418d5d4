"""The 政府信息公开工作年度报告 in the layout of 国办公开办函〔2021〕30号, computed from the data.

Sections 一, 五 and 六 are written by the office (:class:`~foi.models.AnnualReport`); tables 二, 三 and 四
are computed here. Table 三 counts, per applicant type:

* 一、本年新收 — requests received in the year;
* 二、上年结转 — requests received before the year and not concluded before it;
* 三、本年度办理结果 — requests concluded in the year, by result and sub-reason; （七）总计 their sum;
* 四、结转下年度继续办理 — requests received by the year's end and not concluded by then.

The check 一 + 二 = 三（七） + 四 is computed for every column and enforced: a report that does not balance
cannot be published or exported (:class:`ReportImbalance` names the columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from organizations.models import Unit

from .categories import (
    APPLICANT_COLUMNS,
    REASONS,
    RESULT_HEADINGS,
    AppealKind,
    AppealOutcome,
    ApplicantType,
    Result,
)
from .models import AnnualReport, Appeal, DisclosureRequest, Status

TEMPLATES = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号（试行）"}
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
COLUMN_LABELS = [str(ApplicantType(c).label) for c in APPLICANT_COLUMNS] + ["总计"]
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


class ReportImbalance(ValueError):
    """一 + 二 ≠ 三（七） + 四 in some column."""


def table3_rows(template: str = "2021") -> list[tuple[str, str, str, str]]:
    """(key, group label, sub-group label, row label) in the template's order. The 2019 trial template
    (国办公开办函〔2019〕60号) has （六）其他处理 as one row; 2021 splits it into three sub-reasons."""
    rows = [
        ("new", "一、本年新收政府信息公开申请数量", "", ""),
        ("carried", "二、上年结转政府信息公开申请数量", "", ""),
    ]
    group = "三、本年度办理结果"
    for result in Result:
        heading = RESULT_HEADINGS[result]
        if result in REASONS and not (template == "2019" and result == Result.OTHER):
            for i, text in enumerate(REASONS[result], start=1):
                rows.append((f"{result.value}:{i}", group, heading, f"{i}.{text}"))
        else:
            rows.append((result.value, group, heading, ""))
    rows.append(("total", group, "（七）总计", ""))
    rows.append(("forward", "四、结转下年度继续办理", "", ""))
    return rows


def _counts(qs, extra: tuple[str, ...] = ()) -> dict:
    out: dict = {}
    for row in qs.values(*extra, "applicant_type").annotate(n=Count("id")).order_by():
        key = tuple(row[k] for k in extra)
        out.setdefault(key, dict.fromkeys(APPLICANT_COLUMNS, 0))[row["applicant_type"]] = row["n"]
    return out


def _line(by_type: dict | None) -> list[int]:
    values = [(by_type or {}).get(c, 0) for c in APPLICANT_COLUMNS]
    return values + [sum(values)]


def compute_table3(unit_ids, year: int) -> dict[str, list[int]]:
    """Table 三 as {row key: [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]}. Four queries."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    base = DisclosureRequest.objects.filter(unit_id__in=list(unit_ids), received_on__isnull=False).exclude(
        status=Status.SUBMITTED
    )
    not_closed_before = Q(replied_on__isnull=True) | Q(replied_on__gte=first)
    not_closed_by_end = Q(replied_on__isnull=True) | Q(replied_on__gt=last)
    new = _counts(base.filter(received_on__gte=first, received_on__lte=last)).get((), None)
    carried = _counts(base.filter(not_closed_before, received_on__lt=first)).get((), None)
    results = _counts(base.filter(replied_on__gte=first, replied_on__lte=last), ("result", "result_reason"))
    forward = _counts(base.filter(not_closed_by_end, received_on__lte=last)).get((), None)
    table: dict[str, list[int]] = {"new": _line(new), "carried": _line(carried)}
    total = [0] * (len(APPLICANT_COLUMNS) + 1)
    for key, *_ in table3_rows():
        if key in ("new", "carried", "total", "forward"):
            continue
        result, _, reason = key.partition(":")
        line = _line(results.get((result, int(reason or 0))))
        table[key] = line
        total = [a + b for a, b in zip(total, line, strict=True)]
    table["total"] = total
    table["forward"] = _line(forward)
    # the 2019 template's single （六）其他处理 row
    table["other"] = [sum(v) for v in zip(*(table[f"other:{i}"] for i in range(1, 4)), strict=True)]
    return table


def check_table3(table: dict[str, list[int]]) -> list[str]:
    """The columns where 一 + 二 ≠ 三（七） + 四, explained; empty when the table balances."""
    problems = []
    for i, label in enumerate(COLUMN_LABELS):
        left = table["new"][i] + table["carried"][i]
        right = table["total"][i] + table["forward"][i]
        if left != right:
            problems.append(
                f"{label}：一（{table['new'][i]}）+ 二（{table['carried'][i]}）= {left}，"
                f"三（七）（{table['total'][i]}）+ 四（{table['forward'][i]}）= {right}"
            )
    return problems


APPEAL_OUTCOMES = [
    AppealOutcome.MAINTAINED,
    AppealOutcome.CORRECTED,
    AppealOutcome.OTHER,
    AppealOutcome.PENDING,
]
APPEAL_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def compute_table4(unit_ids, year: int) -> dict[str, list[int]]:
    """Table 四: per kind, appeals decided in the year by outcome, and those pending at the year's end."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = {kind.value: [0] * 5 for kind in AppealKind}
    qs = Appeal.objects.filter(request__unit_id__in=list(unit_ids), filed_on__lte=last)
    decided = qs.filter(decided_on__gte=first, decided_on__lte=last).exclude(outcome=AppealOutcome.PENDING)
    for row in decided.values("kind", "outcome").annotate(n=Count("id")).order_by():
        table[row["kind"]][APPEAL_OUTCOMES.index(row["outcome"])] += row["n"]
    pending = qs.filter(Q(decided_on__isnull=True) | Q(decided_on__gt=last))
    for row in pending.values("kind").annotate(n=Count("id")).order_by():
        table[row["kind"]][3] += row["n"]
    for line in table.values():
        line[4] = sum(line[:4])
    return table


def _keyword(q_field: str, words) -> Q:
    q = Q()
    for word in words:
        q |= Q(**{f"{q_field}__icontains": word})
    return q


def _distinct(qs) -> int:
    return qs.values("pk").distinct().count()


def compute_table2(unit_ids, year: int, report: AnnualReport | None = None) -> dict:
    """Table 二 from the publications: 规章 (文号 with 令, or 规章 in the title), 行政规范性文件 (so named in the
    title or by the catalog item); decisions from records under 行政许可/行政处罚/行政强制 items. Figures the
    office entered on the report take precedence (decisions are often kept in other systems)."""
    from publishing.models import Publication, PublicationStatus, Validity

    first, last = date(year, 1, 1), date(year, 12, 31)
    shown = [PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN, PublicationStatus.SUPERSEDED]
    pubs = Publication.objects.filter(unit_id__in=list(unit_ids), status__in=shown)
    kinds = {
        "regulation": Q(doc_number__contains="令") | Q(title__contains="规章"),
        "normative": Q(title__contains="规范性文件") | Q(obligations__item__name__contains="规范性文件"),
    }
    docs = {}
    for key, q in kinds.items():
        of_kind = pubs.filter(q)
        docs[key] = [
            _distinct(of_kind.filter(formed_on__gte=first, formed_on__lte=last)),
            _distinct(of_kind.filter(validity=Validity.REPEALED, updated_at__year=year)),
            _distinct(
                of_kind.filter(
                    validity=Validity.VALID, status=PublicationStatus.PUBLISHED, formed_on__lte=last
                )
            ),
        ]
    in_year = pubs.filter(formed_on__gte=first, formed_on__lte=last)
    decisions = {}
    for key, word in (("licences", "行政许可"), ("penalties", "行政处罚"), ("enforcement", "行政强制")):
        entered = getattr(report, key, None) if report is not None else None
        decisions[key] = (
            entered
            if entered is not None
            else (_distinct(in_year.filter(_keyword("obligations__item__name", [word]))))
        )
    fees = report.fees_wan_yuan if report is not None and report.fees_wan_yuan is not None else Decimal("0")
    return {"regulation": docs["regulation"], "normative": docs["normative"], **decisions, "fees": str(fees)}


@dataclass
class ReportData:
    title: str
    scope: str
    year: int
    template: str
    unit_name: str
    overview: str
    problems: str
    other_matters: str
    table2: dict
    table3: dict[str, list[int]]
    table4: dict[str, list[int]]
    problems_found: list[str] = field(default_factory=list)
    published: bool = False

    def as_json(self) -> dict:
        layout = table3_rows(self.template)
        rows = {key: dict(zip(COLUMN_LABELS, self.table3[key], strict=True)) for key, *_ in layout}
        labels = {key: "".join(p for p in parts if p) for key, *parts in layout}
        return {
            "title": self.title,
            "year": self.year,
            "scope": self.scope,
            "unit": self.unit_name,
            "template": TEMPLATES[self.template],
            "sections": dict(
                zip(SECTIONS, [self.overview, "", "", "", self.problems, self.other_matters], strict=True)
            ),
            "table2": self.table2,
            "table3": {"columns": COLUMN_LABELS, "rows": rows, "labels": labels},
            "table4": {
                "columns": APPEAL_COLUMNS,
                "rows": {str(AppealKind(k).label): v for k, v in self.table4.items()},
            },
            "check": {
                "formula": "一 + 二 = 三（七） + 四",
                "balanced": not self.problems_found,
                "problems": self.problems_found,
            },
        }


def units_with_requests(year: int) -> list[Unit]:
    """The units whose table 三 or 四 of ``year`` is not all zeros — a request received by the year's end and not
    concluded before it, or an appeal filed by then and not decided before it — in the tree's order. Each owes
    its own report, and the district's report is the sum of theirs. Two queries."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    requests = (
        DisclosureRequest.objects.filter(received_on__isnull=False, received_on__lte=last)
        .exclude(status=Status.SUBMITTED)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gte=first))
        .values("unit_id")
    )
    appeals = Appeal.objects.filter(filed_on__lte=last).filter(
        Q(decided_on__isnull=True) | Q(decided_on__gte=first)
    )
    return list(
        Unit.objects.filter(Q(pk__in=requests) | Q(pk__in=appeals.values("request__unit_id"))).order_by(
            "tree_id", "lft"
        )
    )


def units_of(unit: Unit, district: bool) -> list[int]:
    if not district:
        return [unit.pk]
    return list(unit.get_descendants(include_self=True).values_list("pk", flat=True))


def build(*, unit: Unit, year: int, district: bool = False) -> ReportData:
    """The report's data, from the snapshot if published, else computed now (about 12 queries)."""
    report = AnnualReport.objects.filter(unit=unit, year=year, district=district).first()
    if report is not None and report.published_at and report.figures:
        return ReportData(**report.figures)
    ids = units_of(unit, district)
    table3 = compute_table3(ids, year)
    name = f"{unit.name}（全区汇总）" if district else unit.name
    return ReportData(
        title=f"{name}{year}年政府信息公开工作年度报告",
        scope="district" if district else unit.code,
        year=year,
        template=report.template if report else "2021",
        unit_name=name,
        overview=report.overview if report else "",
        problems=report.problems if report else "",
        other_matters=report.other_matters if report else "",
        table2=compute_table2(ids, year, report),
        table3=table3,
        table4=compute_table4(ids, year),
        problems_found=check_table3(table3),
        published=bool(report and report.published_at),
    )


def require_balanced(data: ReportData) -> ReportData:
    if data.problems_found:
        raise ReportImbalance(
            "年度报告表三不平衡（一 + 二 ≠ 三（七） + 四）：" + "；".join(data.problems_found)
        )
    return data
