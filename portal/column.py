"""The 政府信息公开 column (指南, 制度, 法定主动公开内容, 信息公开目录, 政策文件, 政策解读, 年报 and 依申请公开
links), the site-wide furniture pages (联系我们, the HTML site map) and the Chinese error pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.pagecache import cached_page
from domains.models import Domain
from organizations.models import Unit

from . import selectors
from .search import genres
from .views import _int, page

PER_PAGE = 20

#: 《中华人民共和国政府信息公开条例》第二十条: what every government discloses proactively, with where it is.
STATUTORY = [
    (_("行政法规、规章和规范性文件"), "policies", {}),
    (_("机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"), "units", {}),
    (_("国民经济和社会发展规划、专项规划、区域规划及相关政策"), "catalog", {"genre": "plan"}),
    (_("国民经济和社会发展统计信息"), "catalog", {"genre": "report"}),
    (_("办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"), "catalog", {"genre": "notice"}),
    (
        _("实施行政处罚、行政强制的依据、条件、程序以及认为具有一定社会影响的行政处罚决定"),
        "catalog",
        {"genre": "notice"},
    ),
    (_("财政预算、决算信息"), "catalog", {"genre": "budget"}),
    (_("行政事业性收费项目及其依据、标准"), "catalog", {"genre": "policy"}),
    (_("政府集中采购项目的目录、标准及实施情况"), "catalog", {"genre": "procurement"}),
    (_("重大建设项目的批准和实施情况"), "catalog", {}),
    (_("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"), "catalog", {"genre": "policy"}),
    (_("突发公共事件的应急预案、预警信息及应对情况"), "catalog", {"genre": "notice"}),
    (_("环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"), "catalog", {"genre": "report"}),
    (_("公务员招考的职位、名额、报考条件等事项以及录用结果"), "catalog", {"genre": "notice"}),
]


def LATEST(request) -> list[str]:  # noqa: N802 - a constant-like tag function
    """The page shows the newest records (the ``latest`` tag, portal.signals)."""
    return ["latest"]


def SEARCH(request) -> list[str]:  # noqa: N802
    """The page reads the search index (the ``search`` tag, portal.search.signals)."""
    return ["search"]


URLS = {"policies": "/gk/policies/", "units": "/units/", "catalog": "/gk/catalog/"}


@cached_page(tags=LATEST)
def index(request):
    return page(
        request, "portal/gk/index.html", {"latest": selectors.latest_publications(limit=8, brief=True)}
    )


@cached_page
def guide(request):
    return page(request, "portal/gk/guide.html", {})


@cached_page(tags=LATEST)
def rules(request):
    policies = selectors.policy_documents(q="公开")
    return page(
        request, "portal/gk/rules.html", {"policies": list(policies[:10]) if policies is not None else []}
    )


@cached_page
def statutory(request):
    rows = [
        (label, URLS[kind] + (f"?{urlencode(params)}" if params else "")) for label, kind, params in STATUTORY
    ]
    return page(request, "portal/gk/statutory.html", {"rows": rows, "domains": list(Domain.objects.active())})


def _page_of(request, qs):
    paginator = Paginator(qs, PER_PAGE)
    return paginator.get_page(_int(request.GET.get("page"), 1, 100000) or 1)


def _query_without_page(request, names) -> str:
    return urlencode({k: request.GET[k] for k in names if request.GET.get(k)})


CATALOG_PARAMS = ("field", "unit", "genre", "year", "month")


@cached_page(tags=SEARCH)
def catalog(request):
    """信息公开目录: by theme (field), body (unit), genre and date; paginated; a feed for each selection."""
    get = request.GET
    year = _int(get.get("year"), 1990, 2100)
    filters = {
        "field": get.get("field", "")[:40],
        "unit": get.get("unit", "")[:32],
        "genre": get.get("genre", "") if get.get("genre") in genres.LABELS else "",
        "year": year,
        "month": _int(get.get("month"), 1, 12) if year else None,
    }
    query = _query_without_page(request, CATALOG_PARAMS)
    return page(
        request,
        "portal/gk/catalog.html",
        {
            "page_obj": _page_of(request, selectors.catalog_documents(**filters)),
            "filters": filters,
            "query": query,
            "domains": list(Domain.objects.active()),
            "units": list(Unit.objects.public().order_by("tree_id", "lft")),
            "genres": [(c, label) for c, label, _w in genres.GENRES] + [genres.OTHER],
            "years": selectors.catalog_years(),
            "months": range(1, 13),
        },
    )


@cached_page(tags=LATEST)
def policies(request):
    """政策文件: 文号, issuer, dates, validity (有效/失效/废止) filters, superseded chains, interpretations."""
    get = request.GET
    validities = selectors.validity_choices()
    filters = {
        "validity": get.get("validity", "") if get.get("validity") in dict(validities) else "",
        "unit": get.get("unit", "")[:32],
        "year": _int(get.get("year"), 1990, 2100),
        "q": get.get("q", "")[:40].strip(),
    }
    qs = selectors.policy_documents(**filters)
    page_obj = _page_of(request, qs if qs is not None else [])
    page_obj.object_list = list(page_obj.object_list)
    links = selectors.policy_links(page_obj.object_list)
    for pub in page_obj.object_list:
        pub.replaced = links["replaced"].get(pub.pk, [])
        pub.interps = links["interpretations"].get(pub.pk, [])
    return page(
        request,
        "portal/gk/policies.html",
        {
            "page_obj": page_obj,
            "filters": filters,
            "query": _query_without_page(request, ("validity", "unit", "year", "q")),
            "validities": validities,
            "units": list(Unit.objects.public().order_by("tree_id", "lft")),
            "years": selectors.catalog_years(),
        },
    )


@cached_page(tags=LATEST)
def interpretations(request):
    qs = selectors.interpretations()
    return page(
        request,
        "portal/gk/interpretations.html",
        {"page_obj": _page_of(request, qs if qs is not None else [])},
    )


@cached_page
def sitemap_page(request):
    """The HTML site map (网站地图)."""
    return page(
        request,
        "portal/sitemap.html",
        {
            "domains": list(Domain.objects.active()),
            "units": list(Unit.objects.public().order_by("tree_id", "lft")),
        },
    )


@cached_page
def contact(request):
    return page(request, "portal/contact.html", {})


def feeds_page(request):
    return render(request, "portal/feeds.html", {"domains": list(Domain.objects.active())})
