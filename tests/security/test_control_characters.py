"""Control characters at the edge (issue 28, 1): a NUL in the path, the query string or a form field was a 500
on PostgreSQL ("A string literal cannot contain NUL") in 86 public and 16 staff requests. One rule in
core.middleware refuses them all with 400 before any view runs.

SQLite stores a NUL without complaint, so these tests do not rely on the database failing: a test-only
middleware at the end of the chain fails the test if a control character ever reaches a view.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from core.middleware import CONTROL_CHARACTERS, ControlCharacterMiddleware
from tests.factories import UserFactory, district

pytestmark = pytest.mark.django_db

#: every refused character: U+0000–U+001F except \t \n \r, and U+007F
REFUSED = sorted(CONTROL_CHARACTERS)
#: values tried for each URL argument until the route reverses (regex routes name their own shapes)
SAMPLES = ["1", "2024", "D-EDU", "x", "ABCD1234", "pdf", "json", "csv", "district", "foi", "2026-01"]


def _controls(value) -> bool:
    return any(ch in CONTROL_CHARACTERS for ch in str(value))


class ViewGuard:
    """Test-only, last in the chain: a control character must never get this far."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        seen = [request.path_info, *args, *kwargs.values()]
        for source in (request.GET, request.POST):
            for key, values in source.lists():
                seen += [key, *values]
        bad = [value for value in seen if _controls(value)]
        assert not bad, f"a control character reached the view of {request.path!r}: {bad!r}"


