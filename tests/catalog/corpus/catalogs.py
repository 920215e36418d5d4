"""The corpus: twelve catalogs of eleven fields, as published (sources in each ``url``)."""

from __future__ import annotations

from . import Expected, Sheet, Source

W, G, NM, CF, BC, PR = "website", "gazette", "new_media", "conference", "broadcast", "print"
RP, SC, CS, OS, BB, TP, OT = (
    "reading_point",
    "service_center",
    "convenience_station",
    "on_site",
    "bulletin_board",
    "targeted_push",
    "other",
)
LIB, ARC = "library", "archives"
D, S, C = "district", "street", "community"
DEADLINE, PERIODIC, CONTINUOUS, AS_PROGRESS, UNPARSED = (
    "deadline",
    "periodic",
    "continuous",
    "as_progress",
    "unparsed",
)
TICK = "√"
GIOR = "中华人民共和国政府信息公开条例"


# the two-row header most county and town catalogs share (standards §1), with its merges
def two_row_header(
    audience=("全社会", "特定群众"),
    mode=("主动", "依申请公开"),
    tiers=("县级", "乡级"),
    extra_first=(),
    extra_last=(),
):
    top = [
        "序号",
        *[e[0] for e in extra_first],
        "公开事项",
        None,
        "公开内容(要素)",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        None,
        "公开方式",
        None,
    ]
    sub = [
        None,
        *[None for _ in extra_first],
        "一级事项",
        "二级事项",
        None,
        None,
        None,
        None,
        None,
        *audience,
        *mode,
    ]
    if tiers:
        top += ["公开层级"] + [None] * (len(tiers) - 1)
        sub += list(tiers)
    top += [e for e in extra_last]
    sub += [None for _ in extra_last]
    return top, sub


def header_merges(first_data_row: int, ncols_before_items: int, tiers: int, extra_last: int = 0) -> list[str]:
    from openpyxl.utils import get_column_letter as L

    h = first_data_row - 2  # the top header row
    merges = [f"{L(c)}{h}:{L(c)}{h + 1}" for c in range(1, ncols_before_items + 1)]
    items = ncols_before_items + 1
    merges.append(f"{L(items)}{h}:{L(items + 1)}{h}")
    for c in range(items + 2, items + 7):  # 内容 依据 时限 主体 渠道
        merges.append(f"{L(c)}{h}:{L(c)}{h + 1}")
    aud = items + 7
    merges += [f"{L(aud)}{h}:{L(aud + 1)}{h}", f"{L(aud + 2)}{h}:{L(aud + 3)}{h}"]
    if tiers > 1:
        merges.append(f"{L(aud + 4)}{h}:{L(aud + 3 + tiers)}{h}")
    for k in range(extra_last):
        c = aud + 4 + tiers + k
        merges.append(f"{L(c)}{h}:{L(c)}{h + 1}")
    return merges


FULL_LIST_CHANNELS_WEBSITE_READING = [
    (W, True),
    (G, False),
    (NM, False),
    (CF, False),
    (BC, False),
    (PR, False),
    (RP, True),
    (SC, False),
    (CS, False),
    (OS, False),
    (BB, False),
    (TP, False),
]

