"""API lists that do not grow with the data (issue 17): bounded counts, exact "next" links, the obligations'
indexed default order, lists built from plain rows that match the detail serializers, and large CSV exports
streamed with a pointer to the open-data dump."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import services as pub_services
from publishing.models import Obligation, Publication

pytestmark = pytest.mark.django_db

PUBLICATIONS = "/api/v1/publications/"
OBLIGATIONS = "/api/v1/obligations/"


def publish(officer, reviewer, unit, title, obligations=(), formed_on=date(2025, 10, 1), attach=False):
    pub = pub_services.create_publication(
        user=officer,
        unit=unit,
        title=title,
        body="<p>正文</p>",
        formed_on=formed_on,
        obligations=list(obligations),
    )
    if attach:
        upload = SimpleUploadedFile("名单.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
        pub_services.add_attachment(user=officer, publication=pub, upload=upload)
    pub_services.submit(user=officer, publication=pub)
    pub_services.approve(user=reviewer, publication=pub)
    return pub_services.publish(user=officer, publication=pub)


@pytest.fixture
def many(d, people, catalog, obligations, pubs):
    """Six published records of 卖鱼桥社区 (c11), the newest with an attachment, plus the fixture's one."""
    item = catalog["first"].code
    duty = obligations[("D-S1-1", item)]
    made = [
        publish(
            people["c11_officer"], people["c11_reviewer"], d["c11"], f"公示{i}", [duty], date(2025, 10, i + 1)
        )
        for i in range(5)
    ]
    made.append(
        publish(
            people["c11_officer"],
            people["c11_reviewer"],
            d["c11"],
            "附件公示",
            [duty],
            date(2025, 11, 1),
            True,
        )
    )
    return made


def normal(data):
    """JSON as a client reads it."""
    return json.loads(json.dumps(data, default=str))


# -- counts and pages ------------------------------------------------------------------------------------------
def test_count_is_exact_up_to_the_limit(client, many, settings):
    settings.API_COUNT_LIMIT = 100
    response = client.get(PUBLICATIONS)
    body = response.json()
    assert body["count"] == Publication.objects.published().count() == 7
    assert body["count_exact"] is True and response["X-Total-Count-Exact"] == "true"


def test_past_the_limit_the_count_is_flagged_and_next_comes_from_the_page(client, many, settings):
    settings.API_COUNT_LIMIT = 3  # 7 published records: the count is not taken exactly
    first = client.get(PUBLICATIONS, {"page_size": 3})
    body = first.json()
    assert body["count_exact"] is False and first["X-Total-Count-Exact"] == "false"
    assert body["count"] >= 4 and first["X-Total-Count"] == str(body["count"])
    assert len(body["results"]) == 3 and "page=2" in body["next"] and 'rel="next"' in first["Link"]
    last = client.get(PUBLICATIONS, {"page_size": 3, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    assert client.get(PUBLICATIONS, {"page_size": 3, "page": 4}).status_code == 404
    assert client.get(PUBLICATIONS, {"page_size": 3, "page": 0}).status_code == 404
    seen = [
        r["id"]
        for p in (1, 2, 3)
        for r in client.get(PUBLICATIONS, {"page_size": 3, "page": p}).json()["results"]
    ]
    assert sorted(seen) == sorted(Publication.objects.published().values_list("id", flat=True))


def test_the_count_rides_in_the_page_query_and_never_reads_past_the_limit(client, many, settings):
    settings.API_COUNT_LIMIT = 3
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PUBLICATIONS).json()["count_exact"] is False
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 4" in counts[0], counts
    assert '"index_number"' in counts[0]  # one round trip: the page's rows carry the count


def test_an_empty_list_is_counted_without_a_count_query(client, many):
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(PUBLICATIONS, {"search": "没有这样的标题"}).json()
    assert body["count"] == 0 and body["count_exact"] is True and body["results"] == []
    assert len(ctx.captured_queries) == 1


def test_filters_and_search_still_apply(client, many, settings):
    settings.API_COUNT_LIMIT = 3
    body = client.get(PUBLICATIONS, {"search": "附件公示"}).json()
    assert (
        [r["title"] for r in body["results"]] == ["附件公示"] and body["count"] == 1 and body["count_exact"]
    )
    assert client.get(PUBLICATIONS, {"year": "99999"}).status_code == 400  # the bounded IntegerFilter
    assert client.get(OBLIGATIONS, {"deadline_status": "nonsense"}).status_code == 400


# -- rows match the serializers --------------------------------------------------------------------------------
def test_publication_rows_equal_the_detail(client, many):
    listed = client.get(PUBLICATIONS, {"page_size": 100}).json()["results"]
    assert (
        len(listed) == 7 and any(r["attachments"] for r in listed) and all(r["obligations"] for r in listed)
    )
    for row in listed:
        assert row == normal(client.get(f"{PUBLICATIONS}{row['id']}/").json())


def test_obligation_rows_equal_the_detail(client, many):
    listed = client.get(OBLIGATIONS, {"page_size": 100}).json()["results"]
    assert len(listed) == Obligation.objects.count()
    assert any(r["published_count"] == 7 for r in listed) and any(r["time_limit_description"] for r in listed)
    for row in listed:
        assert row == normal(client.get(f"{OBLIGATIONS}{row['id']}/").json())


def test_publication_list_runs_the_same_queries_for_any_page_size(client, many):
    def queries(size):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(PUBLICATIONS, {"page_size": size}).json()["results"]) == size
        return len(ctx.captured_queries)

    assert queries(1) == queries(7)


