"""The permission matrix (issue 15, 9): every route of the URLconf, every admin model and every API route ×
every role. Routes are enumerated from the URLconf and the admin registry, so a new one cannot escape: an
unclassified route fails :func:`test_every_route_is_classified` until it is added to ``ROUTES`` below.

Properties checked for each cell: never a 500; anonymous visitors reach no staff page; nobody reaches another
unit's draft (its page, its attachment, its admin change page, the API); only the office and superusers reach
the account admin; read-only roles (supervisor, auditor) see no drafts; a role without the area's view right
gets no admin changelist.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db

PUBLIC, STAFF, FORM = "public", "staff", "form"
#: Every named route outside the admin and /api/v1/ (tested below from their registries): its kind.
ROUTES = {
    "healthz": PUBLIC,
    "attachment": PUBLIC,
    "sign_in": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "opendata-index": PUBLIC,
    "opendata-latest": PUBLIC,
    "set_language": FORM,
    "publishing:desk": STAFF,
    "login_alerts": STAFF,  # the office's accounts-under-attack page (organizations/logins.py)
    "foi:attachment": STAFF,  # applicants' attachments, to the request's handling officers only
    "publishing:workspace": STAFF,
    "publishing:landing": STAFF,
    "publishing:compose": STAFF,
    "publishing:edit": STAFF,
    "publishing:review": STAFF,
    "publishing:review_step": STAFF,
    "publishing:notices": STAFF,
    "publishing:open_notice": STAFF,
    "publishing:monitoring": STAFF,
    "publishing:responsibility": STAFF,
    "channels:board": PUBLIC,
    "channels:screen": PUBLIC,
    "channels:subscribe": PUBLIC,
    "channels:confirm": PUBLIC,
    "channels:unsubscribe": PUBLIC,
    "participation:rate": FORM,
    "participation:correction": PUBLIC,
    "participation:correction_status": PUBLIC,
    "participation:supervise": PUBLIC,
    "participation:reports": STAFF,
    "participation:new_report": STAFF,
    "assessment:rounds": PUBLIC,
    "assessment:round": PUBLIC,
    "assessment:unit": PUBLIC,
    "assessment:enter_score": STAFF,
    "assessment:bulletin": PUBLIC,
    "assessment:export": PUBLIC,
    "assessment:enter_tally": STAFF,
    "assessment:annual": PUBLIC,
    "assessment:annual_export": PUBLIC,
    "assessment:trend": PUBLIC,
    "assessment:desk": STAFF,
    "foi:index": PUBLIC,
    "foi:apply": PUBLIC,
    "foi:submitted": PUBLIC,
    "foi:helper": PUBLIC,
    "foi:status": PUBLIC,
    "foi:status_detail": PUBLIC,
    "foi:resend": PUBLIC,  # the password sent again to the contact on record (same answer whatever matched)
    "foi:correction": PUBLIC,  # POST only; the applicant whose code and password matched in this session
    "foi:released_file": PUBLIC,  # the same applicant only, once the reply is made
    "foi:letter": PUBLIC,
    "foi:reply": PUBLIC,  # a reply released to the public: its public version only, nothing of the applicant
    "foi:annual_reports": PUBLIC,
    "foi:annual_report": PUBLIC,
    "foi:annual_report_file": PUBLIC,
    "foi:workspace": STAFF,
    "foi:handling": STAFF,  # one request's handling page, to the units that may view it
    "foi:handling_step": STAFF,  # POST: one step of it, through foi.services
    # the 政务舆情回应 ledger (internal): the office and the entry's unit's officers only; another unit's is 404
    "opinion:ledger": STAFF,
    "opinion:add": STAFF,  # the office only
    "opinion:entry": STAFF,
    "opinion:step": STAFF,  # POST: one step, through opinion.services
    "opinion:evidence": STAFF,
    "opinion:report": STAFF,
    "opinion:report_xlsx": STAFF,
    "interaction:write": PUBLIC,  # 互动交流: the public form (rate-limited, CSRF)
    "interaction:status": PUBLIC,  # by tracking code
    "interaction:answers": PUBLIC,  # answers published with the asker's consent, no personal data
    "interaction:public_detail": PUBLIC,
    "interaction:stats": PUBLIC,
    # RSS / Atom of published answers (consented, scrubbed), all or per kind
    "interaction:answers_feed": PUBLIC,
    "interaction:answers_atom": PUBLIC,
    "interaction:answers_kind_feed": PUBLIC,
    "interaction:answers_kind_atom": PUBLIC,
    "interaction:inbox": STAFF,
    "interaction:rules": STAFF,
    "interaction:detail": STAFF,
    "interaction:step": STAFF,  # POST: assign or answer, through interaction.services
    # 征求意见: the list and a consultation's page (the form while open, rate-limited, CSRF; no personal data)
    "consultation:index": PUBLIC,
    "consultation:detail": PUBLIC,
    "consultation:feedback_docx": PUBLIC,  # the published feedback report as Word (404 before it is published)
    "consultation:report": PUBLIC,  # POST: report a comment (once per visitor, rate-limited)
    # RSS / Atom: open consultations per kind, published feedback reports (no comments, no commenters)
    "consultation:open_feed": PUBLIC,
    "consultation:open_atom": PUBLIC,
    "consultation:feedback_feed": PUBLIC,
    "consultation:feedback_atom": PUBLIC,
    "consultation:desk": STAFF,
    "consultation:new": STAFF,  # the office only
    "consultation:feedback_export": STAFF,  # the drafting unit's officers and the office (Word, anonymised)
    "consultation:manage": STAFF,  # the drafting unit's officers and the office; another unit's is 404
    "consultation:export": STAFF,  # xlsx of the comments, anonymised
    "consultation:decisions": PUBLIC,  # the year's decision list with each step as it happens
    "consultation:decision": PUBLIC,  # a decision's steps and its hearing's notice (no record file, no ID/phone)
    "consultation:decisions_desk": STAFF,  # list a decision (the office), record a step (the lead unit)
    "consultation:step": STAFF,  # POST: enter, moderate, answer, meeting, feedback through consultation.services
    "pilot:index": PUBLIC,  # 试点专题: the plan, targets with progress, milestones, closed problems only
    "pilot:plan": PUBLIC,
    "pilot:desk": STAFF,  # the tasks of the person's units (the office: all), problems
    "pilot:task": STAFF,  # progress and evidence: the lead and cooperating units and the office
    "pilot:problem": STAFF,  # POST: correction (the responsible unit), 销号 (the office)
    "pilot:report": STAFF,  # xlsx/docx reports: the office and auditors
    "pilot:package": STAFF,  # the 验收包 zip: the office and auditors
    "home": PUBLIC,
    "field": PUBLIC,
    "field_feed": PUBLIC,
    "field_atom": PUBLIC,
    "item": PUBLIC,
    "item_feed": PUBLIC,
    "item_atom": PUBLIC,
    "units": PUBLIC,
    "unit": PUBLIC,
    "unit_feed": PUBLIC,
    "unit_atom": PUBLIC,
    "publication": PUBLIC,
    "service_points": PUBLIC,
    "search": PUBLIC,
    "guide": PUBLIC,
    "gk": PUBLIC,
    "gk_guide": PUBLIC,
    "gk_rules": PUBLIC,
    "gk_statutory": PUBLIC,
    "gk_catalog": PUBLIC,
    "gk_catalog_feed": PUBLIC,
    "gk_policies": PUBLIC,
    "gk_interpretations": PUBLIC,
    "site_feed": PUBLIC,
    "site_atom": PUBLIC,
    "feeds": PUBLIC,
    "sitemap_html": PUBLIC,
    "contact": PUBLIC,
    "screen": PUBLIC,
    "qr": PUBLIC,
    "set_mode": PUBLIC,
    "set_interface_language": PUBLIC,
    "sitemap": PUBLIC,
    "sitemap-section": PUBLIC,
}
#: Routes that only exist with BENCH_ENDPOINTS (never in production) are not part of the matrix.
SKIP_PREFIXES = ("bench/",)
ROLES = [
    "anonymous",
    "officer_s1",
    "officer_s2",
    "reviewer_s1",
    "auditor",
    "supervisor",
    "office",
    "superuser",
]


def _walk(resolver, prefix="", namespace=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            pattern = prefix + str(p.pattern)
            if pattern in ("admin/", "api/v1/") or pattern.startswith(SKIP_PREFIXES):
                continue
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from _walk(p, pattern, ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace + (p.name or "")


def all_routes() -> list[tuple[str, str]]:
    return sorted(set(_walk(get_resolver())))


def test_every_route_is_classified():
    missing = [f"{pattern} ({name or 'unnamed'})" for pattern, name in all_routes() if name not in ROUTES]
    assert not missing, (
        "new routes: classify them in tests/security/test_permission_matrix.py ROUTES: " + ", ".join(missing)
    )


# -- the world ------------------------------------------------------------------------------------------------
@pytest.fixture
def world(d, office):
    from django.contrib.auth import get_user_model

    from publishing import services
    from publishing.models import Publication, PublicationStatus

    from .conftest import pdf_bytes, upload

    users = {
        "officer_s1": member(Role.OFFICER, d["s1"], "m_officer_s1"),
        "officer_s2": member(Role.OFFICER, d["s2"], "m_officer_s2"),
        "reviewer_s1": member(Role.REVIEWER, d["s1"], "m_reviewer_s1"),
        "auditor": member(Role.AUDITOR, d["gov"], "m_auditor"),
        "supervisor": member(Role.SUPERVISOR, d["gov"], "m_supervisor"),
        "office": office,
        "superuser": get_user_model().objects.create_superuser("m_root", "root@example.cn", "pw-Root-12345"),
    }
    today = timezone.localdate()
    draft = services.create_publication(
        user=users["officer_s2"],
        unit=d["s2"],
        title="小河街道未审草稿",
        body="<p>保密审查前</p>",
        formed_on=today,
    )
    draft_file = services.add_attachment(
        user=users["officer_s2"], publication=draft, upload=upload("草稿.pdf", pdf_bytes())
    )
    public = services.create_publication(
        user=users["officer_s1"], unit=d["s1"], title="湖墅街道公开信息", body="<p>公开</p>", formed_on=today
    )
    Publication.objects.filter(pk=public.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    public.refresh_from_db()
    return {"d": d, "users": users, "draft": draft, "draft_file": draft_file, "public": public}


def _login(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])


def _sample_kwargs(world) -> dict:
    d = world["d"]
    return {
        "pk": world["public"].pk,
        "code": d["s1"].code,
        "index_number": world["public"].index_number,
        "step": "approve",
        "token": "x" * 20,
        "year": 2025,
        "fmt": "pdf",
        "scope": "district",
        "mode": "elder",
        "section": "publications",
        "kind": "all",  # the feeds per kind: every consultation kind ("all"); an unknown message kind is a 404
    }


def _url(pattern: str, world) -> str | None:
    """A concrete path for ``pattern`` with sample values; None if it names a parameter we have no value for."""
    values = _sample_kwargs(world)
    path = pattern
    for name in re.findall(r"<(?:\w+:)?(\w+)>", pattern):
        if name not in values:
            return None
        path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
    if path.startswith("^") or "(?P<" in path:
        for name in re.findall(r"\(\?P<(\w+)>[^)]*\)", path):
            value = "FOI2025001" if name == "code" else values.get(name)
            if value is None:
                return None
            path = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), path, count=1)
        path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(client, world, role):
    _login(client, world, role)
    unresolved = []
    for pattern, name in all_routes():
        url = _url(pattern, world)
        if url is None:
            unresolved.append(pattern)
            continue
        response = client.get(url)
        assert response.status_code < 500, (role, url, response.status_code)
        if role == "anonymous" and ROUTES.get(name) == STAFF:
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            if response.status_code == 302:
                assert "login" in response["Location"], (url, response["Location"])
        body = response.content if not getattr(response, "streaming", False) else b""
        if role in ("anonymous", "officer_s1", "supervisor", "auditor") and response.status_code == 200:
            assert "小河街道未审草稿".encode() not in body, (role, url)
    assert not unresolved, f"add sample values for: {unresolved}"


# -- another unit's draft ---------------------------------------------------------------------------------------
SEES_THE_DRAFT = {"officer_s2", "office", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_another_units_draft_is_reachable_only_by_its_own_people(client, world, role):
    _login(client, world, role)
    draft, draft_file = world["draft"], world["draft_file"]
    allowed = role in SEES_THE_DRAFT
    attachment = client.get(f"/attachments/{draft_file.pk}/")
    assert (attachment.status_code == 200) == allowed, (role, attachment.status_code)
    change = client.get(f"/admin/publishing/publication/{draft.pk}/change/")
    if allowed:
        assert change.status_code == 200, (role, change.status_code)
    else:
        assert change.status_code in (302, 403, 404) or "小河街道未审草稿" not in change.content.decode(), (
            role
        )
    api = client.get("/api/v1/publications/", {"page_size": 500})
    if api.status_code == 200:
        titles = {row.get("title") for row in api.json()["results"]}
        assert ("小河街道未审草稿" in titles) <= allowed, role
    edit = client.get(f"/workspace/publication/{draft.pk}/")
    if not allowed:
        assert edit.status_code in (302, 403, 404), (role, edit.status_code)


# -- the admin: every registered model × every role --------------------------------------------------------------
ADMIN_MODELS = sorted(
    ((m._meta.app_label, m._meta.model_name) for m in admin.site._registry), key=lambda pair: "/".join(pair)
)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_model_for_every_role(client, world, role):
    _login(client, world, role)
    for app_label, model_name in ADMIN_MODELS:
        for suffix in ("", "add/"):
            url = f"/admin/{app_label}/{model_name}/{suffix}"
            response = client.get(url)
            assert response.status_code < 500, (role, url, response.status_code)
            if role == "anonymous":
                assert response.status_code == 302 and "login" in response["Location"], url
            # the audit trail of reads of personal data is for the auditor too (issue 28), read-only
            auditor_reads = role == "auditor" and model_name == "personaldataaccess" and not suffix
            if (
                app_label in ("auth", "axes", "django_celery_beat", "core")
                and role not in ("office", "superuser")
                and not auditor_reads
            ):
                assert response.status_code in (302, 403, 404), (role, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_admin_changelists_list_only_units_the_role_may_view(client, world, role, rf):
    """For every admin model scoped by unit: the changelist's rows are all in the role's viewable units."""
    from organizations import permissions as perms

    if role == "anonymous":
        return
    user = world["users"][role]
    request = rf.get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        unit_path = getattr(model_admin, "unit_path", None)
        area = getattr(model_admin, "access_area", None)
        if not unit_path or not area or not model_admin.has_view_permission(request):
            continue
        allowed = set(perms.units_for(user, perms.VIEW, area).values_list("pk", flat=True))
        field = "pk" if unit_path == "self" else f"{unit_path.replace('.', '__')}_id"
        rows = set(model_admin.get_queryset(request).values_list(field, flat=True)[:1000])
        assert rows <= allowed, (role, model.__name__, rows - allowed)


# -- the API: every route × every role ---------------------------------------------------------------------------
def _api_prefixes():
    from config.api_urls import router

    return [prefix for prefix, _, _ in router.registry]


@pytest.mark.parametrize("role", ROLES)
def test_every_api_route_for_every_role(client, world, role):
    _login(client, world, role)
    for prefix in _api_prefixes():
        response = client.get(f"/api/v1/{prefix}/")
        assert response.status_code < 500, (role, prefix, response.status_code)
        body = response.content.decode("utf-8", "replace")
        assert "小河街道未审草稿" not in body or role in SEES_THE_DRAFT, (role, prefix)
        # writes without a unit's token are refused (sessions only with CSRF, and no token here)
        post = client.post(f"/api/v1/{prefix}/", {}, content_type="application/json")
        assert post.status_code in (400, 401, 403, 404, 405, 429), (role, prefix, post.status_code)
