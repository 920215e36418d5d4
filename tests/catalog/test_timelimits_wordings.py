"""Sixty-odd 公开时限 wordings copied from published catalogs: each parses right or to 待人工设置, never wrong.

Every wording is quoted exactly as the source page prints it (line breaks and stray spaces included) with the
page it comes from. ``expected`` is either the rule's fields that must match (``to_dict()`` keys; ``parts``
lists the labelled special limits in order), or :data:`UNSURE`: the parser must say 待人工设置 with a reason.
Pages marked "(copy)" are government pages reachable here only through a copy on another domain.
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


def test_sixty_real_wordings_with_sources():
    assert len(WORDINGS) >= 60
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
