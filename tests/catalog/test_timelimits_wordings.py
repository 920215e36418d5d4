"""A hundred and twenty 公开时限 wordings copied from published catalogs: each parses right or to 待人工设置, never wrong.

Every wording is quoted exactly as the source page prints it (line breaks and stray spaces included) with the
page it comes from. ``expected`` is either the rule's fields that must match (``to_dict()`` keys; ``parts``
lists the labelled special limits in order), or :data:`UNSURE`: the parser must say 待人工设置 with a reason.
Pages marked "(copy)" are government pages reachable here only through a copy on another domain.

The wordings come from 22 provinces (Beijing, Tianjin, Shanghai, Chongqing, Shanxi, Inner Mongolia, Liaoning,
Heilongjiang, Jiangsu, Zhejiang, Anhui, Fujian, Jiangxi, Shandong, Henan, Hubei, Hunan, Guangdong, Hainan, Sichuan,
Yunnan, Xinjiang) and most of the 26 fields, plus department catalogs (统计, 国土空间规划, 信息公开年报, 林草), a
community's 居务公开 catalog, and cells holding two limits (one per row the cell spans), which go to a person.
``test_corpus_tally_right_unsure_wrong`` prints the tally: right / left to a person / wrong (wrong stays 0).

Parts of the year (issue 22): a wording that names one is placed there or left to a person, never at the
year's end by default. The fallbacks of ``catalog/timelimits/parse.py`` checked with that eye:

* ``_periodic`` → ``_fixed_date``: "每年3月底前", "次年3月底前", "1月31日前" → that date (no 每年: yearly, noted).
* ``_part_of_period`` (yearly): 年初 → 31 Jan; 一季度 → 31 Mar; 上半年 / 二季度 → 30 Jun; 三季度 → 30 Sep;
  年底 / 年末 / 下半年 / 四季度 → the year's own last day, said by the words (no default noted); 年中, and a
  holiday or session (春节, 元旦, 两会 …) → 待人工设置; two different parts ("每年年初和年中") → 待人工设置
  (it used to keep the first and drop the second); a month without a day ("每年3月公开", "每年6月份") → that
  month's last day, to confirm (it used to fall back to 31 December).
* ``_clause_rule``: one named quarter or half followed by a span ("第一季度结束后15日内", "上半年结束后20日内")
  → 待人工设置 (it used to be read as every quarter / every half year).
* ``_deadline``: a second amount after the first limit ("自收到申请之日起20个工作日内 自该信息形成或者变更之日起20个
  工作日内": one cell spanning two rows) → 待人工设置 (it used to keep the first and drop the second, noted).
* ``_wordy``: a part of the year without 每年 ("年初公开", "一季度末", "下半年") → 待人工设置 (yearly or once?).
* ``_understood``: a period with no day and no part named ("每年公开", "按年公开") → the period's last day,
  with "未写明期限…请确认" (medium): the one place the year's end is a default, and it says so.
* ``_part_of_period`` (month / quarter): 月初 / 季初 / 上旬 → 待人工设置; 月底 / 季末 → the period's end, said.
"""

import pytest

from catalog.timelimits import Kind, parse_time_limit

UNSURE = "待人工设置"
F20 = {"kind": "deadline", "trigger": "formed", "amount": 20, "unit": "workdays"}
F10 = {"kind": "deadline", "trigger": "formed", "amount": 10, "unit": "workdays"}

