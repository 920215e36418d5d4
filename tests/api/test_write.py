"""The write API: a unit's token drafts, edits and submits its publications and uploads attachments, through
the publishing services (same permissions and workflow as the admin); refusals are clean and write nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publishing.models import Attachment, Fulfilment, Publication, PublicationEvent, PublicationStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/publications/"


def pdf(name="公告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def counts():
    return (
        Publication.objects.count(),
        Fulfilment.objects.count(),
        PublicationEvent.objects.count(),
        Attachment.objects.count(),
    )


@pytest.fixture
def c11_obligation(obligations, catalog):
    return obligations[("D-S1-1", catalog["first"].code)]


def test_create_draft_with_obligation(auth, d, c11_obligation, service_account):
    response = auth().post(
        URL,
        {
            "unit": "D-S1-1",
            "title": "  卖鱼桥社区十月低保公示 ",
            "body": "<p>名单</p><script>x()</script>",
            "formed_on": "2025-10-09",
            "doc_number": "卖社〔2025〕9号",
            "obligations": [c11_obligation.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["title"] == "卖鱼桥社区十月低保公示"
    assert body["index_number"].startswith("D-S1-1-2025-")
    assert "<script>" not in body["body"]
    assert body["obligations"][0]["obligation"] == c11_obligation.pk and body["obligations"][0]["due_date"]
    pub = Publication.objects.get(pk=body["id"])
    assert pub.created_by == service_account  # the token acts as its service account
    assert list(pub.events.values_list("action", "actor")) == [("create", service_account.pk)]


def test_update_draft_then_submit(auth, pubs, service_account):
    pub = pubs["draft"]
    client = auth()
    response = client.patch(
        f"{URL}{pub.pk}/", {"title": "改过的标题", "doc_number": "卖社〔2025〕2号"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "改过的标题"
    response = client.post(f"{URL}{pub.pk}/submit/", {"comment": "请审核"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    # the workflow holds: a submitted record is no longer editable
    response = client.patch(f"{URL}{pub.pk}/", {"title": "再改"}, format="json")
    assert response.status_code == 400
    assert "不能修改" in response.json()["non_field_errors"][0]
    assert Publication.objects.get(pk=pub.pk).title == "改过的标题"
    actions = list(PublicationEvent.objects.filter(publication=pub).values_list("action", "actor"))
    assert actions[-2:] == [("edit", service_account.pk), ("submit", service_account.pk)]
    assert client.post(f"{URL}{pub.pk}/submit/", format="json").status_code == 400  # not twice


def test_upload_attachment_with_the_admin_checks(auth, pubs):
    pub = pubs["draft"]
    client = auth()
    response = client.post(f"{URL}{pub.pk}/attachments/", {"file": pdf()}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "application/pdf" and response.json()["name"] == "公告.pdf"
    # the type is read from the content, not the name
    fake = SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 an exe", content_type="application/pdf")
    before = counts()
    response = client.post(f"{URL}{pub.pk}/attachments/", {"file": fake}, format="multipart")
    assert response.status_code == 400 and "可执行文件" in response.json()["non_field_errors"][0]
    text = SimpleUploadedFile("说明.txt", b"just text", content_type="text/plain")
    response = client.post(f"{URL}{pub.pk}/attachments/", {"file": text}, format="multipart")
    assert response.status_code == 400 and "只接受" in response.json()["non_field_errors"][0]
    response = client.post(f"{URL}{pub.pk}/attachments/", {}, format="multipart")
    assert response.status_code == 400 and "请上传文件" in response.json()["file"][0]
    assert counts() == before


def test_attachment_docx_accepted_and_only_on_drafts(auth, pubs):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("通知.docx", buffer.getvalue())
    client = auth()
    assert (
        client.post(f"{URL}{pubs['draft'].pk}/attachments/", {"file": docx}, format="multipart").status_code
        == 201
    )
    response = client.post(f"{URL}{pubs['published'].pk}/attachments/", {"file": pdf()}, format="multipart")
    assert response.status_code == 400 and "仅草稿" in response.json()["non_field_errors"][0]


# -- refusals ------------------------------------------------------------------------------------------------------
def test_anonymous_writes_are_refused_with_401(client, pubs):
    before = counts()
    assert (
        client.post(
            URL, {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01"}, format="json"
        ).status_code
        == 401
    )
    response = client.patch(f"{URL}{pubs['published'].pk}/", {"title": "x"}, format="json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert client.post(f"{URL}{pubs['draft'].pk}/submit/").status_code == 401
    assert (
        client.post(f"{URL}{pubs['draft'].pk}/attachments/", {"file": pdf()}, format="multipart").status_code
        == 401
    )
    assert counts() == before


def test_token_of_another_unit_cannot_write(auth, token_c21, pubs, d, c11_obligation):
    other = auth(token_c21)
    before = counts()
    # creating for 卖鱼桥社区 with 小河社区's token: forbidden by the permission module
    response = other.post(URL, {"unit": "D-S1-1", "title": "越权", "formed_on": "2025-10-01"}, format="json")
    assert response.status_code == 403
    assert "无权" in response.json()["detail"] or "不能操作" in response.json()["detail"]
    # 卖鱼桥社区's draft is invisible to it, its published record read-only
    assert other.patch(f"{URL}{pubs['draft'].pk}/", {"title": "越权"}, format="json").status_code == 404
    assert other.post(f"{URL}{pubs['draft'].pk}/submit/").status_code == 404
    assert (
        other.post(f"{URL}{pubs['draft'].pk}/attachments/", {"file": pdf()}, format="multipart").status_code
        == 404
    )
    assert (
        other.patch(f"{URL}{pubs['published'].pk}/", {"validity": "invalid"}, format="json").status_code
        == 403
    )
    # linking another unit's obligation to its own draft: the obligation is not even visible
    response = other.post(
        URL,
        {
            "unit": "D-S2-1",
            "title": "链接越权",
            "formed_on": "2025-10-01",
            "obligations": [c11_obligation.pk],
        },
        format="json",
    )
    assert response.status_code == 400 and "obligations" in response.json()
    assert counts() == before
    assert Publication.objects.get(pk=pubs["published"].pk).validity == "valid"


def test_token_is_confined_to_its_unit_even_when_the_account_has_more(auth, d, office, service_account, pubs):
    """A service account that also holds a role elsewhere cannot use this unit's token there."""
    from organizations.models import Membership, Role

    Membership.objects.create(user=service_account, unit=d["c21"], role=Role.OFFICER)
    before = counts()
    response = auth().post(
        URL, {"unit": "D-S2-1", "title": "别的单位", "formed_on": "2025-10-01"}, format="json"
    )
    assert response.status_code == 403 and "此令牌属于" in response.json()["detail"]
    # the other unit's draft is not even visible through this token (issue 28: grants cut to the subtree)
    assert auth().patch(f"{URL}{pubs['other'].pk}/", {"title": "x"}, format="json").status_code == 404
    assert counts() == before


