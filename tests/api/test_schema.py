"""The OpenAPI schema, the docs (vendored assets only), the rate limit, and a property-based run of every list
endpoint's query parameters, generated from the schema, that must never produce a server error."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = schema["paths"]
    for path in (
        "/api/v1/fields/",
        "/api/v1/catalog/items/",
        "/api/v1/units/",
        "/api/v1/service-points/",
        "/api/v1/obligations/",
        "/api/v1/publications/",
        "/api/v1/publications/{id}/submit/",
        "/api/v1/publications/{id}/attachments/",
        "/api/opendata/latest.zip",
        "/api/v1/assessment/rounds/",
        "/api/v1/assessment/results/",
        "/api/v1/assessment/scores/",
        "/api/v1/consultations/",
        "/api/v1/consultations/{id}/",
        "/api/v1/consultations/comments/",
        "/api/v1/consultations/feedback/",
        "/api/v1/interaction/answers/",
        "/api/v1/interaction/stats/",
        "/api/v1/interaction/stats/{month}/",
    ):
        assert path in paths
    assert "unitToken" in schema["components"]["securitySchemes"]
    assert {"post"} <= set(paths["/api/v1/publications/"]) and "patch" in paths["/api/v1/publications/{id}/"]
    params = {p["name"] for p in paths["/api/v1/publications/"]["get"]["parameters"]}
    assert {"page", "page_size", "search", "ordering", "unit", "formed_on_after", "status"} <= params


def test_schema_generates_without_warnings_and_documents_the_foi_endpoints(db):
    """``check --deploy`` runs the schema generator (ENABLE_DJANGO_DEPLOY_CHECK): it must stay free of warnings,
    and the request-status lookup and the annual-report endpoints must be described, not skipped."""
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, (
        GENERATOR_STATS._warn_cache,
        GENERATOR_STATS._error_cache,
    )
    status = schema["paths"]["/api/v1/foi/status/"]["post"]
    assert status["requestBody"] and "200" in status["responses"]
    assert "/api/v1/foi/reports/{year}/{scope}/" in schema["paths"]
    # 征求意见's comments are documented without any personal or moderation field (issue 24)
    comment = set(schema["components"]["schemas"]["Comment"]["properties"])
    assert comment and not comment & {"name", "contact", "entered_by", "reports", "visibility"}
    assert not [path for path in schema["paths"] if "opinion" in path]  # the 舆情 ledger has no API
    call_command("check", "--deploy", "--fail-level", "ERROR")


def test_schema_yaml_is_served(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"openapi:" in response.content


def test_docs_use_only_local_vendored_assets(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert refs, html[:500]
    for ref in refs:
        assert not re.match(r"^(https?:)?//", ref), f"external asset {ref}"
        if ref.startswith("/static/"):
            assert finders.find(ref.removeprefix("/static/")), f"missing vendored asset {ref}"
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    assert any(ref.startswith("/static/drf_spectacular_sidecar/") for ref in refs)


def test_anonymous_clients_are_rate_limited(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "1000/min"},
    }
    statuses = [client.get("/api/v1/units/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/units/")
    assert response.status_code == 429 and "Retry-After" in response
    assert "限" in response.json()["detail"] or "throttled" in response.json()["detail"].lower()


def test_token_clients_are_not_held_to_the_anonymous_rate(auth, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "1000/min"},
    }
    client = auth()
    assert [client.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 200]


def test_default_rate_limit_is_configured():
    from django.conf import settings

    rest = settings.REST_FRAMEWORK
    assert "core.throttling.AnonThrottle" in rest["DEFAULT_THROTTLE_CLASSES"]
    assert rest["DEFAULT_THROTTLE_RATES"]["anon"]


# -- property-based: every GET list endpoint, parameters drawn from the schema ------------------------------------
def _list_operations():
    schema = SchemaGenerator(urlconf="tests.api.urls").get_schema(request=None, public=True)
    found = []
    for path, operations in sorted(schema["paths"].items()):
        get = operations.get("get")
        if get is None or "{" in path or not path.startswith("/api/v1/"):
            continue
        params = [p for p in get.get("parameters", []) if p.get("in") == "query"]
        found.append((path, params))
    return found


LIST_OPERATIONS = _list_operations()
ANY_TEXT = st.text(max_size=24)


def _value_strategy(param):
    schema = param.get("schema", {})
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if "enum" in schema:
        valid = st.sampled_from([str(v) for v in schema["enum"]])
    elif schema.get("type") == "integer":
        valid = st.integers(min_value=-5, max_value=10**7).map(str)
    elif schema.get("type") == "number":
        valid = st.floats(allow_nan=True, allow_infinity=True).map(str)
    elif schema.get("type") == "boolean":
        valid = st.sampled_from(["true", "false", "True", "1", "0"])
    elif schema.get("format") == "date":
        valid = st.dates().map(lambda d: d.isoformat())
    elif schema.get("format") == "date-time":
        valid = st.datetimes().map(lambda d: d.isoformat())
    else:
        valid = ANY_TEXT
    return st.one_of(valid, ANY_TEXT)  # valid values, and anything at all


def _params_strategy(params):
    optional = {p["name"]: _value_strategy(p) for p in params}
    optional["format"] = st.sampled_from(["json", "csv", "api", "xml", ""])
    return st.fixed_dictionaries({}, optional=optional)


def test_every_list_endpoint_is_covered():
    assert {path for path, _ in LIST_OPERATIONS} >= {
        "/api/v1/fields/",
        "/api/v1/catalog/items/",
        "/api/v1/units/",
        "/api/v1/service-points/",
        "/api/v1/obligations/",
        "/api/v1/publications/",
        "/api/v1/assessment/rounds/",
        "/api/v1/assessment/results/",
        "/api/v1/assessment/scores/",
    }


@pytest.mark.parametrize("path, params", LIST_OPERATIONS, ids=[p for p, _ in LIST_OPERATIONS])
def test_list_endpoints_never_fail_with_a_server_error(
    path, params, pubs, points, token, assessment_data, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min"},
    }
    anonymous, with_token = APIClient(), APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    @hsettings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=_params_strategy(params), use_token=st.booleans())
    def run(query, use_token):
        response = (with_token if use_token else anonymous).get(path, query)
        assert response.status_code < 500, (path, query, response.content[:500])
        if response.status_code == 200 and query.get("format") == "csv":
            assert response["Content-Type"].startswith("text/csv")
        if not use_token and response.status_code == 200 and query.get("format") in (None, "json"):
            body = response.content.decode()
            assert "卖鱼桥社区草稿（内部）" not in body and "小河社区草稿" not in body

    run()
