"""Reference data: the 26 national fields (standards §2) and the provincial presets."""

# (code, name, former/alt names, guideline number where the standards file gives one)
NATIONAL_DOMAINS = [
    ("major-projects", "重大建设项目", "", ""),
    ("public-resources", "公共资源交易", "", ""),
    ("budget", "财政预决算", "", "财办发〔2019〕77号"),
    ("work-safety", "安全生产", "", ""),
    ("taxation", "税收管理", "", ""),
    ("land-acquisition", "征地补偿", "", ""),
    ("house-expropriation", "国有土地上房屋征收与补偿", "拆迁安置", ""),
    ("rural-housing", "农村危房改造", "", ""),
    ("urban-enforcement", "城市综合执法", "", ""),
    ("rural-revitalization", "乡村振兴", "扶贫", ""),
    ("disaster-relief", "救灾", "扶贫救灾", ""),
    ("social-assistance", "社会救助", "", ""),
    ("elderly-care", "养老服务", "", ""),
    ("household-registration", "户籍管理", "", ""),
    ("agri-subsidies", "涉农补贴", "", ""),
    ("compulsory-education", "义务教育", "", ""),
    ("health", "卫生健康", "医疗卫生", ""),
    ("environment", "生态环境", "环境保护", ""),
    ("public-culture", "公共文化服务", "", ""),
    ("public-legal", "公共法律服务", "", ""),
    ("employment", "就业", "", ""),
    ("social-insurance", "社会保险", "", ""),
    ("food-drug", "食品药品监管", "", ""),
    ("urban-planning", "城乡规划", "", ""),
    ("affordable-housing", "保障性住房", "住房保障", ""),
    ("municipal-services", "市政服务", "", ""),
]

ZHEJIANG_8 = [
    "land-acquisition",
    "house-expropriation",
    "affordable-housing",
    "rural-housing",
    "disaster-relief",
    "municipal-services",
    "public-resources",
    "compulsory-education",
]
NINGXIA_13 = ZHEJIANG_8 + ["budget", "environment", "food-drug", "household-registration", "agri-subsidies"]

PRESETS = [
    (
        "zhejiang-8",
        "浙江（拱墅区）8个试点领域",
        "拱墅区基层政务公开标准化规范化试点工作实施方案（2017）",
        ZHEJIANG_8,
    ),
    ("ningxia-13", "宁夏13个试点领域", "宁夏回族自治区基层政务公开标准化规范化试点工作方案", NINGXIA_13),
    (
        "national-26",
        "全国26个试点领域",
        "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见（国办发〔2019〕54号）",
        [code for code, *_ in NATIONAL_DOMAINS],
    ),
]


# The national guideline (标准指引) of each field: (issuer, 文号, title, source). Only what a published source
# confirms is filled in; a blank number means no source found here confirms it. Sources are the pages the
# number was read from (a government page, or a copy of the notice where the ministry's page was not found).
GUIDELINES: dict[str, tuple[str, str, str, str]] = {
    "major-projects": (
        "国家发展改革委办公厅",
        "发改办投资〔2019〕621号",
        "重大建设项目领域基层政务公开标准指引",
        "http://world-dating-partner.com/News/show/388709.html（通知原文的副本）",
    ),
    "budget": (
        "财政部",
        "财办发〔2019〕77号",
        "财政预决算领域基层政务公开标准指引",
        "http://www.tianmen.gov.cn/zwgk/bmhxzxxgkml/bm/scsglzfj/zfxxgk/xxgkzn/t_5857233.shtml",
    ),
    "work-safety": (
        "应急管理部办公厅",
        "应急厅函〔2019〕390号",
        "安全生产和救灾领域基层政务公开标准目录指引（安全生产领域基层政务公开标准目录）",
        "http://www.shishi.gov.cn/zwgk/ztzl/lhzt/qzsbzzy/202011/t20201114_2454752.htm",
    ),
    "disaster-relief": (
        "应急管理部办公厅",
        "应急厅函〔2019〕390号",
        "安全生产和救灾领域基层政务公开标准目录指引（救灾领域基层政务公开标准目录）",
        "http://www.shishi.gov.cn/zwgk/ztzl/lhzt/qzsbzzy/202011/t20201114_2454752.htm",
    ),
    "social-assistance": (
        "民政部办公厅",
        "民办函〔2019〕52号",
        "社会救助领域基层政务公开标准指引",
        "民政部办公厅通知原文（2019年4月30日）；福建省转发：http://www.fj.gov.cn/zwgk/ztzl/qmtjjczwgkbzhgfhgz/gzjz/202008/t20200811_5352675.htm",
    ),
    "elderly-care": (
        "民政部办公厅",
        "民办函〔2019〕52号",
        "养老服务领域基层政务公开标准指引",
        "民政部办公厅通知原文（2019年4月30日）；福建省转发：http://www.fj.gov.cn/zwgk/ztzl/qmtjjczwgkbzhgfhgz/gzjz/202008/t20200811_5352675.htm",
    ),
    "compulsory-education": (
        "教育部",
        "",  # 教办厅函〔2019〕39号 is cited for it, but no source found here confirms the number
        "义务教育领域基层政务公开标准指引",
        "http://qiwenreping.com/politics/2019-06/19/c_1124645417.htm（新华社电的副本）",
    ),
    "environment": (
        "生态环境部办公厅",
        "环办厅函〔2019〕672号",
        "生态环境领域基层政务公开标准指引",
        "https://sthjj.cq.gov.cn/zwgk_249/zfxxgkml/zcwj/qtwj/202008/t20200805_7754515_wap.html",
    ),
    "household-registration": (
        "公安部办公厅",
        "公治安〔2019〕158号",
        "户籍管理领域基层政务公开标准指引",
        "http://dustudy.com/News/show/578335.html（通知原文的副本；广西公安厅转发时写作“公治安发〔2019〕158号”："
        "http://gat.gxzf.gov.cn/xxgk_68662/fdzdgknr/zdlyxxgk_68690/t14014807.shtml）",
    ),
    "public-culture": (
        "文化和旅游部办公厅、国家文物局办公室",
        "办办发〔2019〕139号",
        "公共文化服务领域基层政务公开标准指引",
        "https://zh.wikisource.org/zh-hant/文化和旅游部办公厅_国家文物局办公室关于印发《公共文化服务领域基层政务公开标准指引》的通知",
    ),
    "public-legal": (
        "司法部办公厅",
        "司办通〔2019〕57号",
        "公共法律服务领域基层政务公开标准指引",
        "http://sx-sn.com/zwgk/zfxxgkml/jczwgk/202101/t20210128_8838718.html（重庆市司法局通知的副本，引用该文号）",
    ),
    "employment": (
        "人力资源社会保障部办公厅",
        "人社厅函〔2019〕113号",
        "就业和社会保险领域基层政务公开标准指引",
        "http://linyi.gov.cn/info/7247/259706.htm",
    ),
    "social-insurance": (
        "人力资源社会保障部办公厅",
        "人社厅函〔2019〕113号",
        "就业和社会保险领域基层政务公开标准指引",
        "http://linyi.gov.cn/info/7247/259706.htm",
    ),
}