# -- order ------------------------------------------------------------------------------------------------------
def test_obligations_default_order_reads_the_unit_item_index(client, many):
    with CaptureQueriesContext(connection) as ctx:
        listed = client.get(OBLIGATIONS, {"page_size": 100}).json()["results"]
    expected = list(Obligation.objects.order_by("unit_id", "item_id").values_list("id", flat=True))
    assert [r["id"] for r in listed] == expected
    page_sql = next(q["sql"] for q in ctx.captured_queries if '"unit__code"' in q["sql"])
    order = page_sql.rsplit("ORDER BY", 1)[1]
    assert '"unit_id"' in order and '"item_id"' in order and "tree_id" not in order and "lft" not in order


def test_obligations_ordering_parameter_still_applies(client, many):
    listed = client.get(OBLIGATIONS, {"ordering": "-id", "page_size": 100}).json()["results"]
    ids = [r["id"] for r in listed]
    assert ids == sorted(ids, reverse=True)


# -- CSV -------------------------------------------------------------------------------------------------------
def csv_rows(data: bytes):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_small_csv_page_is_one_response(client, many):
    response = client.get(PUBLICATIONS, {"format": "csv", "page_size": 2})
    assert not response.streaming and response["Content-Type"].startswith("text/csv")
    assert len(csv_rows(response.content)) == 2
    assert (
        'rel="next"' in response["Link"] and '/api/opendata/latest.zip>; rel="alternate"' in response["Link"]
    )


def test_large_csv_export_is_streamed_past_the_json_page_limit(client, many, settings, monkeypatch):
    from core import api

    monkeypatch.setattr(api, "CSV_CHUNK", 2)  # several chunks from the database cursor
    response = client.get(PUBLICATIONS, {"format": "csv", "page_size": 600})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert response["X-Total-Count"] == "7" and 'rel="next"' not in response["Link"]
    assert "/api/opendata/latest.zip" in response["Link"]
    rows = csv_rows(b"".join(response.streaming_content))
    assert len(rows) == 7 and {r["title"] for r in rows} >= {"附件公示", "卖鱼桥社区低保公示"}
    assert (
        json.loads(next(r for r in rows if r["title"] == "附件公示")["attachments"])[0]["name"] == "名单.pdf"
    )
    json_rows = client.get(PUBLICATIONS, {"page_size": 100}).json()["results"]
    assert [r["id"] for r in rows] == [str(r["id"]) for r in json_rows]


def test_csv_page_past_the_end_is_404(client, many):
    assert client.get(PUBLICATIONS, {"format": "csv", "page_size": 600, "page": 2}).status_code == 404


def test_unit_and_service_point_rows_equal_the_detail(client, d, points):
    units = client.get("/api/v1/units/", {"page_size": 100}).json()["results"]
    assert (
        len(units) >= 5
        and any(u["parent_code"] for u in units)
        and any(u["parent_code"] is None for u in units)
    )
    for row in units:
        assert row == normal(client.get(f"/api/v1/units/{row['code']}/").json())
    listed = client.get("/api/v1/service-points/").json()["results"]
    assert {p["name"] for p in listed} == {"卖鱼桥查阅点", "小河便民服务站"}
    for row in listed:
        assert row == normal(client.get(f"/api/v1/service-points/{row['id']}/").json())