# -----------------------------------------------------------------------------------------------------------
# 1. 社会救助, a town catalog (镇级 | 村级), names broken over lines, compound channel names
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(tiers=("镇级", "村级"))
SOCIAL_TOWN = Source(
    key="social-assistance-town",
    field="social-assistance",
    url="http://mdx.gov.cn/info/1473/43897.htm",
    publisher="镇人民政府（社会救助领域基层政务公开标准目录，镇级/村级）",
    sheets=[
        Sheet(
            "社会救助",
            [
                ["社会救助领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "综合业务",
                    "政策\n法规\n文件",
                    "《社会救助暂行办\n法》\n各地配套政策法规文件",
                    "《中华人民共和国政府信息公开\n条例》及相关规定",
                    "制定或获取信息之日起10个工作日\n内",
                    "镇人民政府",
                    "■政府网站\n■政务服务中心\n■镇村公示公开栏",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    2,
                    None,
                    "监督\n检查",
                    "社会救助信访通讯地址\n社会救助投诉举报电话",
                    None,
                    None,
                    None,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    3,
                    "最低生活\n保障",
                    "政策\n法规\n文件",
                    "《国务院关于进一步加强和改进最低生活保障工作的意见》《最低生活保障审核审批办法(试行)》、各地配套政策法规文件",
                    None,
                    None,
                    None,
                    "■社区/企事业单位/村公示栏(电子屏)",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    5,
                    None,
                    "审核\n信息",
                    "初审对象名单及相关信息",
                    None,
                    "制定或获取信息之日起10个工作日内,公示7\n个工作日",
                    None,
                    "■社区/企事业单位/村公示栏\n(电子屏)",
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                    TICK,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2), "B4:B5", "B6:B7", "E4:E7", "F4:F6", "G4:G7", "H4:H5"],
        )
    ],
    expected=[
        Expected(
            ("综合业务", "政策法规文件"),
            ["《社会救助暂行办法》", "各地配套政策法规文件"],
            [GIOR],
            "制定或获取信息之日起10个工作日\n内",
            DEADLINE,
            "镇人民政府",
            [(W, True), (SC, True), (BB, True)],
            {S},
            labels={BB: "镇村公示公开栏"},
            rule={"trigger": "formed", "amount": 10, "unit": "workdays"},
        ),
        Expected(
            ("综合业务", "监督检查"),
            ["社会救助信访通讯地址", "社会救助投诉举报电话"],
            [GIOR],
            "制定或获取信息之日起10个工作日\n内",
            DEADLINE,
            "镇人民政府",
            [(W, True), (SC, True), (BB, True)],
            {S},
            labels={BB: "镇村公示公开栏"},
        ),
        Expected(
            ("最低生活保障", "政策法规文件"),
            [
                "《国务院关于进一步加强和改进最低生活保障工作的意见》《最低生活保障审核审批办法(试行)》",
                "各地配套政策法规文件",
            ],
            [GIOR],
            "制定或获取信息之日起10个工作日\n内",
            DEADLINE,
            "镇人民政府",
            [(BB, True)],
            {S},
        ),
        Expected(
            ("最低生活保障", "审核信息"),
            ["初审对象名单及相关信息"],
            [GIOR],
            "制定或获取信息之日起10个工作日内,公示7\n个工作日",
            DEADLINE,
            "镇人民政府",
            [(BB, True)],
            {S, C},
            audience=(False, True),
            mode=(False, True),
            rule={"trigger": "formed", "amount": 10, "unit": "workdays", "display_days": 7},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 2. 义务教育, a town catalog (县级 | 乡级), "●" elements, the full ■/□ list of channels
# -----------------------------------------------------------------------------------------------------------
_FULL = (
    "■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点□政务服务中心 □便民服务站□入户/现场 "
    "□社区/企事业单位/村公示栏(电子屏) □精准推送 □其他"
)
_FULL_NM = _FULL.replace("□两微一端", "■两微一端")
_top, _sub = two_row_header(audience=("全社会", "特定群体"), mode=("主动", "依申请"))
_EDU_BASIS_2 = "《中华人民共和国政府信息公开条例》《教育部关于进一步做好小学升入初中免试就近入学工作的实施意见》《教育部关于推进中小学信息公开工作的意见》"
EDUCATION_TOWN = Source(
    key="education-town",
    field="compulsory-education",
    url="http://dayao.gov.cn/info/egovinfo/1007/overt_centent/dyx033-/2023-0913016.htm",
    publisher="大姚县石羊镇（石羊镇义务教育领域基层政务公开标准目录）",
    sheets=[
        Sheet(
            "Sheet1",
            [
                ["石羊镇义务教育领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "财务信息",
                    "财务信息",
                    "●财务管理及监督办法 ●年度经费预决算信息 ●收费项目及收费标准",
                    "《中华人民共和国政府信息公开条例》",
                    "信息形成或者变更之日起20个工作日内",
                    "石羊镇中心学校",
                    _FULL,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
                [
                    2,
                    "招生管理",
                    "学校介绍",
                    "●办学性质 ●办学地点 ●办学规模 ●办学基本条件 ●联系方式等",
                    _EDU_BASIS_2,
                    "信息形成或者变更之日起20个工作日内",
                    "石羊镇中心学校",
                    _FULL_NM,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
                [
                    3,
                    "学生管理",
                    "义务教育学生资助政策",
                    "●统一城乡义务教育“两免一补”政策",
                    "《中华人民共和国政府信息公开条例》《国务院关于进一步完善城乡义务教育经费保障机制的通知》",
                    "信息形成或者变更之日起20个工作日内",
                    "大姚县教育体育局",
                    _FULL_NM,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2)],
        )
    ],
    expected=[
        Expected(
            ("财务信息", "财务信息"),
            ["财务管理及监督办法", "年度经费预决算信息", "收费项目及收费标准"],
            [GIOR],
            "信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "石羊镇中心学校",
            FULL_LIST_CHANNELS_WEBSITE_READING,
            {D, S},
        ),
        Expected(
            ("招生管理", "学校介绍"),
            ["办学性质", "办学地点", "办学规模", "办学基本条件", "联系方式等"],
            [
                GIOR,
                "教育部关于进一步做好小学升入初中免试就近入学工作的实施意见",
                "教育部关于推进中小学信息公开工作的意见",
            ],
            "信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "石羊镇中心学校",
            [(W, True), (G, False), (NM, True), *FULL_LIST_CHANNELS_WEBSITE_READING[3:]],
            {D, S},
        ),
        Expected(
            ("学生管理", "义务教育学生资助政策"),
            ["统一城乡义务教育“两免一补”政策"],
            [GIOR, "国务院关于进一步完善城乡义务教育经费保障机制的通知"],
            "信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "大姚县教育体育局",
            [(W, True), (G, False), (NM, True), *FULL_LIST_CHANNELS_WEBSITE_READING[3:]],
            {D, S},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 3. 义务教育 + 公共法律服务, a county-level city (东阳市级 | 镇街乡 | 村), with 公开 and 五公开 mark columns, 同上
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(tiers=("东阳市级", "镇街乡", "村"), extra_last=("公开", "五公开"))
_LEGAL_CHANNELS = (
    "■政府网站■两微一端■广播电视■纸质媒体■入户/现场■社区/企事业单位/村公示栏(电子屏)■其他法律服务网"
    "注:有关公开信息可推送或归集至本省级法律服务网。"
)
_PUFA = (
    "《中共中央、国务院转发<中央宣传部、司法部关于在公民中开展法治宣传教育的第七个五年规划(2016-2020年)>》、"
    "各省“七五”普法规划"
)
_PUFA_DOC = (
    "中共中央、国务院转发<中央宣传部、司法部关于在公民中开展法治宣传教育的第七个五年规划(2016-2020年)>"
)
DONGYANG = Source(
    key="dongyang-city",
    field="compulsory-education",
    url="http://cncdsbwlw.com/art/2024/8/29/art_1229506921_59688362.html",
    publisher="东阳市（县级市）：(三)义务教育领域、(七)公共法律服务领域基层政务公开标准目录",
    note=(
        "东阳市政府网站页面（art_1229506921 栏目）的副本，见于另一域名；公共法律服务目录同一栏目："
        "http://www.huaranrunfang.com/art/2020/9/30/art_1229370515_58876431.html 。副本把“政府信息公开条例”"
        "替换成了广告词，此处按原文恢复。"
    ),
    sheets=[
        Sheet(
            "义务教育",
            [
                ["(三)义务教育领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "政策文件",
                    "规范性文件",
                    "部门和地方政府规章、各类教育政策文件",
                    "《中华人民共和国政府信息公开条例》",
                    "信息形成或者变更之日起20个工作日内",
                    "市教育局",
                    "■政府网站 ■政府公报 ■两微一端",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    "■文本",
                    "□决策",
                ],
                [
                    2,
                    "教育概况",
                    "教育事业发展主要情况",
                    "教育事业发展主要情况",
                    "《中华人民共和国统计法》、《中华人民共和国政府信息公开条例》、《教育统计管理规定》",
                    "信息形成或者变更之日起20个工作日内",
                    "市教育局",
                    "■政府网站 ■两微一端 ■公开查阅点",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    "■文本",
                    "□决策",
                ],
                [
                    None,
                    None,
                    "教育统计数据",
                    "学校数据、在校生数据、教师数据、办学条件数据、县级汇总数据",
                    None,
                    "信息形成或者变更之日起20个工作日内",
                    "市教育局",
                    "■政府网站 ■两微一端 ■公开查阅点",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    "■文本",
                    "□决策",
                ],
            ],
            ["A1:Q1", *header_merges(4, 1, 3, 2), "B5:B6", "E5:E6"],
        ),
        Sheet(
            "公共法律服务",
            [
                ["(七)公共法律服务领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "法治宣传教育",
                    "法律知识普及服务",
                    "法律法规资讯;普法动态资讯;普法讲师团信息等",
                    _PUFA,
                    "自制作或获取该信息之日起20个工作日内公开",
                    "市司法局(行政复议局)",
                    _LEGAL_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    "■文本",
                    "□决策",
                ],
                [
                    None,
                    None,
                    "推广法治文化服务",
                    "辖区内法治文化阵地信息;法治文化作品、产品",
                    "同上",
                    "自制作或获取该信息之日起20个工作日内公开",
                    "市司法局(行政复议局)",
                    "同上",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    "■文本",
                    "□决策",
                ],
                [
                    None,
                    None,
                    "法治宣传教育表彰奖励",
                    "评选表彰通知;先进集体和个人申报表(空白表);拟表彰的先进集体先进个人名单;表彰决定",
                    "同上",
                    "自制作或获取该信息之日起20个工作日内公开",
                    "市司法局(行政复议局)",
                    "同上",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    "■文本",
                    "□决策",
                ],
            ],
            ["A1:Q1", *header_merges(4, 1, 3, 2), "A4:A6", "B4:B6"],
        ),
    ],
    expected=[
        Expected(
            ("政策文件", "规范性文件"),
            ["部门和地方政府规章", "各类教育政策文件"],
            [GIOR],
            "信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "市教育局",
            [(W, True), (G, True), (NM, True)],
            {D},
        ),
        Expected(
            ("教育概况", "教育事业发展主要情况"),
            ["教育事业发展主要情况"],
            ["中华人民共和国统计法", GIOR, "教育统计管理规定"],
            "信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "市教育局",
            [(W, True), (NM, True), (RP, True)],
            {D},
        ),
        Expected(
            ("教育概况", "教育统计数据"),
            ["学校数据", "在校生数据", "教师数据", "办学条件数据", "县级汇总数据"],
            ["中华人民共和国统计法", GIOR, "教育统计管理规定"],
            "信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "市教育局",
            [(W, True), (NM, True), (RP, True)],
            {D},
        ),
        Expected(
            ("法治宣传教育", "法律知识普及服务"),
            ["法律法规资讯", "普法动态资讯", "普法讲师团信息等"],
            [_PUFA_DOC],
            "自制作或获取该信息之日起20个工作日内公开",
            DEADLINE,
            "市司法局(行政复议局)",
            [(W, True), (NM, True), (BC, True), (PR, True), (OS, True), (BB, True), (OT, True)],
            {D},
            labels={OT: "其他：法律服务网"},
            field="public-legal",
        ),
        Expected(
            ("法治宣传教育", "推广法治文化服务"),
            ["辖区内法治文化阵地信息", "法治文化作品、产品"],
            [_PUFA_DOC],
            "自制作或获取该信息之日起20个工作日内公开",
            DEADLINE,
            "市司法局(行政复议局)",
            [(W, True), (NM, True), (BC, True), (PR, True), (OS, True), (BB, True), (OT, True)],
            {D},
            labels={OT: "其他：法律服务网"},
            field="public-legal",
        ),
        Expected(
            ("法治宣传教育", "法治宣传教育表彰奖励"),
            ["评选表彰通知", "先进集体和个人申报表(空白表)", "拟表彰的先进集体先进个人名单", "表彰决定"],
            [_PUFA_DOC],
            "自制作或获取该信息之日起20个工作日内公开",
            DEADLINE,
            "市司法局(行政复议局)",
            [(W, True), (NM, True), (BC, True), (PR, True), (OS, True), (BB, True), (OT, True)],
            {D},
            field="public-legal",
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 4. 安全生产 of a development zone: no tier column, 事项名称 over the names, ▄/口 marks, channels of 条例 art. 24
# -----------------------------------------------------------------------------------------------------------
_ZZ_CHANNELS = (
    "▄政府网站;口政府公报;口政务新媒体;口发布会/听证会;口广播电视,口纸质媒体:口提供政务服务的场所;口公开查阅点;"
    "口便民服务站;口入户/现场;口图书馆:口社区/企事业单位/村公示栏(电子屏);国家档案馆;口精准推送;口其他。"
)
_ZZ_EXPECTED_CHANNELS = [
    (W, True),
    (G, False),
    (NM, False),
    (CF, False),
    (BC, False),
    (PR, False),
    (SC, False),
    (RP, False),
    (CS, False),
    (OS, False),
    (LIB, False),
    (BB, False),
    (ARC, False),
    (TP, False),
]
ZAOZHUANG = Source(
    key="work-safety-zone",
    field="work-safety",
    url="http://zzctp.gov.cn/zwgk/xxgkml/qzbm/yjglj/202207/t20220708_1465124.html",
    publisher="枣庄高新区应急管理局（安全生产领域基层政务公开标准目录）",
    options={"tier": "区级"},
    sheets=[
        Sheet(
            "安全生产",
            [
                ["安全生产领域基层政务公开标准目录"],
                [
                    "序号",
                    "事项名称",
                    None,
                    "公开内容",
                    "公开依据",
                    "公开时限",
                    "公开主体",
                    "公开方式",
                    None,
                    "公开渠道",
                    "公开对象",
                    None,
                ],
                [
                    None,
                    "一级事项",
                    "二级事项",
                    None,
                    None,
                    None,
                    None,
                    "主动",
                    "依申请",
                    None,
                    "全社会",
                    "特定群体",
                ],
                [
                    1,
                    "政策文件",
                    "法律法规",
                    "与安全生产有关的法律、法规",
                    "《中华人民共和国政府信息公开条例》(国务院令第711号)",
                    "信息形成或变更之日起20个工作日内",
                    "枣庄高新区应急管理局",
                    TICK,
                    None,
                    _ZZ_CHANNELS,
                    TICK,
                    None,
                ],
                [
                    2,
                    None,
                    "部门和地方规章",
                    "与安全生产有关的部门和地方规章",
                    "《中华人民共和国政府信息公开条例》(国务院令第711号)",
                    "信息形成或变更之日起20个工作日内",
                    "枣庄高新区应急管理局",
                    TICK,
                    None,
                    _ZZ_CHANNELS.replace("口便民服务站;", "口便民服务站 ;"),
                    TICK,
                    None,
                ],
                [
                    3,
                    None,
                    "其他政策文件",
                    "其他可以公开的与安全生产有关的政策文件,包括改革方案、发展规划、专项规划、工作计划等",
                    "《中华人民共和国政府信息公开条例》(国务院令第711号)",
                    "信息形成或变更之日起20个工作日内",
                    "枣庄高新区应急管理局",
                    TICK,
                    None,
                    _ZZ_CHANNELS,
                    TICK,
                    None,
                ],
            ],
            [
                "A1:L1",
                "A2:A3",
                "B2:C2",
                "D2:D3",
                "E2:E3",
                "F2:F3",
                "G2:G3",
                "H2:I2",
                "J2:J3",
                "K2:L2",
                "B4:B6",
            ],
        )
    ],
    expected=[
        Expected(
            ("政策文件", "法律法规"),
            ["与安全生产有关的法律", "法规"],
            [GIOR],
            "信息形成或变更之日起20个工作日内",
            DEADLINE,
            "枣庄高新区应急管理局",
            _ZZ_EXPECTED_CHANNELS,
            {D},
            labels={NM: "政务新媒体", SC: "提供政务服务的场所"},
        ),
        Expected(
            ("政策文件", "部门和地方规章"),
            ["与安全生产有关的部门和地方规章"],
            [GIOR],
            "信息形成或变更之日起20个工作日内",
            DEADLINE,
            "枣庄高新区应急管理局",
            _ZZ_EXPECTED_CHANNELS,
            {D},
        ),
        Expected(
            ("政策文件", "其他政策文件"),
            ["其他可以公开的与安全生产有关的政策文件,包括改革方案", "发展规划", "专项规划", "工作计划等"],
            [GIOR],
            "信息形成或变更之日起20个工作日内",
            DEADLINE,
            "枣庄高新区应急管理局",
            _ZZ_EXPECTED_CHANNELS,
            {D},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 5. 安全生产 of a district (县级 | 乡、村级): "半年至少更新1次", channels merged over several rows
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(tiers=("县级", "乡、村级"))
_top[8] = "公开渠道 和载体"
_GIOR_CELL = "《中华人民共和国政府信息公开条例》"
DACHUAN = Source(
    key="work-safety-district",
    field="work-safety",
    url="http://dachuan.gov.cn/news-show-147131.html",
    publisher="达州市达川区（安全生产领域）",
    sheets=[
        Sheet(
            "安全生产领域",
            [
                ["安全生产领域"],
                _top,
                _sub,
                [
                    1,
                    "政策 文件",
                    "法律法规",
                    "与安全生产有关的法律、法规",
                    _GIOR_CELL,
                    "半年至少更新1次",
                    "区应急局",
                    "■政府网站 ■两微一端",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    2,
                    None,
                    "部门和地方规章",
                    "与安全生产有关的部门和地方规章",
                    _GIOR_CELL,
                    "半年至少更新1次",
                    "区应急局",
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    3,
                    None,
                    "标准",
                    "安全生产领域有关的国家标准、行业标准、地方标准等",
                    _GIOR_CELL,
                    "半年至少更新1次",
                    "区应急局",
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    4,
                    None,
                    "重大政策解读",
                    "有关重大政策的解读,安全生产相关热点问题的解读",
                    "《中华人民共和国政府信息公开条例》《关于全面推进政务公开工作的意见》",
                    "半年至少更新1次",
                    "区应急局",
                    "■政府网站",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                [
                    5,
                    "依法 行政",
                    "行政许可",
                    "办理行政许可和其他对外管理服务事项的依据、条件、程序",
                    "《中华人民共和国政府信息公开条例》《关于推进安全生产领域改革发展的意见》",
                    "信息形成或变更之日起20个工作日内",
                    "区应急局",
                    "■政府网站",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2), "B4:B7", "H4:H6"],
        )
    ],
    expected=[
        Expected(
            ("政策文件", "法律法规"),
            ["与安全生产有关的法律", "法规"],
            [GIOR],
            "半年至少更新1次",
            PERIODIC,
            "区应急局",
            [(W, True), (NM, True)],
            {D},
            rule={"period": "half_year"},
        ),
        Expected(
            ("政策文件", "部门和地方规章"),
            ["与安全生产有关的部门和地方规章"],
            [GIOR],
            "半年至少更新1次",
            PERIODIC,
            "区应急局",
            [(W, True), (NM, True)],
            {D},
        ),
        Expected(
            ("政策文件", "标准"),
            ["安全生产领域有关的国家标准", "行业标准", "地方标准等"],
            [GIOR],
            "半年至少更新1次",
            PERIODIC,
            "区应急局",
            [(W, True), (NM, True)],
            {D},
        ),
        Expected(
            ("政策文件", "重大政策解读"),
            ["有关重大政策的解读,安全生产相关热点问题的解读"],
            [GIOR, "关于全面推进政务公开工作的意见"],
            "半年至少更新1次",
            PERIODIC,
            "区应急局",
            [(W, True)],
            {D},
        ),
        Expected(
            ("依法行政", "行政许可"),
            ["办理行政许可和其他对外管理服务事项的依据", "条件", "程序"],
            [GIOR, "关于推进安全生产领域改革发展的意见"],
            "信息形成或变更之日起20个工作日内",
            DEADLINE,
            "区应急局",
            [(W, True)],
            {D},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 6. 公共文化服务 of a street (县级 | 镇级) with a 相应领域 column, numbered elements merged over rows, 永久公开
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(tiers=("县级", "镇级"), extra_first=(("相应领域",),))
_CULTURE_ELEMENTS = "1.机构名称;\n2.开放时间;\n\n3.开放项目\n4.机构地址;\n5.联系电话;\n6.临时停止开放信息"
_CULTURE_BASIS_1 = "《公共文化服务保障法》、《中华人民共和国政府信息公开条例》(中华人民共和国国务院令第711号)"
XINYUAN = Source(
    key="culture-street",
    field="public-culture",
    url="http://www.zjxs.gov.cn/zjbzml/xy/content/post_1202133.html",
    publisher="湛江市霞山区新园街道（5.公共文化服务领域基层政务公开标准目录）",
    sheets=[
        Sheet(
            "公共文化服务",
            [
                ["附件5:公共文化服务领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "公共文化服务",
                    "公共文化",
                    "公共文化机构免费开放信息",
                    _CULTURE_ELEMENTS,
                    _CULTURE_BASIS_1,
                    "永久公开",
                    "新园街道办事处公共服务办公室",
                    "■街道文化站/(社区)综合性文化服务中心公示栏",
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
                [
                    2,
                    None,
                    None,
                    "特殊群体公共文化服务信息",
                    None,
                    _CULTURE_BASIS_1,
                    None,
                    None,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
                [
                    3,
                    None,
                    None,
                    "组织开展群众文化活动",
                    None,
                    "《中华人民共和国政府信息公开条例》(中华人民共和国国务院令第711号)、《文化馆服务标准》",
                    None,
                    None,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
            ],
            ["A1:O1", *header_merges(4, 2, 2), "B4:B6", "C4:C6", "E4:E6", "G4:G6", "H4:H6", "I4:I6"],
        )
    ],
    expected=[
        Expected(
            ("公共文化", "公共文化机构免费开放信息"),
            ["机构名称", "开放时间", "开放项目", "机构地址", "联系电话", "临时停止开放信息"],
            ["中华人民共和国公共文化服务保障法", GIOR],
            "永久公开",
            CONTINUOUS,
            "新园街道办事处公共服务办公室",
            [(BB, True)],
            {S},
            labels={BB: "街道文化站/(社区)综合性文化服务中心公示栏"},
        ),
        Expected(
            ("公共文化", "特殊群体公共文化服务信息"),
            ["机构名称", "开放时间", "开放项目", "机构地址", "联系电话", "临时停止开放信息"],
            ["中华人民共和国公共文化服务保障法", GIOR],
            "永久公开",
            CONTINUOUS,
            "新园街道办事处公共服务办公室",
            [(BB, True)],
            {S},
        ),
        Expected(
            ("公共文化", "组织开展群众文化活动"),
            ["机构名称", "开放时间", "开放项目", "机构地址", "联系电话", "临时停止开放信息"],
            [GIOR, "文化馆服务标准"],
            "永久公开",
            CONTINUOUS,
            "新园街道办事处公共服务办公室",
            [(BB, True)],
            {S},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 7. 户籍管理 (县级 | 乡、村级): numbered elements and bases, names broken over lines, an unlisted channel
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(tiers=("县级", "乡、村级"))
_HJ_ELEMENTS = "1.受理部门\n\n2.办理条件\n\n3.办理流程\n\n4.所需材料\n\n5.办理时限\n\n6.收费依据及标准"
_HJ_EXPECTED = ["受理部门", "办理条件", "办理流程", "所需材料", "办理时限", "收费依据及标准"]
HUJI = Source(
    key="household-county",
    field="household-registration",
    url="http://rjxq.ganzhou.gov.cn/rjxq/c105099/202012/ca8b081a776140e589ec96ce8252c83e.shtml",
    publisher="赣州市（户籍管理领域基层政务公开标准目录）",
    sheets=[
        Sheet(
            "户籍管理",
            [
                ["户籍管理领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "出生\n登记",
                    "出生\n登记",
                    _HJ_ELEMENTS,
                    "1.《户口登记条例》\n\n2.《政府信息公开条例》\n\n3.《江西省常住户口登记管理规定》",
                    "形成或者变更之日起20个工作日内予以公开",
                    "公安\n分局",
                    "■政府网站\n\n■办事窗口",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
                [
                    2,
                    "收养、入籍等登记",
                    "收养\n登记",
                    _HJ_ELEMENTS,
                    "1.《户口登记条例》\n\n2.《收养法》\n\n3.《中国公民收养子女登记办法》\n\n4.《国籍法》\n\n5.《政府信息公开条例》\n\n"
                    "6.《江西省常住户口登记管理规定》",
                    "形成或者变更之日起20个工作日内予以公开",
                    "公安\n分局",
                    "■政府网站\n\n■办事窗口",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
                [
                    3,
                    "注销登记",
                    "死亡注销",
                    _HJ_ELEMENTS,
                    "1.《户口登记条例》\n\n2.《政府信息公开条例》\n\n3.《江西省常住户口登记管理规定》",
                    "形成或者变更之日起20个工作日内予以公开",
                    "公安\n分局",
                    "■政府网站\n\n■办事窗口",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2)],
        )
    ],
    expected=[
        Expected(
            ("出生登记", "出生登记"),
            _HJ_EXPECTED,
            ["中华人民共和国户口登记条例", GIOR, "江西省常住户口登记管理规定"],
            "形成或者变更之日起20个工作日内予以公开",
            DEADLINE,
            "公安\n分局",
            [(W, True), (SC, True)],
            {D, S, C},
            labels={SC: "办事窗口"},
        ),
        Expected(
            ("收养、入籍等登记", "收养登记"),
            _HJ_EXPECTED,
            [
                "中华人民共和国户口登记条例",
                "中华人民共和国收养法",
                "中国公民收养子女登记办法",
                "中华人民共和国国籍法",
                GIOR,
                "江西省常住户口登记管理规定",
            ],
            "形成或者变更之日起20个工作日内予以公开",
            DEADLINE,
            "公安\n分局",
            [(W, True), (SC, True)],
            {D, S, C},
        ),
        Expected(
            ("注销登记", "死亡注销"),
            _HJ_EXPECTED,
            ["中华人民共和国户口登记条例", GIOR, "江西省常住户口登记管理规定"],
            "形成或者变更之日起20个工作日内予以公开",
            DEADLINE,
            "公安\n分局",
            [(W, True), (SC, True)],
            {D, S, C},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 8. 养老服务 of a township (县级 | 乡级): "●" elements with 、 inside, a basis without 《》, 政府服务中心
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(audience=("全 社会", "特定群体"), mode=("主动", "依 申请"))
_top[0] = "序 号"
_YL_CHANNELS = (
    "■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 ■政府服务中心 □便民服务站 "
    "□入户/现场 □社区/企事业单位/村公示栏 (电子屏) □精准推送 □其他"
)
_YL_EXPECTED_CHANNELS = [
    (W, True),
    (G, False),
    (NM, False),
    (CF, False),
    (BC, False),
    (PR, False),
    (RP, False),
    (SC, True),
    (CS, False),
    (OS, False),
    (BB, False),
    (TP, False),
]
FUNING = Source(
    key="elderly-township",
    field="elderly-care",
    url="https://www.ynfq.gov.cn/info/13053/170942.htm",
    publisher="富宁县（养老服务领域基层政务公开标准目录，乡人民政府）",
    sheets=[
        Sheet(
            "养老服务",
            [
                ["养老服务领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "养老服务业务办理",
                    "养老机构备案",
                    "●备案申请材料清单及样式 ●备案流程 ●办理部门 ●办理时限 ●办理时间、地点 ●咨询电话",
                    "信息公开规定",
                    "制定或获取备案政策之日起10个工作日内",
                    "乡人民政府",
                    _YL_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
                [
                    2,
                    None,
                    "养老服务扶持补贴",
                    "●养老服务扶持补贴名称(建设补贴、运营补贴等) ●各项养老服务扶持补贴依据 ●各项养老服务扶持补贴对象 "
                    "●各项养老服务扶持补贴申请条件 ●各项养老服务扶持补贴内容和标准 ●各项养老服务扶持补贴方式 ●补贴申请材料清单及样式 "
                    "●办理流程 ●办理部门 ●办理时限 ●办理时间、地点 ●咨询电话",
                    "信息公开规定",
                    "制定或获取扶持补贴政策之日起10个工作日内",
                    "乡人民政府",
                    _YL_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2), "B4:B5"],
        )
    ],
    expected=[
        Expected(
            ("养老服务业务办理", "养老机构备案"),
            ["备案申请材料清单及样式", "备案流程", "办理部门", "办理时限", "办理时间、地点", "咨询电话"],
            [],
            "制定或获取备案政策之日起10个工作日内",
            DEADLINE,
            "乡人民政府",
            _YL_EXPECTED_CHANNELS,
            {S},
            labels={SC: "政府服务中心"},
            rule={"trigger": "formed", "amount": 10},
        ),
        Expected(
            ("养老服务业务办理", "养老服务扶持补贴"),
            [
                "养老服务扶持补贴名称(建设补贴、运营补贴等)",
                "各项养老服务扶持补贴依据",
                "各项养老服务扶持补贴对象",
                "各项养老服务扶持补贴申请条件",
                "各项养老服务扶持补贴内容和标准",
                "各项养老服务扶持补贴方式",
                "补贴申请材料清单及样式",
                "办理流程",
                "办理部门",
                "办理时限",
                "办理时间、地点",
                "咨询电话",
            ],
            [],
            "制定或获取扶持补贴政策之日起10个工作日内",
            DEADLINE,
            "乡人民政府",
            _YL_EXPECTED_CHANNELS,
            {S},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 9. 涉农补贴 (县级 | 乡级): elements split by ";" with 、 inside, the 条例 art. 26 proviso, unmarked channels
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header()
_SN_ELEMENTS = (
    "政策依据;\n申请指南:包括补贴对象、补贴范围、补贴标准、申请程序、申请材料、咨询电话、受理单位、办理时限、联系方式等;\n"
    "补贴结果;\n监督渠道:包括举报电话、地址等。"
)
_SN_EXPECTED = [
    "政策依据",
    "申请指南:包括补贴对象、补贴范围、补贴标准、申请程序、申请材料、咨询电话、受理单位、办理时限、联系方式等",
    "补贴结果",
    "监督渠道:包括举报电话、地址等",
]
_SN_LIMIT = "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的,从其规定。"
FANGSHAN = Source(
    key="agri-subsidies-county",
    field="agri-subsidies",
    url="http://fangshan.gov.cn/xxgk/jcgk/202012/t20201212_1457111.html",
    publisher="方山县农业农村局（涉农补贴领域基层政务公开标准目录）",
    sheets=[
        Sheet(
            "涉农补贴",
            [
                ["涉农补贴领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    2,
                    "农业生产发展资金",
                    "耕地地力保护",
                    _SN_ELEMENTS,
                    "《农业生产发展资金管理办法》、《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》",
                    _SN_LIMIT,
                    "乡镇人民政府\n行政村村民委员会",
                    "行政村公示栏 \n乡镇公示栏",
                    None,
                    TICK,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
                [
                    3,
                    "农业生产发展资金",
                    "新型职业农民培育",
                    _SN_ELEMENTS,
                    "《关于引导农村土地经营权有序流转发展农业适度规模经营的意见》、《关于支持返乡下乡人员创业创新促进农村一二三产业融合发展的意见》、"
                    "《农业生产发展资金管理办法》、《“十三五”全国新型职业农民培育发展规划》",
                    _SN_LIMIT,
                    "县级农业农村部门",
                    "■政府网站",
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2)],
        )
    ],
    expected=[
        Expected(
            ("农业生产发展资金", "耕地地力保护"),
            _SN_EXPECTED,
            ["农业生产发展资金管理办法", "财政部 农业部关于全面推开农业“三项补贴”改革工作的通知"],
            _SN_LIMIT,
            DEADLINE,
            "乡镇人民政府\n行政村村民委员会",
            [(BB, True)],
            {S},
            audience=(False, True),
            labels={BB: "行政村公示栏、乡镇公示栏"},
            rule={"trigger": "formed", "amount": 20, "unit": "workdays"},
        ),
        Expected(
            ("农业生产发展资金", "新型职业农民培育"),
            _SN_EXPECTED,
            [
                "关于引导农村土地经营权有序流转发展农业适度规模经营的意见",
                "关于支持返乡下乡人员创业创新促进农村一二三产业融合发展的意见",
                "农业生产发展资金管理办法",
                "“十三五”全国新型职业农民培育发展规划",
            ],
            _SN_LIMIT,
            DEADLINE,
            "县级农业农村部门",
            [(W, True)],
            {D},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 10. 生态环境 with no tier column, the header repeated on every printed page, numbered elements and channels
# -----------------------------------------------------------------------------------------------------------
_ENV_TOP = [
    "序号",
    "公开事项",
    None,
    "公开内容 (要素)",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    None,
    "公开方式",
    None,
]
_ENV_SUB = [None, "一级", "二级", None, None, None, None, None, "全社 会", "特定群体", "主动", "依申请"]
_ENV_CHANNELS = "1.政府网站 2.两微一端 3.政务服务中心 4.便民服务站"
WENSHAN = Source(
    key="environment-city",
    field="environment",
    url="https://ynwss.gov.cn/info/2884/127339.htm",
    publisher="文山州（生态环境领域基层政务公开标准目录）",
    options={"tier": "district"},
    sheets=[
        Sheet(
            "生态环境",
            [
                ["生态环境领域基层政务公开标准目录"],
                _ENV_TOP,
                _ENV_SUB,
                [
                    1,
                    "行政许可",
                    "建设项目环境影响评价文件审批",
                    "1.受理环节: 受理情况公示、报告书(表)全本 2.拟决定环节:拟审查环评文件基本情况公示 3.决定环节:环评批复",
                    "《中华人民共和国环境影响评价法》《中华人民共和国海洋环境保护法》《中华人民共和国放射性污染防治法》《中华人民共和国政府信息公开条例》",
                    "自该信息形成或者变更之日起20个工作日内",
                    "市级生态环境部门",
                    _ENV_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
                _ENV_TOP,
                _ENV_SUB,
                [
                    2,
                    None,
                    "公开环保工作动态",
                    "1.重要会议 2.政务信息、文件 3.重大项目 4.公开信息公开指南、目录",
                    "《中华人民共和国固体废物污染环境防治法》《中华人民共和国环境噪声污染防治法》《中华人民共和国海洋环境保护法》"
                    "《中华人民共和国政府信息公开条例》《关于全面推进政务公开工作的意见》(中办发〔2016〕8 号)、"
                    "《开展基层政务公开标准化规范化试点工作方案》(国办发〔2017〕42 号)",
                    "自该信 息形成 或者变 更之日起20个工作日内",
                    "市级生态环境部门",
                    _ENV_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                ],
            ],
            [
                "A1:L1",
                "A2:A3",
                "B2:C2",
                "D2:D3",
                "E2:E3",
                "F2:F3",
                "G2:G3",
                "H2:H3",
                "I2:J2",
                "K2:L2",
                "A5:A6",
                "B5:C5",
                "D5:D6",
                "E5:E6",
                "F5:F6",
                "G5:G6",
                "H5:H6",
                "I5:J5",
                "K5:L5",
            ],
        )
    ],
    expected=[
        Expected(
            ("行政许可", "建设项目环境影响评价文件审批"),
            [
                "受理环节:受理情况公示、报告书(表)全本",
                "拟决定环节:拟审查环评文件基本情况公示",
                "决定环节:环评批复",
            ],
            [
                "中华人民共和国环境影响评价法",
                "中华人民共和国海洋环境保护法",
                "中华人民共和国放射性污染防治法",
                GIOR,
            ],
            "自该信息形成或者变更之日起20个工作日内",
            DEADLINE,
            "市级生态环境部门",
            [(W, True), (NM, True), (SC, True), (CS, True)],
            {D},
        ),
        Expected(
            ("行政许可", "公开环保工作动态"),
            ["重要会议", "政务信息、文件", "重大项目", "公开信息公开指南、目录"],
            [
                "中华人民共和国固体废物污染环境防治法",
                "中华人民共和国环境噪声污染防治法",
                "中华人民共和国海洋环境保护法",
                GIOR,
                "关于全面推进政务公开工作的意见",
                "开展基层政务公开标准化规范化试点工作方案",
            ],
            "自该信 息形成 或者变 更之日起20个工作日内",
            DEADLINE,
            "市级生态环境部门",
            [(W, True), (NM, True), (SC, True), (CS, True)],
            {D},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 11. 农村危房改造 of a street (县级 | 乡、村级): event triggers, one basis spelled twice
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(tiers=("县级", "乡、村级"))
_WF_CHANNELS = "■政府网站   \n\n■社区/村公示栏(电子屏)"
_WF_BASIS_3 = (
    "《中华人民共和国政府信息公开条例》(国务院令第711)《政府信息公开条例》《住房城乡建设部 财政部关于印发农村危房改造脱贫攻坚"
    "三年行动方案的通知》(建村〔2018115号)《住房城乡建设部 财政部 国务院扶贫办关于加强和完善建档立卡贫困户等重点对象农村"
    "危房改造若干问题的通知》(建村〔2017192号)等"
)
JIANGYOU = Source(
    key="rural-housing-street",
    field="rural-housing",
    url="http://www.jiangyou.gov.cn/zwgk/jczwgkbzml/jd/zbjdbsc/25098451.html",
    publisher="江油市中坝街道办事处（(十三)农村危房改造领域基层政务公开标准目录）",
    sheets=[
        Sheet(
            "农村危房改造",
            [
                ["(十三)农村危房改造领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "政策\n\n文件",
                    "农村危房改造文件",
                    "农村危房改造政策文件标题、文号和具体内容等",
                    "《中华人民共和国政府信息公开条例》(国务院令第711号)、国务院办公厅印发《关于全面推进政务公开工作的意见》实施细则的通知(国办发〔201680号)",
                    "信息形成之后20个工作日内",
                    "街道办事处",
                    _WF_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
                [
                    2,
                    "计划实施",
                    "任务分配",
                    "农村危房改造年度任务分配情况",
                    "《住房城乡建设部 财政部 国务院扶贫办关于加强和完善建档立卡贫困户等重点对象农村危房改造若干问题的通知》(建村〔2017192号)等",
                    "分配结果确定后20个工作日内",
                    "街道办事处",
                    _WF_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
                [
                    3,
                    "条件、标准与程序",
                    "农村危房等级评定标准",
                    "农村危房等级评定相关标准",
                    _WF_BASIS_3,
                    "信息形成之日起20个工作日内",
                    "街道办事处",
                    _WF_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    None,
                    TICK,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2)],
        )
    ],
    expected=[
        Expected(
            ("政策文件", "农村危房改造文件"),
            ["农村危房改造政策文件标题", "文号和具体内容等"],
            [GIOR, "关于全面推进政务公开工作的意见"],
            "信息形成之后20个工作日内",
            DEADLINE,
            "街道办事处",
            [(W, True), (BB, True)],
            {S, C},
            rule={"trigger": "formed", "amount": 20},
        ),
        Expected(
            ("计划实施", "任务分配"),
            ["农村危房改造年度任务分配情况"],
            [
                "住房城乡建设部 财政部 国务院扶贫办关于加强和完善建档立卡贫困户等重点对象农村危房改造若干问题的通知"
            ],
            "分配结果确定后20个工作日内",
            DEADLINE,
            "街道办事处",
            [(W, True), (BB, True)],
            {S, C},
            rule={"trigger": "event", "event": "分配结果确定", "amount": 20, "unit": "workdays"},
        ),
        Expected(
            ("条件、标准与程序", "农村危房等级评定标准"),
            ["农村危房等级评定相关标准"],
            [
                GIOR,
                "住房城乡建设部 财政部关于印发农村危房改造脱贫攻坚三年行动方案的通知",
                "住房城乡建设部 财政部 国务院扶贫办关于加强和完善建档立卡贫困户等重点对象农村危房改造若干问题的通知",
            ],
            "信息形成之日起20个工作日内",
            DEADLINE,
            "街道办事处",
            [(W, True), (BB, True)],
            {S, C},
        ),
    ],
)

# -----------------------------------------------------------------------------------------------------------
# 12. 就业 of a township (县级 | 乡级): numbered names with stray spaces, 社会/申请 headers, ■其他+free text
# -----------------------------------------------------------------------------------------------------------
_top, _sub = two_row_header(audience=("全社 会", "特定 群体"), mode=("主动", "依申 请"))
_JY_CHANNELS = (
    "■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 ■政务服务中心 □便民服务站 "
    "□入户/现场 □社区/企事业单位/村公示栏(电子屏) □精准推送 ■其他基层公共服务平台"
)
_JY_EXPECTED_CHANNELS = [
    (W, True),
    (G, False),
    (NM, False),
    (CF, False),
    (BC, False),
    (PR, False),
    (RP, False),
    (SC, True),
    (CS, False),
    (OS, False),
    (BB, False),
    (TP, False),
    (OT, True),
]
_JY_BASIS = (
    "1. 《中华人民共和国政府信息公开条例》(中华人民共和国国务院 令第711号) 2《中华人民共和国就业促进法》(2007年8月30日第十届全国人民 "
    "代表大会常务委员会第二十九次会议通过根据2015年4月24日第十 二届全国人民代表大会常务委员会第十四次《关于修改〈中华人民 "
    "共和国电力法〉等六部法律的决定》修正) 3《人力资源市场暂行条例》(中华人民共和国国务院令第700号)"
)
_JY_LIMIT = "公开事项 信息形成 或变更之 日起20个 工作日内 公开"
TENGCHONG = Source(
    key="employment-township",
    field="employment",
    url="https://www.tengchong.gov.cn/info/7151/5817803.htm",
    publisher="腾冲市（就业领域基层政务公开标准目录，乡镇人民政府）",
    sheets=[
        Sheet(
            "就业",
            [
                ["就业领域基层政务公开标准目录"],
                _top,
                _sub,
                [
                    1,
                    "1.就业信息 服务",
                    "1.1就业政策 法规咨询",
                    "1.就业创业政策项目 2.对象范围 3.政策申请条件 4.政策申请材料 5.办理流程 6.办理地点(方式)",
                    _JY_BASIS,
                    _JY_LIMIT,
                    "乡镇人民 政府",
                    _JY_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
                [
                    2,
                    None,
                    "1.2岗位信息 发布",
                    "1.招聘单位 2.岗位要求 3.福利待遇 4.招聘流程 5.应聘方式 6.咨询电话",
                    _JY_BASIS,
                    _JY_LIMIT,
                    "乡镇人民 政府",
                    _JY_CHANNELS,
                    TICK,
                    None,
                    TICK,
                    None,
                    TICK,
                    TICK,
                ],
            ],
            ["A1:N1", *header_merges(4, 1, 2), "B4:B5"],
        )
    ],
    expected=[
        Expected(
            ("就业信息服务", "就业政策法规咨询"),
            ["就业创业政策项目", "对象范围", "政策申请条件", "政策申请材料", "办理流程", "办理地点(方式)"],
            [GIOR, "中华人民共和国就业促进法", "人力资源市场暂行条例"],
            _JY_LIMIT,
            DEADLINE,
            "乡镇人民 政府",
            _JY_EXPECTED_CHANNELS,
            {D, S},
            labels={OT: "其他：基层公共服务平台"},
        ),
        Expected(
            ("就业信息服务", "岗位信息发布"),
            ["招聘单位", "岗位要求", "福利待遇", "招聘流程", "应聘方式", "咨询电话"],
            [GIOR, "中华人民共和国就业促进法", "人力资源市场暂行条例"],
            _JY_LIMIT,
            DEADLINE,
            "乡镇人民 政府",
            _JY_EXPECTED_CHANNELS,
            {D, S},
        ),
    ],
)

SOURCES: list[Source] = [
    SOCIAL_TOWN,
    EDUCATION_TOWN,
    DONGYANG,
    ZAOZHUANG,
    DACHUAN,
    XINYUAN,
    HUJI,
    FUNING,
    FANGSHAN,
    WENSHAN,
    JIANGYOU,
    TENGCHONG,
]
