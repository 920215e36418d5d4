"""Demo 征求意见 (idempotent), written through consultation.services by the office's demo account: a 重大行政决策
whose consultation closed with its comments answered and the feedback report published; a 涉企政策 running now;
and a 行政规范性文件 with its period shortened, the reason published with it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation import periods, services
from consultation.models import Comment, Consultation, Decision, Kind, Step, Verdict
from organizations.models import Unit

UNITS = ("GS-ZJJ", "GS-SPB", "GS-JYJ")

STORIES: list[dict[str, Any]] = [
    {
        "unit": "GS-ZJJ",
        "kind": "major",
        "title": "拱墅区既有住宅加装电梯实施办法（征求意见稿）",
        "draft": "第一条 为改善既有住宅居住条件，方便居民出行，根据有关法律法规，结合本区实际，制定本办法。\n"
        "第二条 本办法适用于本区范围内四层及以上、未设电梯的既有住宅加装电梯。\n"
        "第三条 加装电梯的费用由业主按楼层分摊，区财政按每台20万元给予补助。",
        "explanation": "本区2000年以前建成的多层住宅约1200幢，老年居民上下楼困难。为规范加装电梯工作，区住建局起草了本办法。",
        "basis": "《中华人民共和国民法典》第二百七十八条；《浙江省既有住宅加装电梯指导意见》",
        "days_ago": 75,
        "comments": [
            (
                "web",
                "建议补助标准按电梯造价比例确定，不要一刀切每台20万元。",
                Verdict.PARTLY,
                "补助调整为造价的30%、每台最高20万元。",
                "补助标准",
                3,
            ),
            (
                "web",
                "一楼住户不受益还要承担施工影响，建议明确一楼补偿。",
                Verdict.ADOPTED,
                "第三条增加低楼层住户补偿条款。",
                "低楼层补偿",
                3,
            ),
            (
                "web",
                "建议把三层住宅也纳入适用范围，方便行动不便的老人。",
                Verdict.REJECTED,
                "三层住宅加装电梯需求较少且结构条件差异大，本办法暂不纳入，可按个案申请。",
                "适用范围",
                2,
            ),
            (
                "meeting",
                "座谈会：居民代表希望简化审批，实行一站式办理。",
                Verdict.ADOPTED,
                "增加联合审批、一窗受理。",
                "",
            ),
            (
                "letter",
                "建议由政府出资统一加装全部电梯。",
                Verdict.REJECTED,
                "加装电梯属业主共同决定事项，政府予以补助引导，不宜全额出资。",
                "",
            ),
        ],
        "feedback": "共收到意见5条，采纳2条，部分采纳1条，不予采纳2条。主要修改：补助标准改为按造价比例并设上限；增加低楼层住户补偿；实行联合审批。",
        "hearing": {
            "subject": "既有住宅加装电梯补助标准听证会",
            "place": "拱墅区行政服务中心三楼听证室",
            "selection": "在报名的居民中按所住楼层分层随机抽取6名，另邀请区人大代表1名、高校专家1名；抽取结果公示3日。",
            "participants": "王某（居民代表，一楼住户）\n陈某（居民代表，三楼住户）\n刘某（居民代表，六楼住户）\n"
            "赵某（居民代表，五楼住户）\n孙某（居民代表，二楼住户）\n周某（居民代表，四楼住户）\n"
            "李某（区人大代表）\n吴某（浙江工业大学建筑工程学院，专家）",
        },
    },
    {
        "unit": "GS-SPB",
        "kind": "enterprise",
        "title": "拱墅区优化营商环境若干措施（征求意见稿）",
        "draft": "一、压缩企业开办时间至1个工作日。\n二、涉企经营许可事项实行告知承诺制。\n三、建立政企沟通月度例会制度。",
        "explanation": "为落实《优化营商环境条例》，区行政审批服务管理办公室起草了本措施，现向社会特别是市场主体征求意见。",
        "basis": "《优化营商环境条例》（国务院令第722号）",
        "days_ago": 6,
        "comments": [("web", "建议把政企沟通例会的议题和答复情况在网站公开。", "", "", "")],
    },
    {
        "unit": "GS-JYJ",
        "kind": "normative",
        "days": 5,
        "reason": "秋季学期招生报名即将开始，须在报名前印发，故征求意见期限缩短为5个工作日。",
        "title": "拱墅区义务教育阶段招生入学实施细则（征求意见稿）",
        "draft": "第一条 适龄儿童少年按学区就近入学。\n第二条 随迁子女凭居住证和社保证明申请入学。",
        "explanation": "根据上级招生政策调整，区教育局修订了本区招生入学实施细则。",
        "basis": "《中华人民共和国义务教育法》第十二条",
        "days_ago": 1,
        "comments": [],
    },
]


def load(data: dict) -> dict:
    office = get_user_model().objects.filter(username="office").first()
    if office is None:
        return {"consultations": 0}
    today = timezone.localdate()
    made = 0
    for story in STORIES:
        unit = Unit.objects.filter(code=story["unit"]).first()
        if unit is None or Consultation.objects.filter(title=story["title"]).exists():
            continue
        c = services.open_consultation(
            user=office,
            unit=unit,
            kind=Kind.objects.get(code=story["kind"]),
            title=story["title"],
            draft=story["draft"],
            explanation=story["explanation"],
            basis=story["basis"],
            opens_on=today - timedelta(days=story["days_ago"]),
            days=story.get("days"),
            reason=story.get("reason", ""),
        )
        answered: list[tuple[Comment, str, str, str]] = []
        for i, (channel, body, verdict, reason, group, *on) in enumerate(story["comments"]):
            at = c.opens_at + timedelta(days=1 + i, hours=9)
            if channel == "web":
                comment = services.submit_comment(
                    consultation=c, body=body, paragraph=on[0] if on else None, now=at
                )
            else:
                comment = services.enter_comment(
                    user=office,
                    consultation=c,
                    channel=channel,
                    body=body,
                    received_on=timezone.localdate(at),
                )
            if verdict:
                answered.append((comment, verdict, reason, group))
        for comment, verdict, reason, group in answered:
            services.answer(
                user=office, consultation=c, comments=[comment], verdict=verdict, reason=reason, group=group
            )
        if story.get("feedback"):
            last = timezone.localdate(c.closes_at - timedelta(microseconds=1))
            decided = last + timedelta(days=14)
            c = services.publish_feedback(
                user=office,
                consultation=c,
                decided_on=decided,
                summary=story["feedback"],
                now=timezone.now() - timedelta(days=max((today - decided).days - 3, 0)),
            )
        _decision(office, c, today, story.get("hearing"))
        made += 1
    return {"consultations": made}


def _decision(office: Any, c: Consultation, today, hearing: dict | None = None) -> None:
    """The decision behind a 重大行政决策 or 涉企政策 consultation on the year's list, its steps as they happened."""
    if c.kind.code == "normative" or Decision.objects.filter(consultation=c).exists():
        return
    opens = timezone.localdate(c.opens_at)
    decision = services.list_decision(
        user=office,
        year=today.year,
        title=c.title.replace("（征求意见稿）", ""),
        unit=c.unit,
        listed_on=min(opens - timedelta(days=20), date(today.year, 1, 20)),
        consultation=c,
    )
    steps = [
        (Step.DRAFT, opens - timedelta(days=5), "形成草案和起草说明"),
        (Step.CONSULT, opens, "向社会公开征求意见"),
    ]
    for step, on, note in steps:
        if on <= today:
            services.record_step(user=office, decision=decision, step=step, on=on, note=note)
    steps = []
    if c.decided_on:
        last = timezone.localdate(c.closes_at - timedelta(microseconds=1))
        if hearing:
            _hearing(office, decision, last, hearing)  # held on last + 10: the 听证 step
        else:
            steps.append((Step.HEARING, last + timedelta(days=3), "召开专家论证会并开展社会稳定风险评估"))
        steps += [
            (Step.LEGALITY, last + timedelta(days=12), "区司法局合法性审查通过"),
            (Step.COLLECTIVE, c.decided_on, "区政府常务会议审议通过"),
            (Step.PUBLISH, c.decided_on + timedelta(days=2), "正式印发并公布"),
        ]
    for step, on, note in steps:
        if on <= today:
            services.record_step(user=office, decision=decision, step=step, on=on, note=note)