@pytest.fixture
def guarded(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.security.test_control_characters.ViewGuard"]


def _routes(patterns=None, namespace=""):
    """(name, argument names) of every named route of the URLconf, admin and API included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace and namespace else entry.namespace
            yield from _routes(entry.url_patterns, inner or namespace)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            regex = entry.pattern.regex
            named = tuple(regex.groupindex)
            # a route of positional groups only (django-simple-history's) reverses with args: "#0", "#1" …
            yield name, named or tuple(f"#{i}" for i in range(regex.groups))


def _reverse(name: str, kwargs: dict) -> str:
    if any(key.startswith("#") for key in kwargs):
        return reverse(name, args=list(kwargs.values()))
    return reverse(name, kwargs=kwargs)


def _sample_path(name: str, args: tuple[str, ...], poison: str | None = None) -> str | None:
    """The route's path with sample arguments; with ``poison``, one argument carries that character."""
    for values in itertools.product(SAMPLES, repeat=len(args)):
        kwargs = dict(zip(args, values, strict=True))
        if poison is not None:
            for arg in args:  # the first argument that accepts the character (str/slug/[^/.]+ routes)
                try:
                    return _reverse(name, {**kwargs, arg: f"a{poison}b"})
                except NoReverseMatch:
                    continue
            return None
        try:
            return _reverse(name, kwargs)
        except NoReverseMatch:
            continue
    return None


def _all_paths():
    paths, poisoned = set(), set()
    for i, (name, args) in enumerate(sorted(set(_routes()))):
        path = _sample_path(name, args)
        assert path is not None, f"no sample arguments reverse {name} {args}"
        paths.add(path)
        if args:
            bad = _sample_path(name, args, poison="\x00" if i % 2 else REFUSED[i % len(REFUSED)])
            if bad is not None:
                poisoned.add(bad)
    return sorted(paths), sorted(poisoned)


def test_the_url_conf_is_enumerated():
    paths, poisoned = _all_paths()
    assert len(paths) > 150  # the admin, the API and every public page
    for expected in ("/search/", "/foi/apply/", "/channels/subscribe/", "/workspace/", "/api/v1/units/"):
        assert expected in paths
    for prefix in ("/units/a%", "/items/a%", "/publications/a%", "/api/v1/units/a%", "/admin/foi/"):
        assert any(p.startswith(prefix) for p in poisoned), prefix


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_no_route_lets_a_control_character_through(client, guarded, who):
    if who == "staff":
        client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    district()
    paths, poisoned = _all_paths()
    failures = []
    for i, path in enumerate(paths):
        other = REFUSED[i % len(REFUSED)]
        probes = [
            ("get", f"{path}?q=%00"),
            ("get", f"{path}?within=a%{ord(other):02X}b"),
            ("post", path, {"description": f"x{other}y"}),
        ]
        for method, url, *data in probes:
            response = getattr(client, method)(url, *data)
            if response.status_code != 400:
                failures.append((method, url, response.status_code))
    for path in poisoned:
        response = client.get(path)
        if response.status_code != 400:
            failures.append(("get", path, response.status_code))
    assert not failures, failures[:20]


def test_the_public_forms_refuse_control_characters(client, guarded):
    units = district()
    forms = {
        "/foi/apply/": {
            "unit": units["dept"].pk,
            "applicant_type": "natural",
            "name": "张\x00三",
            "id_type": "id_card",
            "id_number": "330105199001011233",
            "phone": "13800000000",
            "description": "请公开2024年预算",
            "form": "electronic",
            "delivery": "online",
        },
        "/foi/status/": {"code": "ABCD\x00", "secret": "x"},
        "/participation/rate/": {"target_kind": "unit", "target_code": "D-EDU", "value": "good\x00"},
        "/participation/correction/": {"kind": "wrong", "description": "错\x1b字", "page_url": "/"},
        "/channels/subscribe/": {"email": "a@example.com", "item": "\x00"},
        "/admin/login/": {"username": "root\x00", "password": "x"},
    }
    for url, data in forms.items():
        for char in ("\x00", "\x08", "\x7f"):
            poisoned = {k: v.replace("\x00", char) if isinstance(v, str) else v for k, v in data.items()}
            assert client.post(url, poisoned).status_code == 400, (url, repr(char))


@pytest.mark.parametrize(
    "url",
    ["/search/?q=%00", "/units/a%00b/", "/items/%00/", "/publications/%00/", "/gk/catalog/?field=%00",
     "/foi/helper/?q=%00", "/api/v1/units/%00/", "/units/D-EDU/feed/?q=%00"],
)  # fmt: skip
def test_the_probe_s_requests_are_refused(client, guarded, url):
    district()
    assert client.get(url).status_code == 400


def test_tab_newline_and_carriage_return_pass(client, guarded):
    district()
    assert client.get("/search/?q=%E4%BD%8E%09%E4%BF%9D%0D%0A").status_code == 200
    response = client.post("/participation/correction/", {"kind": "", "description": "第一行\r\n第二行\t"})
    assert response.status_code == 200  # the form's own errors (no kind), not refused


# -- the middleware on its own --------------------------------------------------------------------------------
def _through(request):
    reached = []

    def view(req):
        reached.append(req)
        return HttpResponse("ok")

    return ControlCharacterMiddleware(view)(request), reached


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_every_refused_character_in_every_place(char):
    factory = RequestFactory()
    requests = [
        factory.get(f"/units/a{char}b/"),
        factory.get("/search/", {"q": f"a{char}b"}),
        factory.get("/search/", {f"q{char}": "a"}),
        factory.post("/foi/apply/", {"name": f"a{char}b"}),
        factory.post(
            "/foi/apply/", urlencode({"name": f"a{char}b"}), content_type="application/x-www-form-urlencoded"
        ),
    ]
    for request in requests:
        response, reached = _through(request)
        assert response.status_code == 400
        assert not reached


def test_allowed_characters_and_other_bodies_pass():
    factory = RequestFactory()
    for request in (
        factory.get("/search/", {"q": "低保\t\r\n"}),
        factory.post("/foi/apply/", {"description": "第一行\r\n第二行"}),
        factory.post("/api/v1/publications/", b'{"title": "\\u0000"}', content_type="application/json"),
    ):
        response, reached = _through(request)
        assert response.status_code == 200 and reached


def test_the_refused_set_is_exactly_c0_without_whitespace_and_del():
    assert set(REFUSED) == {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}
    assert not re.search(r"[\t\n\r]", "".join(REFUSED))
