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
    ("health", "卫生健康", "", ""),
    ("environment", "生态环境", "环境保护", ""),
    ("public-culture", "公共文化服务", "", ""),
    ("public-legal", "公共法律服务", "", ""),
    ("employment", "就业", "", ""),
    ("social-insurance", "社会保险", "", ""),
    ("food-drug", "食品药品监管", "", ""),
    ("urban-planning", "城乡规划", "", ""),
    ("affordable-housing", "保障性住房", "", ""),
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