def test_units_are_listed_in_tree_order(client, d):
    from organizations.models import Unit

    codes = [u["code"] for u in client.get("/api/v1/units/", {"page_size": 100}).json()["results"]]
    assert codes == list(Unit.objects.active().order_by("tree_id", "lft").values_list("code", flat=True))


def test_pages_past_an_estimated_count_are_bounded(client, many, settings):
    settings.API_COUNT_LIMIT = 3
    response = client.get(PUBLICATIONS, {"page": 10**20})
    assert response.status_code == 404 and "缩小范围" in response.json()["detail"]
    settings.API_COUNT_LIMIT = 100
    assert client.get(PUBLICATIONS, {"page": 10**20}).status_code == 404


# -- throttles -------------------------------------------------------------------------------------------------
def test_anonymous_clients_are_counted_once_by_the_anon_rate(client, d, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "3/min",
            "user": "1/min",
        },
    }
    codes = [client.get("/api/v1/units/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_catalog_item_rows_equal_the_detail(client, catalog):
    listed = client.get("/api/v1/catalog/items/").json()["results"]
    assert len(listed) == 2 and any(r["channels"] for r in listed) and any(r["bases"] == [] for r in listed)
    for row in listed:
        assert row == normal(client.get(f"/api/v1/catalog/items/{row['code']}/").json())


# -- filters ---------------------------------------------------------------------------------------------------
def test_filters_named_by_range_suffixes_apply_and_other_parameters_do_not_build_a_form(
    client, many, monkeypatch
):
    from core import filters
    from publishing.filters import PublicationFilter

    names = filters.param_names(PublicationFilter)
    assert {"formed_on_after", "formed_on_before", "published_after", "year", "unit"} <= names
    body = client.get(PUBLICATIONS, {"formed_on_after": "2025-11-01", "_nc": "1"}).json()
    assert [r["title"] for r in body["results"]] == ["附件公示"]
    assert client.get(PUBLICATIONS, {"formed_on_before": "not a date"}).status_code == 400

    def no_form(*args, **kwargs):
        raise AssertionError("a FilterSet was built for a request naming no filter")

    monkeypatch.setattr(PublicationFilter, "__init__", no_form)
    assert client.get(PUBLICATIONS, {"_nc": "2", "page_size": 2}).status_code == 200


def test_a_filter_that_can_match_nothing_is_an_empty_page(client, many):
    body = client.get(PUBLICATIONS, {"within": "NO-SUCH-UNIT"}).json()
    assert body["count"] == 0 and body["results"] == [] and body["count_exact"] is True


# -- orderings computed per row --------------------------------------------------------------------------------
def test_ordering_by_a_computed_figure_needs_a_filtered_list_within_the_count_limit(
    client, many, d, settings
):
    """published_count / last_published_at are correlated subqueries: sorting by them computes them for every
    row. Allowed on a list filtered to at most API_COUNT_LIMIT rows; past it a 400 says how to narrow it."""
    total = Obligation.objects.count()
    settings.API_COUNT_LIMIT = total - 1
    refused = client.get(OBLIGATIONS, {"ordering": "-published_count"})
    assert refused.status_code == 400 and "筛选" in refused.json()["ordering"][0]
    assert client.get(OBLIGATIONS, {"ordering": "id,-last_published_at"}).status_code == 400
    assert client.get(OBLIGATIONS, {"ordering": "-next_due"}).status_code == 200  # a stored column: no bound

    narrowed = client.get(OBLIGATIONS, {"ordering": "-published_count", "unit": d["c11"].code})
    assert narrowed.status_code == 200
    counts = [r["published_count"] for r in narrowed.json()["results"]]
    assert counts == sorted(counts, reverse=True) and counts[0] == 7

    settings.API_COUNT_LIMIT = total
    whole = client.get(OBLIGATIONS, {"ordering": "-published_count", "page_size": 100}).json()["results"]
    assert len(whole) == total and whole[0]["published_count"] == 7

    settings.API_COUNT_LIMIT = 3  # 7 published records
    assert client.get(PUBLICATIONS, {"ordering": "title"}).status_code == 400
    assert client.get(PUBLICATIONS, {"ordering": "-published_at"}).status_code == 200
    titles = [
        r["title"]
        for r in client.get(PUBLICATIONS, {"ordering": "title", "formed_on_after": "2025-10-05"}).json()[
            "results"
        ]
    ]
    assert titles == ["公示4", "附件公示"]