def test_reviewer_account_token_cannot_draft(office, d, people, pubs):
    """The token has exactly the account's rights: a reviewer account may not create (publishing:add)."""
    from rest_framework.test import APIClient

    from opendata import services as token_services

    _t, key = token_services.issue_token(
        user=office, unit=d["c11"], account=people["c11_reviewer"], name="审核"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    before = counts()
    assert (
        client.post(
            URL, {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01"}, format="json"
        ).status_code
        == 403
    )
    assert client.post(f"{URL}{pubs['draft'].pk}/submit/").status_code == 403
    assert counts() == before


# -- invalid input ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "payload, field, words",
    [
        ({"title": "x", "formed_on": "2025-10-01"}, "unit", "必填"),
        ({"unit": "NOPE", "title": "x", "formed_on": "2025-10-01"}, "unit", "不存在"),
        ({"unit": "D-S1-1", "formed_on": "2025-10-01"}, "title", "请填写标题"),
        ({"unit": "D-S1-1", "title": "   ", "formed_on": "2025-10-01"}, "title", "请填写标题"),
        ({"unit": "D-S1-1", "title": "x"}, "formed_on", "请填写信息形成"),
        ({"unit": "D-S1-1", "title": "x", "formed_on": "2025-13-45"}, "formed_on", "日期格式错误"),
        (
            {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01", "validity": "maybe"},
            "validity",
            "不是合法选项",
        ),
        ({"unit": "D-S1-1", "title": "x" * 301, "formed_on": "2025-10-01"}, "title", "300"),
        (
            {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01", "obligations": [999999]},
            "obligations",
            "无效",
        ),
        (
            {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01", "obligations": "abc"},
            "obligations",
            "",
        ),
        (
            {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01", "interprets": 999999},
            "interprets",
            "无效",
        ),
    ],
)
def test_invalid_input_gives_a_clear_chinese_400_and_writes_nothing(auth, pubs, payload, field, words):
    before = counts()
    response = auth().post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors
    assert words in "".join(map(str, errors[field]))
    assert counts() == before


def test_malformed_json_is_a_400(auth, pubs):
    response = auth().generic("POST", URL, "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_a_failing_service_rolls_the_whole_write_back(auth, pubs, c11_obligation, monkeypatch):
    """The draft is created, then linking fails: nothing at all remains (one transaction)."""
    from publishing.services import publications

    def broken_link(*args, **kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError("公开义务已不再有效。")

    monkeypatch.setattr(publications, "_link", broken_link)
    before = counts()
    response = auth().post(
        URL,
        {"unit": "D-S1-1", "title": "会回滚", "formed_on": "2025-10-01", "obligations": [c11_obligation.pk]},
        format="json",
    )
    assert response.status_code == 400 and "不再有效" in response.json()["non_field_errors"][0]
    assert counts() == before
    assert not Publication.objects.filter(title="会回滚").exists()


def test_changing_the_unit_of_a_draft_is_refused(auth, pubs):
    response = auth().patch(f"{URL}{pubs['draft'].pk}/", {"unit": "D-S1"}, format="json")
    assert response.status_code in (400, 403)
    assert Publication.objects.get(pk=pubs["draft"].pk).unit.code == "D-S1-1"


def test_empty_patch_is_a_400(auth, pubs):
    response = auth().patch(f"{URL}{pubs['draft'].pk}/", {}, format="json")
    assert response.status_code == 400 and "没有需要修改" in response.json()["non_field_errors"][0]


def test_put_and_delete_are_not_offered(auth, pubs):
    assert auth().put(f"{URL}{pubs['draft'].pk}/", {}, format="json").status_code == 405
    assert auth().delete(f"{URL}{pubs['draft'].pk}/").status_code == 405
    assert Publication.objects.filter(pk=pubs["draft"].pk, status=PublicationStatus.DRAFT).exists()
