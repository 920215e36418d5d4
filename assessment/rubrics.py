"""The ready-made indicator systems (templates) and the default assessor groups.

* 鲤城区 2020 and 金东区 2021: the district rubrics of reference/standards.md §6, deduction rules as written.
* 中国政府透明度指数: the five national dimensions, each 20 points, with the computable parts computed.

* 互动交流与政务舆情回应: the message and 舆情 ledgers (issue 24), scored on their clocks.

FOI (依申请公开) parts are computed from the foi app (late replies, replies corrected on appeal).
Each node: (code, name, scoring, max points, extra fields, children).
"""

from __future__ import annotations

FOI_RULE = "每件逾期答复扣6分，每件经行政复议或诉讼被纠错的答复扣3分，扣完为止。"


def foi_pool(code: str, points: int) -> tuple:
    """依申请公开 as a pool: −6 per late reply, −3 per reply corrected on review or in court (foi app)."""
    return (
        code,
        "依申请公开",
        "pool",
        points,
        {"criteria": FOI_RULE},
        [
            (
                f"{code}.1",
                "逾期答复",
                "deduct",
                0,
                {
                    "deduction_per": 6,
                    "computation": "foi_late_replies",
                    "criteria": "每件逾期答复（含逾期未答复）扣6分。",
                    "when_nothing_due": "full",
                },
                [],
            ),
            (
                f"{code}.2",
                "答复被纠错",
                "deduct",
                0,
                {
                    "deduction_per": 3,
                    "computation": "foi_corrected",
                    "criteria": "每件经行政复议或诉讼被纠错的答复扣3分。",
                    "when_nothing_due": "full",
                },
                [],
            ),
        ],
    )


LICHENG_2020 = {
    "key": "licheng-2020",
    "name": "鲤城区政务公开考核指标（2020年）",
    "source": "泉州市鲤城区2020年度政务公开工作考核评分细则",
    "indicators": [
        (
            "1",
            "主动公开",
            "pool",
            10,
            {"criteria": "满分10分，按下列扣分项扣完为止。"},
            [
                (
                    "1.1",
                    "公开时限（提前或逾期公开）",
                    "deduct",
                    0,
                    {
                        "deduction_per": 5,
                        "computation": "late_items",
                        "params": {"per": "record", "count_early": True},
                        "criteria": "每条提前、逾期或应公开未公开的信息扣5分。",
                        "when_nothing_due": "full",
                    },
                    [],
                ),
                (
                    "1.2",
                    "标题、索引号规范",
                    "deduct",
                    0,
                    {
                        "deduction_per": 1,
                        "computation": "bad_metadata",
                        "criteria": "每条标题不规范或索引号错误的信息扣1分。",
                        "when_nothing_due": "neutral",
                    },
                    [],
                ),
            ],
        ),
        (
            "2",
            "政府信息公开工作年度报告",
            "manual",
            10,
            {"criteria": "按时发布，内容和格式符合国办公开办函〔2021〕30号模板，数据准确。"},
            [],
        ),
        foi_pool("3", 6),
        (
            "4",
            "保密审查",
            "manual",
            6,
            {"criteria": "建立并落实公开前保密审查机制，无泄密、不当公开情形。"},
            [],
        ),
    ],
}

JINDONG_2021 = {
    "key": "jindong-2021",
    "name": "金东区政务公开考核指标（2021年）",
    "source": "金华市金东区2021年度政务公开工作考核细则",
    "indicators": [
        (
            "1",
            "主动公开",
            "pool",
            40,
            {"criteria": "满分40分，按下列扣分项扣完为止。"},
            [
                (
                    "1.1",
                    "未在20个工作日内公开",
                    "deduct",
                    0,
                    {
                        "deduction_per": 2,
                        "computation": "late_items",
                        "criteria": "每一应公开事项未在时限内公开（逾期公开或截至考核期末未公开）的扣2分。",
                        "when_nothing_due": "neutral",
                    },
                    [],
                ),
                (
                    "1.2",
                    "规范性文件未同步发布解读",
                    "deduct",
                    0,
                    {
                        "deduction_per": 4,
                        "computation": "interpretation_sync",
                        "criteria": "每件规范性文件未同步发布政策解读的扣4分。",
                        "when_nothing_due": "full",
                    },
                    [],
                ),
            ],
        ),
    ],
}

