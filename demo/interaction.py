"""Demo 互动交流 (idempotent): 40 messages over the demo year, written through interaction.services — most routed by
the asker or by the office (one rerouted) and answered on time, six answered late, four unanswered (three overdue,
one still running); about half with the asker's consent to publish the answer."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from interaction import services
from interaction.models import Kind, Message
from organizations.models import Unit
from workdays import engine

UNITS = ("GS-JYJ", "GS-MZJ", "GS-RSJ", "GS-CGJ", "GS-ZJJ")
KINDS = (Kind.CONSULT, Kind.SUGGEST, Kind.COMPLAIN, Kind.MAILBOX, Kind.CONSULT, Kind.CORRECTION)
TOPICS = (
    (
        "小学入学报名需要哪些材料",
        "孩子今年入学，想了解户籍和居住证明需要准备哪些材料，网上报名什么时候开始？",
    ),
    ("低保申请办理流程咨询", "家中老人因病生活困难，想咨询最低生活保障的申请条件和需要到哪里办理。"),
    ("灵活就业人员社保补贴", "本人灵活就业，想了解社保补贴的申领条件和办理时限。"),
    ("建议增设小区周边停车位", "小区周边夜间停车困难，建议利用空地增设临时停车位，方便居民出行。"),
    ("老旧小区改造施工噪音", "改造工地晚上十点后仍在施工，影响休息，请相关部门督促按时停工。"),
    ("网站办事指南链接失效", "办事指南页面中的表格下载链接打不开，请修复。"),
    ("住房公积金提取咨询", "租房提取公积金需要提供哪些材料，每年可以提取几次？"),
    ("建议增加社区养老服务点", "社区老年人较多，建议增设日间照料中心，提供助餐服务。"),
)
#: message number -> working days after its due date that it was answered (late); UNANSWERED: never answered
LATE = {5: 3, 11: 6, 17: 2, 23: 9, 29: 4, 33: 1}
UNANSWERED = {8, 19, 37, 39}


def load(data: dict) -> dict:
    office = get_user_model().objects.filter(username="office").first()
    units = {u.code: u for u in Unit.objects.filter(code__in=UNITS, is_active=True)}
    if office is None or not units:
        return {"messages": 0}
    today = timezone.localdate()
    made = 0
    for i in range(40):
        subject, body = TOPICS[i % len(TOPICS)]
        subject = f"{subject}（{i + 1:02d}）"
        if Message.objects.filter(subject=subject).exists():
            continue
        received = today - timedelta(days=2 + (39 - i) * 9)  # spread over the year, the last two days ago
        unit = units.get(UNITS[i % len(UNITS)]) or next(iter(units.values()))
        chosen = i % 3 == 0
        message = services.submit(
            kind=KINDS[i % len(KINDS)],
            subject=subject,
            body=body,
            name=f"市民{i + 1:02d}",
            phone=f"1390000{i:04d}",
            consent=i % 2 == 0,
            unit=unit if chosen else None,
            today=received,
        )
        if not chosen:
            first = units.get(UNITS[(i + 1) % len(UNITS)]) if i == 4 else unit
            services.assign(user=office, message=message, unit=first or unit)
            if i == 4 and first is not unit:
                services.assign(user=office, message=message, unit=unit, note="职责属于该单位，改派")
        made += 1
        if i in UNANSWERED:
            continue
        message.refresh_from_db()
        if i in LATE:
            on = engine.add_workdays(message.due_on, LATE[i]).due
        else:
            on = engine.add_workdays(received, 1 + i % max(message.workdays, 1)).due
        if on > today:
            continue
        services.answer(
            user=office,
            message=message,
            text=f"您好！关于“{subject}”，经{unit.name}核实，答复如下：已按有关规定办理，如有疑问请拨打本单位办公电话咨询。",
            today=on,
        )
    # the bells: the overdue messages (留言超期) and those due next (留言待答复), each person once
    services.send_reminders(today=today)
    return {"messages": made}