def _hearing(office: Any, decision: Decision, last: date, data: dict) -> None:
    """The hearing on the decision as it happened: noticed the day after the period closed, the materials sent
    9 days before it (on time: at least 7), held on the tenth day, its signed record uploaded that afternoon."""
    noticed = periods.start_of_day(last + timedelta(days=1)) + timedelta(hours=9)
    hearing_at = periods.start_of_day(last + timedelta(days=10)) + timedelta(hours=9, minutes=30)
    hearing = services.save_hearing(
        user=office, decision=decision, hearing_at=hearing_at, now=noticed, **data
    )
    sent = hearing_at - timedelta(days=9)
    hearing = services.send_materials(user=office, hearing=hearing, sent_at=sent, now=sent)
    record = SimpleUploadedFile("听证笔录.pdf", _record_pdf(data, hearing_at), content_type="application/pdf")
    services.upload_hearing_record(
        user=office, hearing=hearing, file=record, now=hearing_at + timedelta(hours=5)
    )


def _record_pdf(data: dict, hearing_at) -> bytes:
    """A one-page signed record (笔录) for the demo, rendered by WeasyPrint."""
    from django.utils.html import escape
    from weasyprint import HTML

    people = "".join(f"<li>{escape(p)}　签字：＿＿＿＿</li>" for p in data["participants"].splitlines())
    when = timezone.localtime(hearing_at).strftime("%Y年%m月%d日 %H:%M")
    html = (
        f"<h1>{escape(data['subject'])}笔录</h1><p>时间：{when}</p><p>地点：{escape(data['place'])}</p>"
        f"<p>听证参加人（经核对，已签字）：</p><ol>{people}</ol><p>（演示数据）</p>"
    )
    return HTML(string=html).write_pdf()
