"""The read API: every list and detail, filters, search, ordering, pagination, CSV; what anonymous clients see."""

import csv
import io

import pytest

from organizations.models import Membership

pytestmark = pytest.mark.django_db


def rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# -- fields ----------------------------------------------------------------------------------------------------
def test_fields_list_only_active_and_detail(client, domain):
    codes = [r["code"] for r in results(client.get("/api/v1/fields/"))]
    assert codes == ["compulsory-education"]
    detail = client.get("/api/v1/fields/compulsory-education/").json()
    assert detail["name"] == domain.name
    assert client.get("/api/v1/fields/no-such-field/").status_code == 404


def test_fields_filter_search_and_csv(client, domain):
    assert results(client.get("/api/v1/fields/", {"is_national": "true"}))
    assert results(client.get("/api/v1/fields/", {"search": domain.name[:2]}))
    assert not results(client.get("/api/v1/fields/", {"search": "不存在的领域"}))
    response = client.get("/api/v1/fields/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert rows(response)[0]["code"] == "compulsory-education"


# -- catalog -----------------------------------------------------------------------------------------------------
def test_catalog_items_are_the_approved_edition_with_standard_elements(client, catalog):
    items = results(client.get("/api/v1/catalog/items/"))
    names = [i["name"] for i in items]
    assert "低保救助公示" in names and "尚未批准的事项" not in names
    first = next(i for i in items if i["name"] == "低保救助公示")
    assert first["elements"] == ["要素一", "要素二"]
    assert first["basis_text"] == "《社会救助暂行办法》"
    assert first["time_limit_text"] == "信息形成或者变更之日起20个工作日内"
    assert first["time_limit_rule"]["amount"] == 20 and first["time_limit_description"]
    assert first["subject_text"] == "各社区居委会、各街道"
    assert first["channels_text"] == "■政府网站 □社区/企事业单位/村公示栏（电子屏）"
    assert [c["required"] for c in first["channels"]] == [True, False]
    assert first["audience"] == ["全社会"] and first["mode"] == ["主动"]
    assert first["tiers"] == ["street", "community"] and first["five_public"] == "result"
    assert first["edition"] == catalog["edition"].number


def test_catalog_item_detail_by_code(client, catalog):
    code = catalog["first"].code
    assert client.get(f"/api/v1/catalog/items/{code}/").json()["code"] == code
    assert client.get(f"/api/v1/catalog/items/{catalog['unapproved'].code}/").status_code == 404


def test_catalog_filters(client, catalog):
    def names(**params):
        return {i["name"] for i in results(client.get("/api/v1/catalog/items/", params))}

    assert names(tier="district") == {catalog["second"].name}
    assert names(tier="community") == {"低保救助公示"}
    assert names(five_public="service") == {catalog["second"].name}
    assert names(domain="compulsory-education", level=0) == {"低保救助公示", catalog["second"].name}
    assert names(domain="no-such") == set()
    assert names(q="低保") == {"低保救助公示"}
    assert names(search="低保") == {"低保救助公示"}
    assert client.get("/api/v1/catalog/items/", {"tier": "galaxy"}).status_code == 400


def test_catalog_csv_defuses_formulas(client, catalog):
    data = rows(client.get("/api/v1/catalog/items/", {"format": "csv"}))
    evil = next(r for r in data if "HYPERLINK" in r["name"])
    assert evil["name"].startswith("'=")
    good = next(r for r in data if r["name"] == "低保救助公示")
    assert good["elements"] == "要素一；要素二"
    assert good["channels_text"].startswith("■政府网站")


# -- units and service points ---------------------------------------------------------------------------------
def test_units_list_detail_filters_and_no_personal_data(client, d, people):
    d["c11"].contact_person = "张三"
    d["c11"].email = "zhangsan@example.com"
    d["c11"].phone = "0571-88888888"
    d["c11"].save()
    d["c12"].is_active = False
    d["c12"].save()
    codes = [u["code"] for u in results(client.get("/api/v1/units/"))]
    assert "D-S1-2" not in codes and codes[0] == "D"
    unit = client.get("/api/v1/units/D-S1-1/").json()
    assert unit["phone"] == "0571-88888888" and unit["parent_code"] == "D-S1"
    body = client.get("/api/v1/units/", {"format": "csv"}).content.decode()
    for secret in ("张三", "zhangsan@example.com", "c11_officer"):
        assert secret not in body
        assert secret not in client.get("/api/v1/units/D-S1-1/").content.decode()
    assert {u["code"] for u in results(client.get("/api/v1/units/", {"within": "D-S1"}))} == {
        "D-S1",
        "D-S1-1",
    }
    assert {u["code"] for u in results(client.get("/api/v1/units/", {"tier": "street"}))} == {"D-S1", "D-S2"}
    assert {u["code"] for u in results(client.get("/api/v1/units/", {"parent": "D-S2"}))} == {"D-S2-1"}
    assert Membership.objects.exists()


def test_service_points(client, points):
    listed = results(client.get("/api/v1/service-points/"))
    assert {p["name"] for p in listed} == {"卖鱼桥查阅点", "小河便民服务站"}  # the inactive one is hidden
    assert {p["name"] for p in results(client.get("/api/v1/service-points/", {"within": "D-S1"}))} == {
        "卖鱼桥查阅点"
    }
    assert {
        p["name"] for p in results(client.get("/api/v1/service-points/", {"kind": "convenience_station"}))
    } == {"小河便民服务站"}
    detail = client.get(f"/api/v1/service-points/{points[0].pk}/").json()
    assert detail["unit_code"] == "D-S1-1"
    assert client.get(f"/api/v1/service-points/{points[2].pk}/").status_code == 404
    assert rows(client.get("/api/v1/service-points/", {"format": "csv"}))[0]["kind"]


# -- obligations -------------------------------------------------------------------------------------------------
def test_obligations_with_status_and_filters(client, pubs, catalog):
    listed = results(client.get("/api/v1/obligations/", {"unit": "D-S1-1"}))
    assert len(listed) == 1
    entry = listed[0]
    assert entry["status"] == "active" and entry["item_name"] == "低保救助公示"
    assert entry["published_count"] == 1 and entry["last_published_at"]
    assert entry["time_limit_description"]
    assert {o["unit_code"] for o in results(client.get("/api/v1/obligations/", {"tier": "district"}))} == {
        "D-EDU"
    }
    assert results(client.get("/api/v1/obligations/", {"item": catalog["first"].code, "within": "D-S1"}))
    assert client.get(f"/api/v1/obligations/{entry['id']}/").json()["unit_code"] == "D-S1-1"
    csv_rows = rows(client.get("/api/v1/obligations/", {"format": "csv", "status": "active"}))
    assert {"unit_code", "status", "published_count"} <= set(csv_rows[0])
    assert "waived_by" not in csv_rows[0] and "reason" not in csv_rows[0]


def test_obligation_list_runs_a_fixed_number_of_queries(client, pubs, django_assert_max_num_queries):
    client.get("/api/v1/obligations/")  # loads the working-day calendar (once per process)
    # count + page + the deadline status of the page (publishing.deadlines: obligations, fulfilments)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/obligations/")


# -- publications -------------------------------------------------------------------------------------------------
def test_anonymous_sees_published_publications_only(client, pubs):
    listed = results(client.get("/api/v1/publications/"))
    assert [p["title"] for p in listed] == ["卖鱼桥社区低保公示"]
    assert client.get(f"/api/v1/publications/{pubs['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v1/publications/{pubs['other'].pk}/").status_code == 404
    for params in ({"status": "draft"}, {"status": "draft", "format": "csv"}, {"search": "草稿"}):
        body = client.get("/api/v1/publications/", params).content.decode()
        assert "卖鱼桥社区草稿（内部）" not in body and "小河社区草稿" not in body


def test_publications_never_carry_people(client, pubs, people):
    body = client.get("/api/v1/publications/").content.decode()
    detail = client.get(f"/api/v1/publications/{pubs['published'].pk}/").json()
    for forbidden in ("created_by", "actor", "events", "c11_officer", "c11_reviewer"):
        assert forbidden not in body
        assert forbidden not in detail
    assert "c11_officer" not in client.get("/api/v1/publications/", {"format": "csv"}).content.decode()


def test_publication_detail_filters_and_csv(client, pubs, catalog):
    pub = pubs["published"]
    detail = client.get(f"/api/v1/publications/{pub.pk}/").json()
    assert detail["index_number"] == pub.index_number and detail["status"] == "published"
    assert detail["obligations"][0]["item_code"] == catalog["first"].code

    def titles(**params):
        return [p["title"] for p in results(client.get("/api/v1/publications/", params))]

    assert titles(unit="D-S1-1") == [pub.title]
    assert titles(unit="D-S2-1") == []
    assert titles(within="D-S1") == [pub.title]
    assert titles(item=catalog["first"].code) == [pub.title]
    assert titles(domain="compulsory-education") == [pub.title]
    assert titles(formed_on_after="2025-09-01", formed_on_before="2025-09-30") == [pub.title]
    assert titles(formed_on_after="2025-10-01") == []
    assert titles(doc_number="卖社") == [pub.title]
    assert titles(search=pub.index_number) == [pub.title]
    assert titles(is_interpretation="true") == []
    assert client.get("/api/v1/publications/", {"formed_on_after": "not-a-date"}).status_code == 400
    data = rows(client.get("/api/v1/publications/", {"format": "csv"}))
    assert data[0]["index_number"] == pub.index_number


def test_token_client_also_sees_its_units_drafts(auth, pubs):
    titles = {p["title"] for p in results(auth().get("/api/v1/publications/"))}
    assert titles == {"卖鱼桥社区低保公示", "卖鱼桥社区草稿（内部）"}  # not 小河社区's draft


def test_publication_list_runs_a_fixed_number_of_queries(client, pubs, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/publications/")


# -- pagination and ordering --------------------------------------------------------------------------------------
def test_pagination_and_page_size_cap(client, d):
    response = client.get("/api/v1/units/", {"page_size": 2})
    body = response.json()
    assert body["count"] == 7 and len(body["results"]) == 2 and body["next"]
    assert response["X-Total-Count"] == "7" and 'rel="next"' in response["Link"]
    assert len(client.get("/api/v1/units/", {"page_size": 100000}).json()["results"]) == 7
    from core.api import Pagination

    assert Pagination.max_page_size == 500
    assert client.get("/api/v1/units/", {"page": 99}).status_code == 404


def test_ordering(client, d):
    codes = [u["code"] for u in results(client.get("/api/v1/units/", {"ordering": "-code"}))]
    assert codes == sorted(codes, reverse=True)
    # an unknown ordering field is ignored, not an error
    assert client.get("/api/v1/units/", {"ordering": "contact_person"}).status_code == 200


def test_api_root_lists_the_endpoints(client, db):
    root = client.get("/api/v1/").json()
    assert {"fields", "catalog/items", "units", "service-points", "obligations", "publications"} <= set(root)
