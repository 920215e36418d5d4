"""Seven more published catalogs (issue 22), copied as published, for layouts the first corpus does not have.

Found with the ``search`` tool (corpus ``pages``); each page is cited in ``url``. Fields and provinces new to
the corpus: 重大建设项目 (内蒙古呼和浩特赛罕区; 云南通海县九龙街道), 征地补偿 (广东东莞寮步镇), 乡村振兴,
财政预决算 (江西永修县江上乡), 涉农资金 (江西德安县), 公共资源交易, and a department's own catalog (重庆巫山县
发展改革委). What each shows:

* ``saihan-major-projects`` — no tick at all in 公开对象 / 公开方式 on the page, and "项目单位" written in the
  特定群众 column; 同上 in 公开时限; no 公开层级 column (a town page: ``--tier street``).
* ``liaobu-land`` — tiers 市级 | 镇街（园区）级 (东莞 has no counties: 市级 is the district tier); a 二级 cell
  that only says "─"; a channel written as a name and its web address ("■政府网站 http://nr.dg.gov.cn/").
  The government page (www.dg.gov.cn/liaobu/…) is reachable here only through a copy that converted it to
  traditional characters and inserted readings; the cells are given back in simplified characters.
* ``cnjg-rural-revitalization`` — tiers 县级 | 乡、村级 (one column for two tiers).
* ``jiangshang-budget`` — 公开内容(要素)及要求 split over five rows: the page gives the item's other cells once
  (spanning the rows) and one requirement a row; no 公开层级 column (``--tier street``).
* ``dean-agri-funds`` — one 公开事项 column (no 一级 / 二级), a single tier column 乡级; its field (涉农资金)
  is not one of the platform's names (``--field agri-subsidies``).
* ``tonghai-jiulong`` — one page holding the tables of several fields (a sheet each here), header words broken
  by spaces ("序 号", "公开主 体", "全社 会"), names broken too ("征收土 地信息").
* ``wushan-ndrc-department`` — a department's catalog: 公开内容 and 内容标准, 更新频率, 责任科室, and no 公开主体,
  公开对象, 公开方式 or 公开层级 column (``--field``, ``--tier district``; ``--map`` keeps 内容标准 and 更新频率).

Where the page dropped the empty cells of a tick row, the ticks are placed one per group (对象, 方式, 层级) in
the order printed; where it gave a cell once for several rows, the xlsx merges it over them (as the page's
table spans them). Only the rows the page showed in full are copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import Sheet, Source

T = "√"
GIOR = "《中华人民共和国政府信息公开条例》"


@dataclass
class Item:
    """What one item must come in as (only the keys given are checked)."""

    path: tuple[str, ...]
    checks: dict = field(default_factory=dict)
    #: the kinds of assumption listed for the item (待核对), exactly
    assumed: set[str] = field(default_factory=set)
    domain: str = ""  # the field code when it is not the source's


@dataclass
class Layout:
    source: Source
    items: list[Item]
    #: ``--map`` corrections the catalog needs so no column with data is left out ({} if none)
    maps: dict[str, str] = field(default_factory=dict)


def _two_row(top: list, sub: list) -> list[list]:
    return [top, sub]


# -- 1. 赛罕区 重大建设项目 --------------------------------------------------------------------------------------
_SAIHAN_BASIS = "《中华人民共和国政府信息公开条例》、《关于全面推进政务公开工作的意见》、《关于推进重大建设项目批准和实施领域政府信息公开的意见》"
SAIHAN = Layout(
    Source(
        key="saihan-major-projects",
        field="major-projects",
        url="https://www.saihan.gov.cn/zwgk_new/jczwgk/xzjd/hhsz/bzml",
        publisher="呼和浩特市赛罕区基层政务公开平台（重大建设项目领域，乡镇页面）",
        options={"tier": "street"},
        sheets=[
            Sheet(
                "Sheet1",
                [
                    ["重大建设项目领域基层政务公开标准目录"],
                    [
                        "序号",
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
                    ],
                    [
                        None,
                        "一级事项",
                        "二级事项",
                        None,
                        None,
                        None,
                        None,
                        None,
                        "全社会",
                        "特定群众",
                        "主动",
                        "依申请公开",
                    ],
                    [
                        1,
                        "批准服务信息",
                        "办事指南",
                        "申报材料清单、批准流程、办理时限、受理机构联系方式、申报要求等",
                        _SAIHAN_BASIS,
                        "实时公开",
                        "相关审批部门",
                        "■政府网站    ■两微一端    ■纸质媒体    ■公开查阅点  ■政务服务中心■便民服务站   \n■投资项目在线审批监管平台",
                    ],
                    [
                        2,
                        None,
                        "办理过程信息",
                        "事项名称、事项办理部门、办理进展等",
                        _SAIHAN_BASIS,
                        "及时公开",
                        "相关审批部门",
                        "■政府网站    ■两微一端    \n■政务服务中心\n■投资项目在线审批监管平台",
                        None,
                        "项目单位",
                    ],
                    [
                        3,
                        "招标投标信息",
                        "招标投标",
                        "招标公告、中标候选人公示、中标结果公示、合同订立及备案情况、招标投标违法处罚信息",
                        _SAIHAN_BASIS,
                        "同上",
                        "招标人及其招标代理机构或相关行政监督部门",
                        "■政府网站    ■两微一端    ■发布会听证会\n■政务服务中心\n■公共资源交易平台\n■信用中国网站  \n"
                        "■招投标公共服务平台\n■投资项目在线审批监管平台",
                    ],
                ],
                merges=[
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
                    "B4:B5",
                ],
            )
        ],
        expected=[],
    ),
    items=[
        Item(
            ("批准服务信息", "办事指南"),
            {
                "kind": "continuous",
                "tiers": ["street"],
                "audience": (True, False),
                "mode": (True, False),
                "channels": [
                    "website",
                    "new_media",
                    "print",
                    "reading_point",
                    "service_center",
                    "convenience_station",
                    "other",
                ],
            },
            {"audience", "mode"},
        ),
        Item(
            ("批准服务信息", "办理过程信息"),
            {
                "kind": "as_progress",
                "audience": (False, True),
                "mode": (True, False),
                "notes": ["公开对象/特定群众：项目单位"],
            },
            {"words", "mode"},
        ),
        Item(
            ("招标投标信息", "招标投标"),
            {
                "kind": "as_progress",
                "time_limit": "及时公开",
                "subject": "招标人及其招标代理机构或相关行政监督部门",
            },
            {"audience", "mode"},
        ),
    ],
)

# -- 2. 寮步镇 征地补偿 --------------------------------------------------------------------------------------------
LIAOBU = Layout(
    Source(
        key="liaobu-land",
        field="land-acquisition",
        url="http://m.veladacinema.com/liaobu/zwgk/jczwgksxbzml/ncjt/content/post_4130477.html",
        publisher="东莞市寮步镇（征地补偿领域；www.dg.gov.cn/liaobu/ 页面的转载，繁体转回简体）",
        options={"field_code": "land-acquisition"},
        sheets=[
            Sheet(
                "征地补偿",
                [
                    [
                        "序号",
                        "公开事项",
                        None,
                        "公开内容（要素）",
                        "公开依据",
                        "公开时限",
                        "公开主体",
                        "公开渠道和载体",
                        "公开对象",
                        None,
                        "公开方式",
                        None,
                        "公开层级",
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
                        None,
                        "全社会",
                        "特定群众",
                        "主动",
                        "依申请公开",
                        "市级",
                        "镇街（园区）级",
                    ],
                    [
                        1,
                        "征地管理政策",
                        "─",
                        "征地补偿安置法律以及适用于本地区的政策、技术标准等规定要求;法律法规和规章;征地前期工作、征地审查报批、"
                        "征地组织实施规范性文件;征收农用地区片综合地价;地上附着物和青苗补偿费标准;被征地农民安置与社会保障有关规定;"
                        "省级政府制定的征地补偿安置协议示范文本等材料",
                        GIOR,
                        "自形成或者变更之日起20个工作日内予以公开,法律法规另有规定的从其规定。",
                        "自然资源主管部门/镇人民政府",
                        "■政府网站 http://nr.dg.gov.cn/ ■征地信息公开平台 □政务服务中心",
                        T,
                        None,
                        T,
                        None,
                        T,
                        None,
                    ],
                ],
                merges=[
                    "A1:A2",
                    "B1:C1",
                    "D1:D2",
                    "E1:E2",
                    "F1:F2",
                    "G1:G2",
                    "H1:H2",
                    "I1:J1",
                    "K1:L1",
                    "M1:N1",
                ],
            )
        ],
        expected=[],
    ),
    items=[
        Item(
            ("征地管理政策",),
            {
                "kind": "deadline",
                "tiers": ["district"],
                "channels": ["website", "other", "service_center"],
                "words": {"website": "政府网站 http://nr.dg.gov.cn/", "other": "其他：征地信息公开平台"},
                "subject": "自然资源主管部门/镇人民政府",
            },
            set(),
        ),
    ],
)

# -- 3. 乡村振兴 (县级 | 乡、村级) --------------------------------------------------------------------------------
_CNJG_BASIS = "《中华人民共和国政府信息公开条例》(国务院令第711号)"
_CNJG_SUBJECT = "县级乡村振兴部门、乡镇人民政府"
_CNJG_CHANNELS = "■政府网站 ■公示栏 ■查询点"


def _cnjg_row(seq, l1, l2, content, county=T):
    return [
        seq,
        l1,
        l2,
        content,
        _CNJG_BASIS,
        "信息形成(变更)20个工作日内",
        _CNJG_SUBJECT,
        _CNJG_CHANNELS,
        T,
        None,
        T,
        None,
        county,
        T,
    ]


CNJG = Layout(
    Source(
        key="cnjg-rural-revitalization",
        field="rural-revitalization",
        url="http://cnjg.gov.cn/new/detail/20230619152231630.html",
        publisher="县人民政府网站（乡村振兴领域基层政务公开标准目录，县级 | 乡、村级）",
        sheets=[
            Sheet(
                "乡村振兴",
                [
                    ["乡村振兴领域基层政务公开标准目录"],
                    [
                        "序号",
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
                        "公开层级",
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
                        None,
                        "全社会",
                        "特定群众",
                        "主动",
                        "依申请公开",
                        "县级",
                        "乡、村级",
                    ],
                    _cnjg_row(
                        1,
                        "政策文件",
                        "行政法规、规章",
                        "·中央及地方政府涉及乡村振兴领域的行政法规 ·中央及地方政府涉及乡村振兴领域的规章",
                    ),
                    _cnjg_row(2, None, "规范性文件", "·各级政府及部门涉及乡村振兴领域的规范性文件"),
                    _cnjg_row(3, None, "其他政策文件", "·涉及乡村振兴领域其他政策文件"),
                    [
                        4,
                        "监测对象识别",
                        "防止返贫监测对象人口识别",
                        "·识别标准(国定标准、省定标准) ·识别程序(农户申请、民主评议、公示公告、逐级审核) ·识别结果(监测户名单、数量)",
                        "《国务院扶贫办扶贫开发建档立卡工作方案》《中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见》",
                        "信息形成(变更)20个工作日内",
                        "防止返贫监测对象所在行政村",
                        "■社区/村公示栏",
                        T,
                        None,
                        T,
                        None,
                        None,
                        T,
                    ],
                ],
                merges=[
                    "A1:N1",
                    "A2:A3",
                    "B2:C2",
                    "D2:D3",
                    "E2:E3",
                    "F2:F3",
                    "G2:G3",
                    "H2:H3",
                    "I2:J2",
                    "K2:L2",
                    "M2:N2",
                    "B4:B6",
                ],
            )
        ],
        expected=[],
    ),
    items=[
        Item(("政策文件", "行政法规、规章"), {"tiers": ["district", "street", "community"], "elements": 2}),
        Item(("政策文件", "规范性文件"), {"tiers": ["district", "street", "community"]}),
        Item(("政策文件", "其他政策文件"), {"tiers": ["district", "street", "community"]}),
        Item(
            ("监测对象识别", "防止返贫监测对象人口识别"),
            {"tiers": ["street", "community"], "elements": 3, "channels": ["bulletin_board"]},
        ),
    ],
)

# -- 4. 江上乡 财政预决算 (one requirement a row) ----------------------------------------------------------------
_JIANGSHANG_MORE = [
    "地方一般公共预算中涉及本级支出的,应当公开到功能分类项级科目本级一般公共预算基本支出应当公开到经济性质分类款级科目,"
    "专项转移支付应当分地区、分项目公开",
    "对财政转移支付安排、执行情况、举借政府债务等重要事项进行解释、说明,并公开重大政策和重点项目等绩效目标。",
    "地方本级汇总的一般公共预算“三公”经费,包括预算总额,以及“因公出国(境)费”“公务用车购置及运行费”"
    "(区分“公务用车购置费”“公务用车运行费”两项)、“公务接待费”分项数额,并对增减变化情况进行说明。",
    "没有数据的表格应当列出空表并说明。",
]
JIANGSHANG = Layout(
    Source(
        key="jiangshang-budget",
        field="budget",
        url="https://www.yongxiu.gov.cn/jsx/02/glyjczwgkml/202403/t20240301_6423112.html",
        publisher="永修县江上乡人民政府（财政预决算领域基层政务公开标准目录）",
        options={"tier": "street"},
        sheets=[
            Sheet(
                "财政预决算",
                [
                    ["财政预决算领域基层政务公开标准目录"],
                    [
                        "序号",
                        "公开事项",
                        None,
                        "公开内容(要素)及要求",
                        "公开依据",
                        "公开时限",
                        "公开主体",
                        "公开渠道和载体",
                        "公开对象",
                        None,
                        "公开方式",
                        None,
                    ],
                    [
                        None,
                        "一级 事项",
                        "二级 事项",
                        None,
                        None,
                        None,
                        None,
                        None,
                        "全社会",
                        "特定 群体",
                        "主动",
                        "依申请",
                    ],
                    [
                        1,
                        "财政预决算",
                        "政府预算",
                        "一般公共预算:①一般公共预算收入表②一般公共预算支出表③一般公共预算本级支出表④一般公共预算本级基本支出表",
                        "《中华人民共和国预算法》、《中华人民共和国政府信息公开条例》、《财政部关于印发〈地方预决算公开操作规程〉的通知》"
                        "(财预〔2016〕143号)、《财政部关于印发<地方政府债务信息公开办法(试行)>的通知》(财预〔2018〕209号)等法律法规和文件规定",
                        "本级人民代表大会或其常务委员会批准后20日内",
                        "江上乡人民政府",
                        "■政府网站 □政府公报 □两微一端 □发布会 □广播电视 □纸质媒体 □公开查阅点 □政务服务中心 □便民服务站 □入户/现场 "
                        "□社区/企事业单位、村公示栏(电子屏) □精准推送 □其他",
                        T,
                        None,
                        T,
                        None,
                    ],
                    *[[None, None, None, text] for text in _JIANGSHANG_MORE],
                ],
                merges=[
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
                    *[f"{c}4:{c}8" for c in "ABCEFGHIJKL"],
                ],
            )
        ],
        expected=[],
    ),
    items=[
        Item(
            ("财政预决算", "政府预算"),
            {
                "tiers": ["street"],
                "kind": "deadline",
                "content_has": "没有数据的表格应当列出空表并说明。",
                "required": ["website"],
                "words": {"bulletin_board": "社区/企事业单位、村公示栏(电子屏)"},
            },
            # the requirements of rows 5–8 joined to it; the wording counts from an event (批准): to confirm
            {"continued", "time_limit"},
        ),
    ],
)

# -- 5. 德安县 涉农资金 (one 公开事项 column, one tier column) -------------------------------------------------------
_DEAN_CHANNELS = (
    "■政府网站  □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点□行政服务中心 □便民服务站□入户/现场 "
    "□社区/企事业单位/村公示栏(电子屏) □精准推送 □其他"
)
_DEAN_BASIS = "《中华人民共和国政府信息公开条例》(国令第711号) 号"
DEAN = Layout(
    Source(
        key="dean-agri-funds",
        field="agri-subsidies",
        url="http://www.dean.gov.cn/ztzl/zwgkzl/wszzt/gklw001/snxx/202302/t20230214_5934672.html",
        publisher="德安县（涉农资金领域基层政务公开标准目录，乡镇）",
        options={"field_code": "agri-subsidies"},
        sheets=[
            Sheet(
                "涉农资金",
                [
                    ["涉农资金领域基层政务公开标准目录"],
                    [
                        "序号",
                        "公开事项",
                        "公开内容 (要素)",
                        "公开依据",
                        "公开时限",
                        "公开主体",
                        "公开渠道和载体",
                        "公开对象",
                        None,
                        "公开方式",
                        None,
                        "公开层级",
                    ],
                    [
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        "全社会",
                        "特定群体",
                        "主动",
                        "依申请",
                        "乡级",
                    ],
                    [
                        1,
                        "政策文件",
                        "1、中央及地方政府下发涉农资金相关文件 2、我镇涉农资金相关文件",
                        _DEAN_BASIS,
                        "信息形成或者变更之日起20个工作日内",
                        "镇级人民政府",
                        _DEAN_CHANNELS,
                        T,
                        None,
                        T,
                        None,
                        T,
                    ],
                    [
                        2,
                        "资金明细",
                        "涉农相关资金明细",
                        _DEAN_BASIS,
                        "信息形成或者变更之日起20个工作日内",
                        "镇级人民政府",
                        _DEAN_CHANNELS,
                        T,
                        None,
                        T,
                        None,
                        T,
                    ],
                ],
                merges=[
                    "A1:L1",
                    "A2:A3",
                    "B2:B3",
                    "C2:C3",
                    "D2:D3",
                    "E2:E3",
                    "F2:F3",
                    "G2:G3",
                    "H2:I2",
                    "J2:K2",
                ],
            )
        ],
        expected=[],
    ),
    items=[
        Item(("政策文件",), {"tiers": ["street"], "elements": 2, "required": ["website", "reading_point"]}),
        Item(("资金明细",), {"tiers": ["street"], "subject": "镇级人民政府"}),
    ],
)


# -- 6. 通海县九龙街道: several fields on one page ----------------------------------------------------------------
def _tonghai_sheet(name: str, title: str, row: list) -> Sheet:
    return Sheet(
        name,
        [
            [title],
            [
                "序 号",
                "公开事项",
                None,
                "公开内容(要素)",
                "公开依据",
                "公开时限",
                "公开主 体",
                "公开渠道和载体",
                "公开对象",
                None,
                "公开方式",
                None,
                "公开层级",
            ],
            [
                None,
                "一级事 项",
                "二级事 项",
                None,
                None,
                None,
                None,
                None,
                "全社 会",
                "特定 群众",
                "主 动",
                "依申请公开",
                "乡级",
            ],
            row,
        ],
        merges=["A1:M1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2"],
    )


TONGHAI = Layout(
    Source(
        key="tonghai-jiulong",
        field="major-projects",
        url="https://www.tonghai.gov.cn/thxzfxxgk/jljd/20240816/1549045.html",
        publisher="通海县九龙街道办事处（试点领域基层政务公开标准目录，一页多个领域）",
        sheets=[
            _tonghai_sheet(
                "重大建设项目",
                "(一)重大建设项目领域基层政务公开标准目录",
                [
                    1,
                    "征收土 地信息",
                    "征收土 地信息",
                    "征地告知书以及履行征地报批前程序的相关证明材料,征收土地方案、征地批后实施中征地公告、征地补偿安置方案公告等",
                    "《政府信息公开条例》《关于推进重大建设项目批准和实施领域政府信息公开的意见》",
                    "信息形成20个工 作日内公开",
                    "九龙街道办事处",
                    "■政府网站",
                    T,
                    None,
                    T,
                    None,
                    T,
                ],
            ),
            _tonghai_sheet(
                "公共资源交易",
                "(二)公共资源交易领域基层政务公开标准目录",
                [
                    1,
                    "政府采 购信息",
                    "法律法规及政策文件",
                    "与政府采购有关的法律法规及政策文件",
                    GIOR,
                    "信息形成或者变更之日起20个工作日内",
                    "九龙街道办事处",
                    "■政府网站",
                    T,
                    None,
                    T,
                    None,
                    T,
                ],
            ),
            _tonghai_sheet(
                "义务教育",
                "(三)义务教育领域基层政务公开标准目录",
                [
                    1,
                    "重要政策执行情况",
                    "控辍保学\n",
                    "辖区内控辍保学实施情况",
                    "相关政策文件",
                    "信息形成或者变更之日起20个工作日内",
                    "九龙街道办事处",
                    "■政府网站",
                    T,
                    None,
                    T,
                    None,
                    T,
                ],
            ),
        ],
        expected=[],
    ),
    items=[
        Item(("征收土地信息", "征收土地信息"), {"tiers": ["street"], "kind": "deadline"}),
        Item(("政府采购信息", "法律法规及政策文件"), {"tiers": ["street"]}, domain="public-resources"),
        Item(("重要政策执行情况", "控辍保学"), {"tiers": ["street"]}, domain="compulsory-education"),
    ],
)

# -- 7. 巫山县发展改革委: a department's catalog -------------------------------------------------------------------
_WUSHAN_BASIS = (
    "1.《中华人民共和国政府信息公开条例》第二十条第(二)款 2.《国务院办公厅关于印发政府网站发展指引的通知》(国办发〔2017〕47号) "
    "3.《国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知》(国办公开办函〔2019〕61号)"
)
_WUSHAN_LIMIT = "信息形成或变更之日起20个工作日内"
WUSHAN = Layout(
    Source(
        key="wushan-ndrc-department",
        field="major-projects",
        url="http://cqws.gov.cn/xzfbm_73744/fzhggwyh_74230/zwgk_72016/qqdnyncw/202408/t20240822_13543499.html",
        publisher="巫山县发展和改革委员会（部门主动公开事项目录）",
        options={"field_code": "major-projects", "tier": "district"},
        sheets=[
            Sheet(
                "主动公开事项目录",
                [
                    [
                        "序号",
                        "公开事项",
                        None,
                        "公开内容",
                        "内容标准",
                        "公开时限",
                        "公开依据",
                        "更新频率",
                        "公开渠道",
                        "责任科室",
                    ],
                    [None, "一级", "二级"],
                    [
                        1,
                        "机构职能",
                        "职能职责",
                        "依据“三定”方案及职责调整情况确定的本单位最新法定职责",
                        "【法定职责】",
                        _WUSHAN_LIMIT,
                        _WUSHAN_BASIS,
                        "据实更新",
                        "政府网站",
                        "办公室",
                    ],
                    [
                        2,
                        None,
                        "负责人信息",
                        "领导班子姓名、职务、照片、分工、简历信息",
                        "【基本信息】领导姓名、职务、出生年份、性别、民族、是否为党员、学历【工作分工】分管领域、分管科室"
                        "【标准工作照】近期1寸彩色浅底免冠照片(统一底色)",
                        _WUSHAN_LIMIT,
                        None,
                        "据实更新",
                        "政府网站",
                        "办公室",
                    ],
                    [
                        3,
                        None,
                        "联系方式",
                        "办公地址、办公时间、联系电话、网址、监督举报等信息",
                        "【办公地址】【办公时间】【联系电话】 【政府网站】",
                        _WUSHAN_LIMIT,
                        None,
                        "据实更新",
                        "政府网站",
                        "办公室",
                    ],
                    [
                        4,
                        None,
                        "机构设置",
                        "内设机构及职责",
                        "【内设机构名称及职责】",
                        _WUSHAN_LIMIT,
                        None,
                        "据实更新",
                        "政府网站",
                        "政工科",
                    ],
                    [
                        5,
                        None,
                        "下属单位",
                        "下属单位基本信息",
                        "【办公地址】 【办公时间】 【联系电话】 【单位职责】",
                        _WUSHAN_LIMIT,
                        None,
                        "据实更新",
                        "政府网站",
                        "政工科",
                    ],
                ],
                merges=[
                    "A1:A2",
                    "B1:C1",
                    "D1:D2",
                    "E1:E2",
                    "F1:F2",
                    "G1:G2",
                    "H1:H2",
                    "I1:I2",
                    "J1:J2",
                    "B3:B7",
                    "G3:G7",
                ],
            )
        ],
        expected=[],
    ),
    maps={"内容标准": "备注", "更新频率": "备注"},
    items=[
        Item(
            ("机构职能", "职能职责"),
            {
                "subject": "办公室",
                "responsible_office": "办公室",
                "tiers": ["district"],
                "notes": ["内容标准：【法定职责】", "更新频率：据实更新"],
            },
            {"subject"},
        ),
        Item(("机构职能", "负责人信息"), {"subject": "办公室", "bases": 3}, {"subject"}),
        Item(("机构职能", "联系方式"), {"subject": "办公室"}, {"subject"}),
        Item(("机构职能", "机构设置"), {"subject": "政工科"}, {"subject"}),
        Item(("机构职能", "下属单位"), {"subject": "政工科"}, {"subject"}),
    ],
)

LAYOUTS = [SAIHAN, LIAOBU, CNJG, JIANGSHANG, DEAN, TONGHAI, WUSHAN]
