"""The assessment read API (/api/v1/assessment/…): closed rounds only, public figures only, filters, CSV."""

import csv
import io

import pytest

from assessment.models import IndicatorScore, Round, RoundStatus, UnitResult

pytestmark = pytest.mark.django_db

ROUNDS, RESULTS, SCORES = (
    "/api/v1/assessment/rounds/",
    "/api/v1/assessment/results/",
    "/api/v1/assessment/scores/",
)
INTERNAL = ("计算说明（内部）", "差评：佐证（内部）", "评估人员意见（内部）", "评分中", "office")


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_closed_rounds_are_listed_open_rounds_are_not(client, assessment_data):
    listed = results(client.get(ROUNDS))
    assert [r["name"] for r in listed] == ["2025年第三季度", "2024年度"]
    q3 = listed[0]
    assert q3["kind"] == "quarterly" and q3["year"] == 2025 and q3["participants"] == 2
    assert q3["max_points"] == "100.00" and q3["closed_at"]
    assert "closed_by" not in q3 and "snapshot" not in q3 and "opened_by" not in q3


def test_round_detail_with_top_indicators_and_open_round_is_404(client, assessment_data):
    detail = client.get(f"{ROUNDS}{assessment_data['q3'].pk}/")
    assert detail.status_code == 200
    assert [i["code"] for i in detail.json()["indicators"]] == ["1", "2"]
    assert client.get(f"{ROUNDS}{assessment_data['open'].pk}/").status_code == 404
    assert client.get(f"{ROUNDS}999999/").status_code == 404


def test_unit_totals_and_ranks_of_closed_rounds_only(client, assessment_data):
    listed = results(client.get(RESULTS))
    assert {r["round_name"] for r in listed} == {"2025年第三季度", "2024年度"}
    assert len(listed) == 4
    q3 = results(client.get(RESULTS, {"round": assessment_data["q3"].pk}))
    assert [(r["unit_code"], r["total"], r["rank"]) for r in q3] == [
        ("D-S1", "88.50", 1),
        ("D-S2", "70.00", 2),
    ]
    assert "by_domain" not in q3[0]
    assert results(client.get(RESULTS, {"round": assessment_data["open"].pk})) == []
    hidden = UnitResult.objects.filter(round=assessment_data["open"]).first()
    assert client.get(f"{RESULTS}{hidden.pk}/").status_code == 404
    shown = UnitResult.objects.filter(round=assessment_data["q3"]).first()
    assert client.get(f"{RESULTS}{shown.pk}/").json()["unit_code"] == shown.unit.code


def test_result_filters_year_kind_unit_within_and_ordering(client, assessment_data):
    assert {r["year"] for r in results(client.get(RESULTS, {"year": 2024}))} == {2024}
    assert {r["kind"] for r in results(client.get(RESULTS, {"kind": "yearly"}))} == {"yearly"}
    assert {r["unit_code"] for r in results(client.get(RESULTS, {"unit": "D-S2"}))} == {"D-S2"}
    assert {r["unit_code"] for r in results(client.get(RESULTS, {"within": "D-S1"}))} == {"D-S1"}
    totals = [r["total"] for r in results(client.get(RESULTS, {"ordering": "-total"}))]
    assert totals == sorted(totals, key=float, reverse=True)
    assert results(client.get(RESULTS, {"search": "小河"}))
    assert [r["name"] for r in results(client.get(ROUNDS, {"year": 2024}))] == ["2024年度"]
    assert [r["name"] for r in results(client.get(ROUNDS, {"kind": "quarterly"}))] == ["2025年第三季度"]
    assert len(results(client.get(ROUNDS, {"unit": "D-S1"}))) == 2
    assert results(client.get(ROUNDS, {"unit": "D-S1-1"})) == []


@pytest.mark.parametrize(
    "path, params",
    [
        (ROUNDS, {"year": "二〇二五"}),
        (ROUNDS, {"year": "99999999999999999999"}),
        (ROUNDS, {"kind": "weekly"}),
        (RESULTS, {"round": "abc"}),
        (RESULTS, {"round": "1e400"}),
        (RESULTS, {"year": "2025.5"}),
        (SCORES, {"kind": "weekly"}),
        (ROUNDS, {"period_end_after": "2025-13-01"}),
    ],
)
def test_invalid_filters_are_clear_400s(client, assessment_data, path, params):
    response = client.get(path, params)
    assert response.status_code == 400, response.content
    assert set(response.json()) <= set(params) | {"period_end"}