WORDINGS = [
    (
        "制定或获取信息之日起10个工作日内",
        "https://www.tjbd.gov.cn/zwgk/jczwgk/ly/shjzly/202012/t20201216_5039688.html",
        F10,
    ),
    (
        "制定或获取信息之日起10个工作日内,公示7\n个工作日",
        "http://mdx.gov.cn/info/1473/43897.htm",
        {**F10, "display_days": 7, "display_unit": "workdays"},
    ),
    (
        "制 定 或 获 取 信 息之日起 10 个 工作日内",
        "http://www.gaizhou.gov.cn/govxxgk/gzs/2022-01-06/3c993a7e-3dfc-449d-9582-3e26311e7633.html",
        F10,
    ),
    ("制定或获取信息 之日起10个工作\n日 内", "https://www.tengchong.gov.cn/info/7151/5817733.htm", F10),
    (
        "自信息形\n成或者变\n更之日起\n20个工作\n日内予以\n公开",
        "https://www.xilinhaote.gov.cn/xilinhaote/ztzl/qmtjjczwgkbzhgfhgz/bmjczwgk/blgjdbsc/gkbzml/index.html",
        F20,
    ),
    (
        "信息形成或者变更之日起20个工作日内",
        "http://dayao.gov.cn/info/egovinfo/1007/overt_centent/dyx033-/2023-0913016.htm",
        F20,
    ),
    (
        "半年至少更新1次",
        "http://dachuan.gov.cn/news-show-147131.html",
        {"kind": "periodic", "period": "half_year"},
    ),
    ("信息形成或变更之日起20个工作日内", "http://dachuan.gov.cn/news-show-147131.html", F20),
    ("按进展情况及时公开", "http://xjbz.gov.cn/xjbz/c110517/Anarticle.shtml", {"kind": "as_progress"}),
    (
        "自制作或获取该信息之日起20个工作日内公开",
        "http://www.sanmen.gov.cn/col/col1229468253/index.html",
        F20,
    ),
    (
        "自该信息形成或者变更之日起20个工作日内",
        "http://www.heyuan.gov.cn/zwgk/jczwgk/sthj/content/post_469742.html",
        F20,
    ),
    (
        "自该信息形成或者变更之 日起 20 个工作日内",
        "http://www.jyx.gov.cn:10079/zwgk/html/zwgk/content/cn/op_cn_1f7bacc0-e8ba-4be7-9b4d-250d71b32de3.html",
        F20,
    ),
    (
        "本级人民代表大会或其常务委员会批准后20日内",
        "https://www.yongxiu.gov.cn/jsx/02/glyjczwgkml/202403/t20240301_6423112.html",
        {
            "kind": "deadline",
            "trigger": "event",
            "event": "本级人民代表大会或其常务委员会批准",
            "amount": 20,
            "unit": "days",
        },
    ),
    (
        "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的,从其规定。",
        "http://fangshan.gov.cn/xxgk/jcgk/202012/t20201212_1457111.html",
        F20,
    ),
    (
        "信息形成或者变更之日起 20 个工作日内。法律、法规对政府信息公开的期限另有规定的,从其规定。",
        "https://www.tls.gov.cn/newtlsrmzf/c103254/202101/261324.shtml",
        F20,
    ),
    (
        "形成或者变更之日起20个工作日内予以公开",
        "http://tez.gov.cn/zwgk/zwgkzt/jczwgk/sdly/202011/t20201120_1104051.html",
        F20,
    ),
    ("制定或获取备案政策之日起10个工作日内", "https://www.ynfq.gov.cn/info/13053/170942.htm", F10),
    ("制定或获取扶持补贴政策之日起10个工作日内", "https://www.ynfq.gov.cn/info/13053/170942.htm", F10),
    (
        "制定或获取文件之日起10个工作日内",
        "https://yunyang.gov.cn/bm_257/xmzj/zwgk_62088/zfxxgkml/jczfxxgk_1/ylfw/bzml/202401/t20240118_12836675.html",
        F10,
    ),
    (
        "制定或获取扶持政策措施之日起10个工作日内",
        "https://yunyang.gov.cn/bm_257/xmzj/zwgk_62088/zfxxgkml/jczfxxgk_1/ylfw/bzml/202401/t20240118_12836675.html",
        F10,
    ),
    (
        "制定或获取指南之日起10个工作日内",
        "https://yunyang.gov.cn/bm_257/xmzj/zwgk_62088/zfxxgkml/jczfxxgk_1/ylfw/bzml/202401/t20240118_12836675.html",
        F10,
    ),
    (
        "公开事项信息形成或变更之日起20个工作日内公开",
        "http://www.rangtang.gov.cn/xtxrmzf/c107695/202106/c4e1cf1f8a704d1fa73d5ab10991592e.shtml",
        F20,
    ),
    (
        "执法决定信息在决定作出之日起7个工作日内公开,其他相关信息形成或变更之日起20个工作日内公开",
        "http://www.rangtang.gov.cn/xtxrmzf/c107695/202106/c4e1cf1f8a704d1fa73d5ab10991592e.shtml",
        {
            **F20,
            "label": "其他相关信息",
            "parts": [
                {
                    "kind": "deadline",
                    "trigger": "decision",
                    "amount": 7,
                    "unit": "workdays",
                    "label": "执法决定信息",
                }
            ],
        },
    ),
    ("永久公开", "http://www.zjxs.gov.cn/zjbzml/xy/content/post_1202133.html", {"kind": "continuous"}),
    ("信息形成或者变更之日起20个工作日内公开", "https://yncn.gov.cn/info/32784/8965790.htm", F20),
    (
        "信息形成或变更之日起20个工作日内公开",
        "http://www.xingguo.gov.cn/xgxxxgk/c129245d/202106/4c5bb6651a354d2baab36996a8878080.shtml",
        F20,
    ),
    (
        "1.除处罚决定外其他内容:长期公开(动态调整); 2.处罚决定:20个工作日内。",
        "https://www.abg.gov.cn/abg/ztzl/jczwgkpt/jczwgkbzmlyssqk/cszhzfly/gkbzml/index.html",
        {
            "kind": "continuous",
            "label": "除处罚决定外其他内容",
            "parts": [{"kind": "deadline", "amount": 20, "unit": "workdays", "label": "处罚决定"}],
        },
    ),
    ("实时公开", "https://www.saihan.gov.cn/zwgk_new/jczwgk/xzjd/hhsz/bzml", {"kind": "continuous"}),
    ("及时公开", "https://www.saihan.gov.cn/zwgk_new/jczwgk/xzjd/hhsz/bzml", {"kind": "as_progress"}),
    (
        "信息形成20个工作日内公开;其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示",
        "http://xuanhan.gov.cn/news-show-27384.html",
        {
            **F20,
            "parts": [
                {"kind": "deadline", "trigger": "decision", "amount": 7, "label": "行政许可、行政处罚"}
            ],
        },
    ),
    (
        "信息形成之日起20个工作日内",
        "https://xjwqx.gov.cn/xjwqx/c104433/202304/30dc3ed6f5124994bd5c92cecd0366f3.shtml",
        F20,
    ),
    (
        "分配结果确定后20个工作日内",
        "https://xjwqx.gov.cn/xjwqx/c104433/202304/30dc3ed6f5124994bd5c92cecd0366f3.shtml",
        {"kind": "deadline", "trigger": "event", "event": "分配结果确定", "amount": 20, "unit": "workdays"},
    ),
    ("信息形成之后20个工作日内", "http://www.jiangyou.gov.cn/zwgk/jczwgkbzml/jd/zbjdbsc/25098451.html", F20),
    (
        "信息获取(形成变更)20个工作日内",
        "http://www.cqxs.gov.cn/bm/zfcxjw/zwgk_77940/zfxxgkml_178039/zfbzlyjczwgk/bzml/202403/t20240305_12992379.html",
        F20,
    ),
    (
        "信息获取(形成、变更)20个工作日内",
        "https://lingyuan.gov.cn/html/LYSZF/202407/0172051038599294.html",
        F20,
    ),
    ("信息形成(变更)20个工作日内", "http://cnjg.gov.cn/new/detail/20230619152231630.html", F20),
    (
        "公开事项 信息形成 或变更之 日起20个 工作日内 公开",
        "https://www.tengchong.gov.cn/info/7151/5817803.htm",
        F20,
    ),
    (
        "按年公开",
        "https://www.bjmtg.gov.cn/mtg11J022/zfxxgkbz/202408/c41e3027b76e4f10ba3e306db221589b.shtml",
        {"kind": "periodic", "period": "year"},
    ),
    (
        "部门预算经本级财政部门批复后20日内公开",
        "https://www.bjmtg.gov.cn/mtg11J022/zfxxgkbz/202408/c41e3027b76e4f10ba3e306db221589b.shtml",
        {
            "kind": "deadline",
            "trigger": "event",
            "event": "部门预算经本级财政部门批复",
            "amount": 20,
            "unit": "days",
        },
    ),
    (
        "部门决算经本级财政部门批复后20日内公开",
        "https://www.bjmtg.gov.cn/mtg11J022/zfxxgkbz/202408/c41e3027b76e4f10ba3e306db221589b.shtml",
        {
            "kind": "deadline",
            "trigger": "event",
            "event": "部门决算经本级财政部门批复",
            "amount": 20,
            "unit": "days",
        },
    ),
    (
        "主动公开信息内容发生变化的,医疗卫生机构应当自该信息形式或者变更之日起20个工作日内予以调整。法律、法规、规章对更新期限另有规定的,从其规定。",
        "http://www.kmsm.gov.cn/c/2023-11-24/6772049.shtml",
        F20,
    ),
    ("信息形成20个工\n作日内公开", "https://www.tonghai.gov.cn/thxzfxxgk/jljd/20240816/1549045.html", F20),
    ("信息形成或变更之日起20 个工作日内", "http://www.hetang.gov.cn/c12192/20250815/i2410578.html", F20),
    (
        "自该政府信息形成或者变更之日起20个工作日内及时公开",
        "http://xjbz.gov.cn/xjbz/c110498/Anarticle.shtml",
        F20,
    ),
    ("20个工作日", "http://www.fsxf.gov.cn/zfxxgk/ins.asp?s=10332&i=4275", F20),
    (
        "信息形成(变更)下发至本单位\n\n20个工作日内",
        "http://www.fsxf.gov.cn/zfxxgk/ins.asp?s=10267&i=4290",
        {"kind": "deadline", "trigger": "event", "amount": 20, "unit": "workdays"},
    ),
    (
        "每季度的首个月20日",
        "http://usastudygroup.com/art/2022/12/28/art_1229708116_59085843.html (copy)",
        {"kind": "periodic", "period": "quarter", "amount": 20, "unit": "days"},
    ),
    (
        "每季度的首个月20日 (集体财务往来较多的,财务收支情况应每月公布一次)",
        "http://usastudygroup.com/art/2022/12/28/art_1229708116_59085843.html (copy)",
        {
            "kind": "periodic",
            "period": "quarter",
            "amount": 20,
            "unit": "days",
            "parts": [{"kind": "periodic", "period": "month"}],
        },
    ),
    (
        "随时公布",
        "http://usastudygroup.com/art/2022/12/28/art_1229708116_59085843.html (copy)",
        {"kind": "as_progress"},
    ),
    (
        "自形成或者变更之日起20个工作日内予以公开,法律法规另有规定的从其规定。",
        "http://m.veladacinema.com/liaobu/zwgk/jczwgksxbzml/ncjt/content/post_4130477.html (copy)",
        F20,
    ),
    (
        "信息产生、变更之日起20个工作日内公开,保持长期公开(相关政策法规另有规定的应从其规定)",
        "https://telos-ontarget.com/wenchang/sjjczwgk/202012/065d669bdcc448ff9aca989b776d0e8f.shtml (copy)",
        F20,
    ),
    (
        "重大决策作出后及时公开",
        "http://www.8mll.cn/gzz/gzml/content/post_1874300.html (copy)",
        {"kind": "as_progress"},
    ),
    (
        "提前一周发通知邀请",
        "http://www.e5515c-test.cn/xgxxxgk/cssq025g/202310/861642fa86a241f496ad13b232776991.shtml (copy)",
        UNSURE,
    ),
    (
        "颁布或印发之日起5个工作日内",
        "https://beivbo.com/jkq/news-show-13707 (copy)",
        {"kind": "deadline", "trigger": "formed", "amount": 5, "unit": "workdays"},
    ),
    (
        "信息形成或變更之日起3個工作日內",
        "https://easterncoast.cn/Pages_963_90048.aspx (copy)",
        {"kind": "deadline", "trigger": "formed", "amount": 3, "unit": "workdays"},
    ),
    (
        "每年1月31日前",
        "https://alkalih2o.com/info/7385/10021444.htm (copy)",
        {"kind": "periodic", "period": "year", "due_month": 1, "due_day": 31},
    ),
    (
        "自該政府信息形成或者變更之日起20個工作日內。",
        "http://www.71498.cn/21126/22493/38302/43582/43583/content_2135806.html (copy)",
        F20,
    ),
    (
        "信息形成或變更之日起20工作日內",
        "http://m.llxs88.com/bm/qyjj_75266/zwgk_73772/zfxxgkml_bm2/jczwgk_bm/jz_yjj/bzml/list.html (copy)",
        F20,
    ),
    (
        "在實地啟動擬征收土地工作時,在村公示欄公開。",
        "http://www.whgsj.com/zwgk/gmqjczwgkbzml/hcjdb/ncjttdzs/index.html (copy)",
        UNSURE,
    ),
    (
        "擬征收土地現狀調查結束後5個工作日內,在村公示欄公開。",
        "http://www.whgsj.com/zwgk/gmqjczwgkbzml/hcjdb/ncjttdzs/index.html (copy)",
        {"kind": "deadline", "trigger": "event", "amount": 5, "unit": "workdays"},
    ),
    (
        "信息形成或者变更之日起20个工作日内予以公开;",
        "http://travelhrb.com/doc/2021/09/27/10510972.shtml (copy)",
        F20,
    ),
    (
        "及时公开,公告期限为5个工作日",
        "standards §1 sample 7 (公共资源交易, 政府采购招标公告)",
        {"kind": "as_progress", "display_days": 5},
    ),
    # issue 22: wordings of the catalogs found for the column mapping (tests/catalog/corpus/layouts.py) and
    # of department catalogs met on the way
    (
        "信息产生或变更之日起20个工作日内公开",
        "http://kyqq.gov.cn/kyqq/2025-04/08/article_2025040814564333641.html",
        F20,
    ),
    (
        "每年4月1日之前",
        "http://www.hnhs.gov.cn/22560/22709/43459/43460/43462/43492/content_2139138.html",
        {"kind": "periodic", "period": "year", "due_month": 4, "due_day": 1},
    ),
    (
        "6月底前",
        "http://luozhuang.gov.cn/info/5349/59093.htm",
        {"kind": "periodic", "period": "year", "due_month": 6, "due_day": 30},
    ),
    ("1年", "http://luozhuang.gov.cn/info/5349/59093.htm", UNSURE),
    ("6个月", "http://luozhuang.gov.cn/info/5349/59093.htm", UNSURE),
    ("信息形成后,20个工作日内公开内公开", "http://luozhuang.gov.cn/info/5349/59093.htm", F20),
    (
        "15个工作日内公开",
        "http://www.weishan.gov.cn/art/2024/9/25/art_68121_2756348.html",
        {"kind": "deadline", "trigger": "formed", "amount": 15, "unit": "workdays"},
    ),
    (
        "关联规范性文件公开3个工作日内",
        "http://www.h40v.com.cn/zfxxgk/fdgknr/jczwgkbzml/xzjiczwgk/202412/t20241218_1175777.html (copy)",
        UNSURE,
    ),
    (
        "信息形成或变更20个工作日内",
        "http://www.h40v.com.cn/zfxxgk/fdgknr/jczwgkbzml/xzjiczwgk/202412/t20241218_1175777.html (copy)",
        F20,
    ),
    # issue 22, second round: fields and provinces the corpus did not have (Hubei, Henan, Jiangsu, Shanghai,
    # Anhui, Shandong's Jinan, Xinjiang's Gongliu; 社会救助, 财政预决算, 城市综合执法, 交通运输, 国土空间规划,
    # 统计, 住房保障, 救灾, 扶贫, 公共文化, 义务教育, 生态环境 …), and traditional-script copies
    (
        "街道办事处提出审核意见后进行公示,公示5个工作日",
        "https://www.whkfq.gov.cn/xxgk/fdzdgk/shgysy/shhbz/202012/t20201224_1569707.html",
        UNSURE,  # a notice period after an event, no time to publish: the office sets it
    ),
    (
        "区民政局提出审批意见后进行长期公示",
        "https://www.whkfq.gov.cn/xxgk/fdzdgk/shgysy/shhbz/202012/t20201224_1569707.html",
        {"kind": "continuous"},
    ),
    (
        "每个月月初公示当月发放信息,公示一个月",
        "https://www.whkfq.gov.cn/xxgk/fdzdgk/shgysy/shhbz/202012/t20201224_1569707.html",
        UNSURE,  # 月初 names no day
    ),
    (
        "本级人民代表大会或其常务委员会批准后 20 日内",
        "http://www.tq.gov.cn/tq/2023-03/14/article_2024041403405834331.html",
        {
            "kind": "deadline",
            "trigger": "event",
            "event": "本级人民代表大会或其常务委员会批准",
            "amount": 20,
            "unit": "days",
        },
    ),
    ("同上", "http://hbxq.suqian.gov.cn/hbxq/jczwgk/202111/483f645520ee4295b250699258b11840.shtml", UNSURE),
    (
        "作出决定之日起7个工作日\n内;情况复杂的,经本单位\n负责人批准,可延长7个工作\n日(上海市城管执法行政处\n"
        "罚案件信息主动公开实施细\n则规定,涉及企事业单位的\n行政处罚信息自公示之日起\n届满5年的,记录于市城管执\n"
        "法局案件信息公示系统,但\n不再公示。涉及个人的行政\n处罚信息自公示之日起届满3\n年的,记录于市城管执法局\n"
        "案件信息公示系统,但不再\n公示。)",
        "https://www.songjiang.gov.cn/Template/dynamic/jczwgk/zdgkqqd/quanqingdan/zrmzf/shdz/files/basic-html/page117.html",
        {"kind": "deadline", "trigger": "decision", "amount": 7, "unit": "workdays"},
    ),
    (
        "接到申请之日起20个工作日内",
        "http://www.cqxs.gov.cn/bm/jtj/zwgk_77940/zfxxgkml_178039/zdjsxmlyjczwgk/bzml/202212/t20221213_11380434.html",
        {"kind": "deadline", "trigger": "received", "amount": 20, "unit": "workdays"},
    ),
    ("自该信 息形成 或者变 更之日起20个工作日内", "https://ynwss.gov.cn/info/2884/127339.htm", F20),
    (
        "信息形成或變更之日起20個工作日內",
        "http://www.fauziblues.com/fsnhq/zwgk/jczwgkml/bzml/jzsc/index.html (copy)",
        F20,
    ),
    (
        "按進展情況及時公開",
        "http://www.fauziblues.com/fsnhq/zwgk/jczwgkml/bzml/jzsc/index.html (copy)",
        {"kind": "as_progress"},
    ),
    (
        "信息形成或變更之日起20個工作日內。法律法規對政府信息公開的期限另有規定的,從其規定。",
        "http://www.xmzaj.com/fxxrmzf/26gsdlyjczwgkbzmlzy/202111/408382c0b9004d8384e65b165a63a0bd.shtml (copy)",
        F20,
    ),
    (
        "信息形成 20 个工作日内公开;其中行政许可、行政处罚事项应自作出行政决定之日起 7 个工作日内公示",
        "http://www.jiande.gov.cn/col/col1229432950/index.html",
        {
            **F20,
            "parts": [
                {"kind": "deadline", "trigger": "decision", "amount": 7, "label": "行政许可、行政处罚"}
            ],
        },
    ),
    ("信息形成(變更)20個工作日內", "https://tuwife.com/info/1475/44081.htm (copy)", F20),
    (
        "永久公開",
        "http://zzifashion.com/zjbzml/yy/content/post_1202144.html (copy)",
        {"kind": "continuous"},
    ),
    (
        "自該信息形成或者變更之日起20個工作日內",
        "https://regpowell.com/qmtjjczwgk/26sdly/sthjly/content/post_6845512.html (copy)",
        F20,
    ),
    (
        "信息形成或者變更之日起20個工作日內",
        "http://m.fyjszy.com/mzz/mzmulu/content/post_1864545.html (copy)",
        F20,
    ),
    (
        "规划送审报批前,不少于30日",
        "https://www.yixian.gov.cn/zwgk/grassroots/6616605/10861532.html",
        UNSURE,  # before an event, and a notice period: nothing a deadline from formation holds
    ),
    (
        "20个工作日内",
        "https://www.guzhen.gov.cn/gzdt/ztzl/zwgksdztgd/zdcs/41555900.html",
        F20,  # no trigger: the 条例 art. 26 default, noted (medium)
    ),
    (
        "批前公示時間不得少于30日",
        "http://www.fauziblues.com/fsnhq/zwgk/jczwgkml/bzml/cxgh/index.html (copy)",
        UNSURE,
    ),
    (
        "批后公布應在規劃批準后20個工作日內向社會公布",
        "http://www.fauziblues.com/fsnhq/zwgk/jczwgkml/bzml/cxgh/index.html (copy)",
        {"kind": "deadline", "trigger": "event", "event": "规划批准", "amount": 20, "unit": "workdays"},
    ),
    (
        "作出行政決定之日起7個工作日內,法律法規另有規定的從其規定",
        "http://www.fauziblues.com/fsnhq/zwgk/jczwgkml/bzml/cxgh/index.html (copy)",
        {"kind": "deadline", "trigger": "decision", "amount": 7, "unit": "workdays"},
    ),
    (
        "每年1月31日前公开上一年度公开年度报告",
        "https://www.yj.gov.cn/art/2020/9/15/art_1229457969_59053173.html",
        {"kind": "periodic", "period": "year", "due_month": 1, "due_day": 31},
    ),
    (
        "自该政府信息形成或者变更之日起5个工作日内;长期公示",
        "http://jntj.jinan.gov.cn/art/2025/6/3/art_113096_4755778.html?xxgkhide=1",
        {"kind": "deadline", "trigger": "formed", "amount": 5, "unit": "workdays", "parts": []},
    ),
    (
        "信息形成后,7个工作日内公开",
        "http://luozhuang.gov.cn/info/5349/59093.htm",
        {"kind": "deadline", "trigger": "formed", "amount": 7, "unit": "workdays"},
    ),
    (
        "1月31日前",
        "http://luozhuang.gov.cn/info/5349/59093.htm",
        {"kind": "periodic", "period": "year", "due_month": 1, "due_day": 31},
    ),
    ("1个月", "http://luozhuang.gov.cn/info/5349/59093.htm", UNSURE),
    ("20工作日", "https://20153.cn/xjgl/c115617/202311/47b1d2cfed304fe6a32cd187ba979422.shtml (copy)", F20),
    (
        "及時公開",
        "http://www.cnheaven.com/xgxxxgk/c129245k/202311/8f5cd28ca0bb417ca2873b06af6ca5ec.shtml (copy)",
        {"kind": "as_progress"},
    ),
    (
        "實時公開",
        "http://www.cnheaven.com/xgxxxgk/c129245k/202311/8f5cd28ca0bb417ca2873b06af6ca5ec.shtml (copy)",
        {"kind": "continuous"},
    ),
    (
        "政府信息形成或者變更之日起20個工作日內(法律法規對政府信息公開期限另有規定的從其規定)。",
        "http://tzchery.com/zt/zdgkjbml/zjbm/content/post_1704106.html (copy)",
        F20,
    ),
    (
        "政府信息形成或者變更之日起20個工作日內及時公開(法律、法規、政策文件對政府信息公開的期限另有規定的,從其規定)。",
        "http://www.szmaolu.com/sjz/zcgw/qtwj/content/post_2198737.html (copy)",
        F20,
    ),
    # issue 22, third round: pages and provinces not cited before (Fujian's Zhangzhou, Anhui's Tongling, Yunnan's
    # Xinping, Guangmen and Cangyuan, Sichuan's Tongchuan and Ya'an, Guangdong's Shaoguan, Shanghai's Yangpu, the
    # national forestry administration), fields not cited before (居务公开, 征地报批, 母婴保健许可, 房屋征收的社会稳定
    # 风险评估), and two limits run together in one cell of a table (one for each row it spans)
    (
        "自收到申请之日起20个工作日内",
        "http://www.sgwjq.gov.cn/ztzl/zwgkbzsxml/content/post_1892839.html",
        {"kind": "deadline", "trigger": "received", "amount": 20, "unit": "workdays"},
    ),
    (
        "自收到申请之日起20个工作日内 自该信息形成或者变更之日起20个工作日内",
        "http://www.sgwjq.gov.cn/ztzl/zwgkbzsxml/content/post_1892839.html",
        UNSURE,  # two limits, one per row the cell spans (处罚流程 on request, 处罚决定 published): which is which?
    ),
    (
        "自收到申请之日起20个工作日内公开",
        "https://yngm.gov.cn/zfxxgk_gmx/gytdsfwzs.html",
        {"kind": "deadline", "trigger": "received", "amount": 20, "unit": "workdays"},
    ),
    ("信息形成或者变更之日起20个工作日内予以公开", "https://yngm.gov.cn/zfxxgk_gmx/gytdsfwzs.html", F20),
    (
        "自信息形成或者变更之日起20个工作日内予以公开",
        "https://tljq.gov.cn/openness/OpennessContent/show/826967.html",
        F20,
    ),
    (
        "信息形成或变更 之日起20个工作 日内",
        "https://www.xinping.gov.cn/xpxzfxxgk/aqsc23/20240827/1551175.html",
        F20,
    ),
    (
        "①《聽證通知書》在組織聽證7個工作日前予以公開;②其他聽證公開內容為依申請公開,。",
        "https://youhaodoor.com/wgs/wgsml/content/post_2459427.html (copy)",
        UNSURE,  # before an event (the hearing), and the rest only on request
    ),
    (
        "收到征地批准文件之日起10个工作日内公开。",
        "http://cmzd.zhangzhou.gov.cn/cms/html/zzzsjjjjskfq/2021-06-23/292867468.html",
        {
            "kind": "deadline",
            "trigger": "event",
            "event": "收到征地批准文件",
            "amount": 10,
            "unit": "workdays",
        },
    ),
    (
        "自信息形成或者变更之日起20个工作日内予以公开 自信息形成或者变更之日起7个工作日内予以公开",
        "https://www.cangyuan.gov.cn/info/10316/101542.htm",
        UNSURE,  # 20 for the guide, 7 for the licence (结果信息), one cell: which is which?
    ),
    (
        "自信息形成或者变更之日起7个工作日内予以公开",
        "http://tchuan.gov.cn/xxgk-show-26206.html",
        {"kind": "deadline", "trigger": "formed", "amount": 7, "unit": "workdays"},
    ),
    (
        "形成或变更之日起20个工作日内",
        "http://www.xzcxgyp.com/main/381/20190104/075320903716834.html (copy)",
        F20,
    ),
    ("信息形成后,20个工作日内公开", "http://luozhuang.gov.cn/info/5349/47167.htm", F20),
    (
        "自信息形成或者变更之日起20个工作日内及时公开",
        "http://www.ya.gov.cn/ztzl/lhbz/bzml/jwgk/bzml/202312/t20231212_1983906.htm",
        F20,
    ),
    (
        "长期公开,发生变更及时更新并公开",
        "https://www.shyp.gov.cn/yp-zwgk/zwgk/buffersInformation/details?id=5ca54abe-3254-46ba-8559-38314df27b74",
        {"kind": "continuous"},
    ),
    (
        "每季度公布一次",
        "https://www.shyp.gov.cn/yp-zwgk/zwgk/buffersInformation/details?id=5ca54abe-3254-46ba-8559-38314df27b74",
        {"kind": "periodic", "period": "quarter"},
    ),
    (
        "根据实际情况及时公开",
        "https://www.shyp.gov.cn/yp-zwgk/zwgk/buffersInformation/details?id=5ca54abe-3254-46ba-8559-38314df27b74",
        {"kind": "as_progress"},
    ),
    (
        "自信息形成或者變更之日起20個工作日內予以公開",
        "http://limingquan.com/news-show-15540.html (copy)",
        F20,
    ),
    (
        "自信息形成或者變更之日起7個工作日內予以公開",
        "http://limingquan.com/news-show-15540.html (copy)",
        {"kind": "deadline", "trigger": "formed", "amount": 7, "unit": "workdays"},
    ),
]


