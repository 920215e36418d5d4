"""The demo district's pilot ledger (idempotent), modelled on the seeds' plans — 拱墅's tasks with lead and
cooperating units and a timetable, 雅安's classes of quantified targets with their 问题清单 and monthly
supervision — written through pilot.services by the office's demo account: 3 classes, 8 quantified targets,
measures, evidence files, the five milestones, and two problems (one corrected and closed, 销号)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.opinion import screenshot_png
from organizations.models import Unit
from pilot import services
from pilot.models import MilestoneKind, Plan

CODE = "gs-pilot"

# number, title, lead, cooperating, indicator, target, unit, deadline (days from today), progress, actual
CLASSES: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    (
        "1",
        "标准目录编制",
        "GS-ZFB",
        [
            (
                "1.1",
                "编制试点领域政务公开事项标准目录",
                "GS-ZFB",
                ["GS-MZJ", "GS-JYJ", "GS-ZJJ"],
                "完成标准目录编制的试点领域数",
                8,
                "个",
                -120,
                100,
                8,
            ),
            (
                "1.2",
                "街道、社区公开事项清单全覆盖",
                "GS-ZFB",
                ["GS-MSX", "GS-HS"],
                "制定公开事项清单的街道、社区占比",
                100,
                "%",
                -60,
                100,
                100,
            ),
            (
                "1.3",
                "事项标准经联席会议审核",
                "GS-ZFB",
                ["GS-FZB"],
                "经联席会议审核的领域数",
                8,
                "个",
                -10,
                75,
                6,
            ),
        ],
    ),
    (
        "2",
        "平台和渠道建设",
        "GS-SPB",
        [
            (
                "2.1",
                "建设便民服务站政务公开查阅点",
                "GS-SPB",
                ["GS-MSX", "GS-HS"],
                "建成查阅点数",
                10,
                "个",
                -30,
                100,
                10,
            ),
            ("2.2", "政务服务大厅电子屏接入公开平台", "GS-SPB", [], "接入电子屏数", 3, "块", 20, 60, 2),
            ("2.3", "政策文件与解读同步发布", "GS-ZFB", ["GS-MZJ"], "政策解读同步率", 100, "%", 45, 40, 92),
        ],
    ),
    (
        "3",
        "监督考核",
        "GS-ZFB",
        [
            ("3.1", "聘请社会监督员", "GS-ZFB", [], "聘请社会监督员人数", 12, "名", -90, 100, 12),
            ("3.2", "试点工作季度点评通报", "GS-ZFB", [], "季度点评通报次数", 4, "次", 30, 75, 3),
        ],
    ),
]
# number, parent, title, lead, deadline (days), progress
MEASURES = [
    ("1.1.1", "1.1", "梳理试点领域事项、依据和公开主体", "GS-MZJ", -150, 100),
    ("1.1.2", "1.1", "编制标准目录并征求意见", "GS-ZFB", -120, 100),
    ("1.3.1", "1.3", "召开联席会议审核剩余2个领域标准", "GS-ZFB", -10, 50),
    ("2.2.1", "2.2", "完成第3块电子屏安装调试", "GS-SPB", 15, 30),
    ("3.2.1", "3.2", "第四季度点评通报", "GS-ZFB", 30, 0),
]
EVIDENCE = [
    ("1.1", "试点领域标准目录（汇编）", "docx"),
    ("1.1.1", "事项梳理工作底稿", "xlsx"),
    ("1.2", "街道社区公开事项清单", "xlsx"),
    ("1.3", "联席会议纪要", "docx"),
    ("2.1", "查阅点现场照片", "png"),
    ("2.1", "查阅点建设验收单", "docx"),
    ("3.1", "社会监督员聘书名单", "docx"),
]


def _docx(title: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph("拱墅区基层政务公开标准化规范化试点工作佐证材料（演示数据）。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append([title])
    book.active.append(["序号", "事项", "责任单位"])
    book.active.append([1, "最低生活保障对象认定", "区民政局"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _file(title: str, kind: str) -> SimpleUploadedFile:
    data = {"docx": _docx, "xlsx": _xlsx}.get(kind, lambda t: screenshot_png(16, 12))(title)
    return SimpleUploadedFile(f"{title}.{kind}", data)


def load(data: dict) -> dict:
    office = get_user_model().objects.filter(username="office").first()
    if office is None or Plan.objects.filter(code=CODE).exists():
        return {"plans": Plan.objects.filter(code=CODE).count()}
    units = {u.code: u for u in Unit.objects.filter(code__startswith="GS")}
    today = timezone.localdate()
    plan = services.create_plan(
        user=office,
        code=CODE,
        name="拱墅区基层政务公开标准化规范化试点",
        unit=units["GS"],
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=60),
        basis="国办发〔2017〕42号；《拱墅区基层政务公开标准化规范化试点实施方案》",
        summary="围绕“一目录、一体系、一平台、三级管理、四个渠道”，分3类8项量化目标推进试点，"
        "每月督查、每季度通报，试点全过程资料留存备验收。",
    )
    tasks = _tree(office, plan, units, today)
    _milestones(office, plan, today)
    for number, title, kind in EVIDENCE:
        services.add_evidence(user=office, task=tasks[number], upload=_file(title, kind), title=title)
    _problems(office, plan, tasks, units, today)
    return {"plans": 1, "tasks": len(tasks), "evidence": len(EVIDENCE), "problems": 2}


def _tree(office: Any, plan: Plan, units: dict, today: date) -> dict:
    tasks: dict = {}
    for number, title, lead, targets in CLASSES:
        klass = services.add_task(
            user=office, plan=plan, number=number, title=title, lead_unit=units[lead], deadline=plan.ends_on
        )
        tasks[number] = klass
        for n, t_title, t_lead, coop, indicator, target, unit, days, progress, actual in targets:
            deadline = today + timedelta(days=days)
            task = services.add_task(
                user=office, plan=plan, parent=klass, number=n, title=t_title, lead_unit=units[t_lead],
                cooperating=[units[c] for c in coop], indicator=indicator, target_value=target,
                measure_unit=unit, deadline=deadline,
            )  # fmt: skip
            done_on = min(deadline, today) - timedelta(days=3) if progress == 100 else None
            tasks[n] = services.report_progress(
                user=office, task=task, progress=progress, actual_value=actual, done_on=done_on
            )
    for n, parent, title, lead, days, progress in MEASURES:
        deadline = today + timedelta(days=days)
        task = services.add_task(
            user=office,
            plan=plan,
            parent=tasks[parent],
            number=n,
            title=title,
            lead_unit=units[lead],
            deadline=deadline,
        )
        done_on = min(deadline, today) - timedelta(days=5) if progress == 100 else None
        tasks[n] = services.report_progress(user=office, task=task, progress=progress, done_on=done_on)
    return tasks


def _milestones(office: Any, plan: Plan, today: date) -> None:
    dates = {
        MilestoneKind.FILED: (plan.starts_on + timedelta(days=30), True),
        MilestoneKind.COMPLETED: (today + timedelta(days=20), False),
        MilestoneKind.SELF_CHECK: (today + timedelta(days=5), False),
        MilestoneKind.SUMMARY: (today + timedelta(days=40), False),
        MilestoneKind.ACCEPTANCE: (plan.ends_on, False),
    }
    for kind, (due, done) in dates.items():
        milestone = services.set_milestone(user=office, plan=plan, kind=kind, due_on=due)
        if done:
            services.complete_milestone(user=office, milestone=milestone, done_on=due - timedelta(days=2))


def _problems(office: Any, plan: Plan, tasks: dict, units: dict, today: date) -> None:
    closed = services.open_problem(
        user=office,
        plan=plan,
        task=tasks["2.1"],
        title="部分查阅点未公示开放时间",
        detail="月度督查发现米市巷、湖墅街道2个查阅点未在显著位置公示开放时间和联系电话。",
        source="月度督查",
        unit=units["GS-SPB"],
        found_on=today - timedelta(days=50),
    )
    services.plan_correction(
        user=office, problem=closed, correction="统一制作查阅点标识牌，公示开放时间和咨询电话。",
        correct_by=today - timedelta(days=35),
    )  # fmt: skip
    services.close_problem(
        user=office, problem=closed, result="2个查阅点已完成标识牌设置，经复查合格。",
        closed_on=today - timedelta(days=33),
    )  # fmt: skip
    open_one = services.open_problem(
        user=office,
        plan=plan,
        task=tasks["1.3"],
        title="2个领域标准尚未经联席会议审核",
        detail="公共资源交易、市政服务领域标准未按期提交联席会议审核。",
        source="季度自查",
        unit=units["GS-ZFB"],
        found_on=today - timedelta(days=8),
    )
    services.plan_correction(
        user=office,
        problem=open_one,
        correction="本月内召开专题联席会议审核。",
        correct_by=today + timedelta(days=20),
    )
