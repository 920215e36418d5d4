"""The ready-made indicator systems (templates) and the default assessor groups.

* 鲤城区 2020 and 金东区 2021: the district rubrics of reference/standards.md §6, deduction rules as written.
* 中国政府透明度指数: the five national dimensions, each 20 points, with the computable parts computed.

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

TEMPLATES = [LICHENG_2020, JINDONG_2021, NATIONAL_INDEX]

#: 多方评议 (seed 000): 政府 + 人大 + 公众 + 第三方, with default weights the office may change.
DEFAULT_GROUPS = [
    ("government", "政府", "0.40"),
    ("npc", "人大", "0.20"),
    ("public", "公众", "0.20"),
    ("third-party", "第三方", "0.20"),
]