def test_per_indicator_scores_without_evidence_or_assessors(client, assessment_data):
    listed = results(client.get(SCORES, {"round": assessment_data["q3"].pk, "unit": "D-S1"}))
    assert [(s["indicator_code"], s["parent_code"], s["level"]) for s in listed] == [
        ("1", None, 0),
        ("1.1", "1", 1),
        ("2", None, 0),
    ]
    assert listed[0]["score"] == "53.10" and listed[0]["max_points"] == "60.00"
    assert [
        s["indicator_code"]
        for s in results(
            client.get(SCORES, {"round": assessment_data["q3"].pk, "unit": "D-S1", "top_level": "true"})
        )
    ] == ["1", "2"]
    assert {s["round"] for s in results(client.get(SCORES, {"page_size": 500}))} == {
        assessment_data["q3"].pk,
        assessment_data["y2024"].pk,
    }
    hidden = IndicatorScore.objects.filter(round=assessment_data["open"]).first()
    assert client.get(f"{SCORES}{hidden.pk}/").status_code == 404


def test_nothing_internal_is_exposed(client, assessment_data):
    for path in (ROUNDS, RESULTS, SCORES, f"{ROUNDS}{assessment_data['q3'].pk}/"):
        for fmt in ("json", "csv"):
            body = client.get(path, {"format": fmt, "page_size": 500}).content.decode()
            for secret in INTERNAL:
                assert secret not in body, (path, fmt, secret)


def test_csv_of_rounds_results_and_scores(client, assessment_data):
    q3 = assessment_data["q3"].pk
    result_rows = rows(client.get(RESULTS, {"format": "csv", "round": q3}))
    assert [(r["unit_name"], r["total"], r["rank"]) for r in result_rows] == [
        ("湖墅街道", "88.50", "1"),
        ("小河街道", "70.00", "2"),
    ]
    assert rows(client.get(ROUNDS, {"format": "csv"}))[0]["name"] == "2025年第三季度"
    score_rows = rows(client.get(SCORES, {"format": "csv", "round": q3}))
    assert len(score_rows) == 6 and {"indicator_code", "score", "max_points"} <= set(score_rows[0])
    empty = client.get(RESULTS, {"format": "csv", "round": assessment_data["open"].pk}).content.decode()
    assert empty.lstrip("\ufeff").splitlines()[0].startswith("id,round,round_name")  # the header, no rows


def test_reads_only(client, auth, assessment_data):
    for c in (client, auth()):
        assert c.post(RESULTS, {"unit": "D-S1", "total": 100}, format="json").status_code in (401, 403, 405)
        assert c.delete(f"{ROUNDS}{assessment_data['q3'].pk}/").status_code in (401, 403, 405)
    assert Round.objects.filter(status=RoundStatus.CLOSED).count() == 2
    assert UnitResult.objects.count() == 6


def test_assessment_lists_run_a_fixed_number_of_queries(
    client, assessment_data, django_assert_max_num_queries
):
    for path in (ROUNDS, RESULTS, SCORES):
        with django_assert_max_num_queries(3):
            client.get(path)


def test_assessment_routes_are_in_the_schema_and_the_root(client, db):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in (ROUNDS, RESULTS, SCORES, "/api/v1/assessment/rounds/{id}/"):
        assert path in paths
    root = client.get("/api/v1/").json()
    assert {"assessment/rounds", "assessment/results", "assessment/scores"} <= set(root)


def test_assessment_staff_also_read_open_rounds_marked_provisional(client, assessment_data):
    from organizations.models import Role
    from tests.factories import member

    anonymous = {r["name"]: r for r in results(client.get(ROUNDS))}
    assert all(not r["provisional"] for r in anonymous.values())
    open_round = assessment_data["open"]
    client.force_login(member(Role.AUDITOR, open_round.units.first().get_root(), "auditor_api"))
    listed = {r["id"]: r for r in results(client.get(ROUNDS))}
    assert listed[open_round.pk]["provisional"] is True and "as_of" in listed[open_round.pk]
    assert all(r["provisional"] is False for pk, r in listed.items() if pk != open_round.pk)
    assert client.get(f"{ROUNDS}{open_round.pk}/").json()["provisional"] is True
    rows_of_open = results(client.get(RESULTS, {"round": open_round.pk}))
    assert rows_of_open and all(r["round_name"] == open_round.name for r in rows_of_open)