NATIONAL_INDEX = {
    "key": "national-index",
    "name": "中国政府透明度指数（五个维度）",
    "source": "中国社会科学院法学研究所 中国政府透明度指数评估",
    "indicators": [
        (
            "1",
            "决策公开",
            "sum",
            20,
            {},
            [
                (
                    "1.1",
                    "政策解读同步发布",
                    "rate",
                    10,
                    {"computation": "interpretation_sync", "when_nothing_due": "excluded"},
                    [],
                ),
                (
                    "1.2",
                    "重大决策预公开和意见征集",
                    "manual",
                    10,
                    {"criteria": "重大决策草案公开征求意见，公开意见采纳情况。"},
                    [],
                ),
            ],
        ),
        (
            "2",
            "管理服务公开",
            "sum",
            20,
            {},
            [
                (
                    "2.1",
                    "标准目录覆盖",
                    "rate",
                    10,
                    {"computation": "catalog_coverage", "when_nothing_due": "excluded"},
                    [],
                ),
                (
                    "2.2",
                    "办事服务群众评价",
                    "rate",
                    10,
                    {"computation": "citizen_ratings", "when_nothing_due": "neutral"},
                    [],
                ),
            ],
        ),
        (
            "3",
            "执行和结果公开",
            "sum",
            20,
            {},
            [
                (
                    "3.1",
                    "按时公开率",
                    "rate",
                    15,
                    {"computation": "ontime_rate", "when_nothing_due": "excluded"},
                    [],
                ),
                ("3.2", "政策执行和审计结果公开", "manual", 5, {}, []),
            ],
        ),
        (
            "4",
            "政务公开平台建设",
            "sum",
            20,
            {},
            [
                (
                    "4.1",
                    "栏目更新（空白、不更新栏目）",
                    "deduction",
                    10,
                    {
                        "deduction_per": 2,
                        "computation": "stale_columns",
                        "criteria": "每个空白或超过更新周期未更新的栏目扣2分。",
                        "when_nothing_due": "neutral",
                    },
                    [],
                ),
                (
                    "4.2",
                    "信息发布规范（标题、索引号）",
                    "deduction",
                    5,
                    {"deduction_per": 1, "computation": "bad_metadata", "when_nothing_due": "neutral"},
                    [],
                ),
                ("4.3", "平台功能和可用性", "manual", 5, {}, []),
            ],
        ),
        foi_pool("5", 20),
    ],
}

#: The 互动交流 rule (issue 24, from 国办秘函〔2019〕19号 政府网站与政务新媒体检查指标 as reference/standards.md §5 gives it):
#: a message left unanswered over 3 months is a single veto (单项否决), so this part scores 0; one waiting
#: 2 months is marked down; every late or unanswered message deducts.
INTERACTION_RULE = (
    "依据国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》（互动回应）：存在超过3个月未答复的留言的，"
    "单项否决；留言超过2个月未答复的扣分；超期答复、超期未答复的留言逐件扣分。满分10分，扣完为止。"
)
OPINION_RULE = (
    "依据国办发〔2016〕61号、国办发〔2016〕80号：特别重大、重大突发事件5小时内发布权威信息、24小时内举行新闻发布会，"
    "其他政务舆情48小时内回应。得分 = 10 × 按时回应的时限数 ÷（按时 + 超时回应 + 未回应）；移交公安、网信部门和尚在"
    "计时中的不计入；本期无舆情的按满分计。"
)


def interaction_pool(code: str, points: int) -> tuple:
    """互动交流 as a pool: −1 per late or unanswered message, −3 more per message waiting over two months, and
    the whole pool for one waiting over three months (单项否决)."""
    return (
        code,
        "互动交流（留言办理）",
        "pool",
        points,
        {"criteria": INTERACTION_RULE},
        [
            (
                f"{code}.1",
                "留言超期答复、超期未答复",
                "deduct",
                0,
                {
                    "deduction_per": 1,
                    "computation": "interaction_late_answers",
                    "criteria": "考核期内应答复的留言（期内答复的、截至期末已过答复期限仍未答复的）逐件列明；"
                    "每件超期答复或超期未答复的扣1分，未到答复期限的不计。",
                    "when_nothing_due": "full",
                },
                [],
            ),
            (
                f"{code}.2",
                "留言超过2个月未答复",
                "deduct",
                0,
                {
                    "deduction_per": 3,
                    "computation": "interaction_late_answers",
                    "params": {"waiting_months": 2},
                    "criteria": "每件自收到之日起超过2个月未答复的留言（截至期末仍未答复或期内才答复）再扣3分。",
                    "when_nothing_due": "full",
                },
                [],
            ),
            (
                f"{code}.3",
                "留言超过3个月未答复（单项否决）",
                "deduct",
                0,
                {
                    "deduction_per": points,
                    "computation": "interaction_late_answers",
                    "params": {"waiting_months": 3},
                    "criteria": "国办秘函〔2019〕19号单项否决项：存在超过3个月未答复的留言的，本项（互动交流）计0分。",
                    "when_nothing_due": "full",
                },
                [],
            ),
        ],
    )


INTERACTION_OPINION = {
    "key": "interaction-opinion",
    "name": "互动交流与政务舆情回应考核指标",
    "source": "国办秘函〔2019〕19号（互动回应单项否决）；国办发〔2016〕61号、国办发〔2016〕80号（舆情回应时限）",
    "indicators": [
        interaction_pool("1", 10),
        (
            "2",
            "政务舆情回应",
            "rate",
            10,
            {"computation": "opinion_responses", "criteria": OPINION_RULE, "when_nothing_due": "full"},
            [],
        ),
    ],
}

TEMPLATES = [LICHENG_2020, JINDONG_2021, NATIONAL_INDEX, INTERACTION_OPINION]

#: 多方评议 (seed 000): 政府 + 人大 + 公众 + 第三方, with default weights the office may change.
DEFAULT_GROUPS = [
    ("government", "政府", "0.40"),
    ("npc", "人大", "0.20"),
    ("public", "公众", "0.20"),
    ("third-party", "第三方", "0.20"),
]