def _matches(rule: dict, expected: dict) -> list[str]:
    """The keys whose values differ (``parts`` compared part by part, in order)."""
    wrong = []
    for key, value in expected.items():
        if key == "parts":
            got = rule.get("alternatives", [])
            if len(got) != len(value):
                wrong.append(f"parts: {got!r}")
                continue
            for part, want in zip(got, value, strict=True):
                wrong += [f"part {k}: {part.get(k)!r}" for k, v in want.items() if part.get(k) != v]
        elif rule.get(key) != value:
            wrong.append(f"{key}: {rule.get(key)!r} != {value!r}")
    return wrong


def test_120_real_wordings_with_sources():
    assert len(WORDINGS) >= 120
    assert len({w for w, _, _ in WORDINGS}) == len(WORDINGS)
    assert all(url for _, url, _ in WORDINGS)


@pytest.mark.parametrize("wording, url, expected", WORDINGS, ids=[f"w{i:02d}" for i in range(len(WORDINGS))])
def test_real_wording_parses_right_or_is_left_to_the_office(wording, url, expected):
    result = parse_time_limit(wording)
    if expected == UNSURE:
        assert result.rule.kind is Kind.UNPARSED and not result.understood, result.rule.to_dict()
        assert result.reason, "a wording left to the office says why"
        assert result.confidence == "low"
        return
    assert result.understood, result.note
    wrong = _matches(result.rule.to_dict(), expected)
    assert not wrong, (wording, url, result.rule.to_dict(), wrong)
    assert result.confidence in {"high", "medium"}


def test_corpus_tally_right_unsure_wrong():
    """The figure the issue asks for: how many right, how many 待人工设置, how many wrong (must be none)."""
    right = unsure = 0
    wrong = []
    for wording, _url, expected in WORDINGS:
        result = parse_time_limit(wording)
        if expected == UNSURE:
            if result.rule.kind is Kind.UNPARSED:
                unsure += 1
            else:
                wrong.append(wording)
        elif result.understood and not _matches(result.rule.to_dict(), expected):
            right += 1
        elif result.rule.kind is Kind.UNPARSED:
            unsure += 1  # not wrong, but a miss the test above reports
        else:
            wrong.append(wording)
    print(f"\n公开时限表述 {len(WORDINGS)} 条：正确 {right}，交人工设置 {unsure}，错误 {len(wrong)}")
    assert wrong == []
    assert right + unsure == len(WORDINGS)
