"""Citizens' personal data × every role, field by field (issue 28.1–3).

* Every model field that looks like personal data (by its name or its Chinese verbose name) is either in
  ``permissions.PERSONAL_FIELDS`` (with a rule) or in ``permissions.NOT_PERSONAL_FIELDS`` (with the reason):
  a new model with a ``phone`` and no rule fails :func:`test_every_personal_looking_field_has_a_rule`.
* Every model of ``PERSONAL_FIELDS`` has a row in ``EXPECTED`` below, one cell per role, and each cell is
  checked on the admin changelist, the change page (for a request: its 办理 page), a past version in the
  history and the API: WHOLE (the value is shown), MASKED (never the value; its masked form on the record's
  page), HIDDEN (never the value, the record otherwise readable), NONE (the record is not reachable at all).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone

from organizations import permissions as perms
from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db

#: What makes a field look personal: its name, or its verbose name.
NAME = re.compile(
    r"(^|_)(contact|phone|mobile|tel|email|e_mail|id_number|id_card|idcard|address|ip|applicant_name|"
    r"real_name|person|wechat|openid)(_|$)",
    re.I,
)
VERBOSE = re.compile(r"电话|手机|邮箱|证件号|身份证|地址|联系方式|联系人|姓名|住址|微信", re.I)


def _is_history(model) -> bool:
    return any(f.name == "history_id" for f in model._meta.fields)


def unclassified(model_list) -> list[str]:
    """The personal-looking fields of ``model_list`` that have no rule and no reason."""
    missing = []
    for model in model_list:
        if _is_history(model):  # a past version holds what its model holds; its views are checked below
            continue
        label = model._meta.label
        for field in model._meta.concrete_fields:
            if field.name.endswith("_hash") or isinstance(field, models.BooleanField):
                continue  # keyed hashes are not readable; a flag is not data
            looks = NAME.search(field.name) or VERBOSE.search(str(field.verbose_name))
            if not looks:
                continue
            if (
                field.name in perms.personal_fields(label)
                or f"{label}.{field.name}" in perms.NOT_PERSONAL_FIELDS
            ):
                continue
            missing.append(f"{label}.{field.name} ({field.verbose_name})")
    return missing


def test_every_personal_looking_field_has_a_rule():
    missing = unclassified(apps.get_models())
    assert not missing, (
        "personal data without a rule: add it to organizations.permissions.PERSONAL_FIELDS (and to EXPECTED "
        "in tests/security/test_personal_data.py), or give the reason in NOT_PERSONAL_FIELDS: "
        + ", ".join(missing)
    )


@isolate_apps("participation")
def test_a_new_model_with_a_personal_field_and_no_rule_fails():
    class Petition(models.Model):  # noqa: DJ008 - a throwaway model
        subject = models.CharField(max_length=50)
        phone = models.CharField("联系电话", max_length=30)
        home = models.CharField("家庭住址", max_length=100)

        class Meta:
            app_label = "participation"

    assert unclassified([Petition]) == [
        "participation.Petition.phone (联系电话)",
        "participation.Petition.home (家庭住址)",
    ]


def test_rules_name_real_fields_and_areas():
    for label, (area, fields) in perms.PERSONAL_FIELDS.items():
        model = apps.get_model(label)
        assert area in perms.AREAS and area in perms.PERSONAL_DATA_ROLES, label
        for name in fields:
            model._meta.get_field(name)
    assert set(EXPECTED) == set(perms.PERSONAL_FIELDS), "every model with personal data needs its row"


def test_masks():
    assert perms.masked("id_number", "330105199001011234") == "330105********1234"
    assert perms.masked("phone", "13812345678") == "138****5678"
    assert perms.masked("email", "zhangsan@example.com") == "z***@example.com"
    assert perms.masked("applicant_name", "张三丰") == "张**"
    assert perms.masked("address", "杭州市拱墅区湖墅南路88号") == "（已隐藏）"
    text = "请回电13912345678或0571-88886666，身份证330105199001011234，邮箱a.b@example.cn"
    redacted = perms.redact_text(text)
    for secret in ("13912345678", "88886666", "199001011234", "a.b@example.cn"):
        assert secret not in redacted
    assert "139****5678" in redacted and "330105********1234" in redacted


# -- the matrix --------------------------------------------------------------------------------------------------
WHOLE, MASKED, HIDDEN, NONE = "whole", "masked", "hidden", "none"
ROLES = ["office", "officer_s1", "officer_s2", "reviewer_s1", "auditor", "supervisor", "anonymous"]
#: Records are handled by 湖墅街道 (s1): officer_s1 and reviewer_s1 are of the handling unit.
EXPECTED: dict[str, dict[str, str]] = {
    "foi.DisclosureRequest": {
        "office": WHOLE,
        "officer_s1": WHOLE,
        "reviewer_s1": WHOLE,  # 保密审查 of the handling unit
        "officer_s2": NONE,
        "auditor": MASKED,  # counts and timeliness, not identities
        "supervisor": NONE,
        "anonymous": NONE,
    },
    "participation.Rating": {
        "office": WHOLE,
        "officer_s1": WHOLE,  # the rated unit follows up
        "reviewer_s1": HIDDEN,
        "officer_s2": HIDDEN,
        "auditor": HIDDEN,
        "supervisor": HIDDEN,
        "anonymous": NONE,
    },
    "participation.Correction": {
        "office": WHOLE,
        "officer_s1": WHOLE,  # the corrected page's unit
        "reviewer_s1": HIDDEN,
        "officer_s2": HIDDEN,
        "auditor": HIDDEN,
        "supervisor": HIDDEN,
        "anonymous": NONE,
    },
    "interaction.Message": {
        "office": WHOLE,
        "officer_s1": WHOLE,  # the unit the message was routed to answers the asker
        "reviewer_s1": NONE,
        "officer_s2": NONE,
        "auditor": HIDDEN,  # timeliness, not identities
        "supervisor": HIDDEN,
        "anonymous": NONE,
    },
    "consultation.Comment": {
        "office": WHOLE,
        "officer_s1": WHOLE,  # the drafting unit may reply to the commenter
        "reviewer_s1": NONE,
        "officer_s2": NONE,
        "auditor": HIDDEN,
        "supervisor": HIDDEN,
        "anonymous": NONE,
    },
    "publishing.Subscription": {
        "office": WHOLE,
        "officer_s1": NONE,
        "reviewer_s1": NONE,
        "officer_s2": NONE,
        "auditor": NONE,
        "supervisor": NONE,
        "anonymous": NONE,
    },
    "publishing.OutgoingSMS": {
        role: NONE for role in ROLES
    },  # no page shows the outbox, the office's neither
}

APPLICANT = {
    "applicant_name": "杭州湖墅测试科技有限公司",
    "contact_person": "李四光",
    "id_number": "91330105MA2KXXXX7Q",
    "phone": "13812345678",
    "email": "lisiguang@example.com",
    "address": "杭州市拱墅区湖墅南路88号",
}


@pytest.fixture
def world(d, office, fresh_calendar_cache):
    from django.core.cache import cache

    cache.clear()  # the rating and correction rate limits
    from foi import services as foi_services
    from participation import services as participation_services
    from publishing import services as publishing_services
    from publishing.models import OutgoingSMS, Publication, PublicationStatus, Subscription

    users = {
        "office": office,
        "officer_s1": member(Role.OFFICER, d["s1"], "p_officer_s1"),
        "officer_s2": member(Role.OFFICER, d["s2"], "p_officer_s2"),
        "reviewer_s1": member(Role.REVIEWER, d["s1"], "p_reviewer_s1"),
        "auditor": member(Role.AUDITOR, d["gov"], "p_auditor"),
        "supervisor": member(Role.SUPERVISOR, d["gov"], "p_supervisor"),
    }
    request, _secret = foi_services.register(
        user=users["officer_s1"],
        unit=d["s1"],
        channel="letter",
        received_on=date(2025, 9, 1),
        applicant=foi_services.Applicant(
            "business",
            APPLICANT["applicant_name"],
            contact_person=APPLICANT["contact_person"],
            id_type="credit_code",
            id_number=APPLICANT["id_number"],
            phone=APPLICANT["phone"],
            email=APPLICANT["email"],
            address=APPLICANT["address"],
        ),
        description="湖墅街道拆迁补偿方案（请寄往13812345678）",
        form="electronic",
        delivery="email",
    )
    public = publishing_services.create_publication(
        user=users["officer_s1"],
        unit=d["s1"],
        title="湖墅街道公开信息",
        body="<p>公开</p>",
        formed_on=date(2025, 9, 1),
    )
    Publication.objects.filter(pk=public.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    public.refresh_from_db()
    rating = participation_services.rate(
        target_kind="publication",
        target_code=public.index_number,
        value="bad",
        reason="incomplete",
        comment="缺附件，请回电13912345678",
        contact="13912345678",
        ip="203.0.113.9",
    )
    correction = participation_services.file_correction(
        page_url=f"/publications/{public.index_number}/",
        kind="typo",
        description="有错别字，联系我 wangwu@example.com",
        contact="wangwu@example.com",
        ip="203.0.113.10",
    )
    from interaction import services as interaction_services

    message = interaction_services.submit(
        kind="complain",
        subject="施工噪音投诉",
        body="晚上施工，请联系我",
        name="钱七",
        phone="13500003333",
        email="qianqi@example.com",
        unit=d["s1"],
    )
    from consultation import services as consultation_services
    from consultation.models import Kind as ConsultationKind

    consultation = consultation_services.open_consultation(
        user=users["office"],
        unit=d["s1"],
        kind=ConsultationKind.objects.get(code="major"),
        title="湖墅街道停车管理办法（征求意见稿）",
        draft="草案",
        explanation="说明",
        basis="依据",
        opens_on=timezone.localdate(),
    )
    comment = consultation_services.submit_comment(
        consultation=consultation, body="建议增加夜间车位", name="孙八", contact="13400004444"
    )
    subscription = Subscription.objects.create(email="zhaoliu@example.com", phone="13700001111", unit=d["s1"])
    sms = OutgoingSMS.objects.create(key="t-1", to="13600002222", text="您订阅的信息已更新")
    return {
        "users": users,
        "records": {
            "foi.DisclosureRequest": (request, APPLICANT),
            "participation.Rating": (rating, {"contact": "13912345678"}),
            "participation.Correction": (correction, {"contact": "wangwu@example.com"}),
            "interaction.Message": (
                message,
                {"name": "钱七", "phone": "13500003333", "email": "qianqi@example.com"},
            ),
            "consultation.Comment": (comment, {"name": "孙八", "contact": "13400004444"}),
            "publishing.Subscription": (
                subscription,
                {"email": "zhaoliu@example.com", "phone": "13700001111"},
            ),
            "publishing.OutgoingSMS": (sms, {"to": "13600002222"}),
        },
    }


def _pages(client, label, obj) -> dict[str, tuple[int, str]]:
    """Every place the record's personal data could show: {name: (status, body)}."""
    app, model = label.lower().split(".")
    urls = {
        "changelist": f"/admin/{app}/{model}/",
        "change": f"/admin/{app}/{model}/{obj.pk}/change/",
    }
    history = getattr(type(obj), "history", None)
    if history is not None:
        version = history.model.objects.filter(id=obj.pk).order_by("history_id").first()
        urls["history"] = f"/admin/{app}/{model}/{obj.pk}/history/{version.history_id}/"
    if label == "foi.DisclosureRequest":
        urls["api_list"] = "/api/v1/foi/requests/"
        urls["api_detail"] = f"/api/v1/foi/requests/{obj.pk}/"
    out = {}
    for name, url in urls.items():
        response = client.get(url, follow=True)
        body = (
            response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
        )
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        out[name] = (response.status_code, body, final)
    return out


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_personal_fields_for_every_role(client, world, label, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    obj, values = world["records"][label]
    assert set(values) == set(perms.personal_fields(label)), label
    expected = EXPECTED[label][role]
    pages = _pages(client, label, obj)
    change_status, change_body, change_url = pages["change"]
    record_page = change_status == 200 and f"/{obj.pk}/" in change_url and "/login/" not in change_url
    for field, value in values.items():
        shown_at = [name for name, (_status, body, _url) in pages.items() if value in body]
        if expected == WHOLE:
            assert record_page and value in change_body, (label, role, field)
            assert value not in pages["changelist"][1], (label, role, field, "lists show it masked only")
        else:
            assert not shown_at, (label, role, field, shown_at)
        if expected == MASKED:
            assert record_page and perms.masked(field, value) in change_body, (label, role, field)
    if expected in (MASKED, HIDDEN):
        assert record_page, (label, role, "the record itself stays readable")
    if expected == NONE:
        assert not record_page, (label, role, change_url)


def test_the_auditor_cannot_download_the_reply_letter(client, world):
    """The reply letter names the applicant and the address: the handling unit and the office only."""
    request, _values = world["records"]["foi.DisclosureRequest"]
    client.force_login(world["users"]["auditor"])
    assert client.get(f"/admin/foi/disclosurerequest/{request.pk}/letter.pdf").status_code == 403


@pytest.mark.parametrize("role", ["officer_s2", "auditor", "supervisor"])
def test_searching_by_a_contact_finds_nothing_for_those_who_may_not_see_it(client, world, role):
    """The search is no oracle: a number in a 差评's text does not find it for those who may not see it."""
    client.force_login(world["users"][role])
    response = client.get("/admin/participation/rating/", {"q": "13912345678"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_the_office_finds_a_rating_by_the_number_in_its_text(client, world):
    client.force_login(world["users"]["office"])
    response = client.get("/admin/participation/rating/", {"q": "13912345678"})
    assert response.context["cl"].result_count == 1


def test_assessment_evidence_quotes_the_citizens_text_redacted(world, d):
    """Assessors read a 差评 as evidence of the unit's score: its text, without the phone number in it."""
    from assessment.selectors import ratings_by_unit

    today = timezone.localdate()
    found = ratings_by_unit([d["s1"].pk], today, today)[d["s1"].pk]
    assert found["bad"] == 1
    (_pk, text) = found["bad_ratings"][0]
    assert "缺附件" in text and "13912345678" not in text and "139****5678" in text


def test_a_contact_shown_whole_is_logged_and_the_auditor_reads_the_log(client, d):
    """Every read of a citizen's personal data shown whole is logged, append-only; the auditor exports it."""
    from django.core.exceptions import ValidationError

    from core.models import PersonalDataAccess
    from organizations.models import Role
    from participation.models import Correction
    from tests.factories import member

    correction = Correction.objects.create(kind="content", description="错别字", contact="13912345678")
    client.force_login(member(Role.OFFICE, d["gov"], "log_office"))
    assert client.get(f"/admin/participation/correction/{correction.pk}/change/").status_code == 200
    row = PersonalDataAccess.objects.get()
    assert (row.record, row.object_id, row.where, row.user.username) == (
        "participation.Correction", str(correction.pk), "admin", "log_office",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        row.delete()
    client.force_login(member(Role.AUDITOR, d["gov"], "log_auditor"))
    assert client.get(f"/admin/participation/correction/{correction.pk}/change/").status_code in (200, 403)
    assert PersonalDataAccess.objects.count() == 1  # the auditor saw no contact: nothing to log
    export = client.post(
        "/admin/core/personaldataaccess/", {"action": "export_csv", "_selected_action": [row.pk]}
    )
    assert export.status_code == 200 and "participation.Correction" in export.content.decode("utf-8-sig")
