"""One write path: the admin, the API and the desk refuse the same bad change with the same message, because
each of them calls the same publishing service (issue 10)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from organizations.models import Role
from publishing import services
from publishing.models import Attachment, Publication, PublicationEvent
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db

FORMSETS = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(d, office, domain, release):
    make_item(office, domain, "社区事务", subject="各社区居委会", tiers=("community",))
    release()
    return {
        "officer": member(Role.OFFICER, d["c11"], "c11_officer"),
        "reviewer": member(Role.REVIEWER, d["c11"], "c11_reviewer"),
        "other": member(Role.OFFICER, d["c21"], "c21_officer"),
    }


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def admin_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_for_another_unit(client, d, people):
    """A community officer drafts for another community: refused, with the service's message, both ways."""
    officer = people["officer"]
    with pytest.raises(PermissionDenied) as refused:
        services.create_publication(user=officer, unit=d["c21"], title="越权", formed_on=date(2025, 10, 1))
    message = str(refused.value)
    client.force_login(officer)
    response = client.post(
        reverse("admin:publishing_publication_add"),
        {"unit": d["c21"].pk, "title": "越权", "formed_on": "2025-10-01", "validity": "valid", **FORMSETS},
    )
    # The admin offers only the officer's units: the choice itself is refused, before any service.
    admin_says = admin_text(response)
    api = api_as(officer).post(
        "/api/v1/publications/",
        {"unit": d["c21"].code, "title": "越权", "formed_on": "2025-10-01"},
        format="json",
    )
    assert api.status_code == 403 and api.json()["detail"] == message
    assert "无权" in message
    assert "越权" in admin_says and not Publication.objects.exists()


def test_attaching_to_a_published_record(client, d, people, settings, tmp_path):
    """Editing a published record (adding a file) is refused by ``add_attachment``: admin and API alike."""
    settings.MEDIA_ROOT = tmp_path
    officer, reviewer = people["officer"], people["reviewer"]
    pub = services.create_publication(
        user=officer, unit=d["c11"], title="已发布的信息", formed_on=date(2025, 10, 1)
    )
    services.submit(user=officer, publication=pub)
    services.approve(user=reviewer, publication=pub)
    services.publish(user=officer, publication=pub)
    message = "「已发布」状态的信息不能上传附件（仅草稿可以）。"

    client.force_login(officer)
    response = client.post(
        reverse("admin:publishing_publication_change", args=[pub.pk]),
        {
            "validity": "valid",
            "new_attachments": SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
            **FORMSETS,
        },
    )
    assert message in admin_text(response)
    api = api_as(officer).post(
        f"/api/v1/publications/{pub.pk}/attachments/",
        {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert api.status_code == 400 and api.json()["non_field_errors"] == [message]
    assert not Attachment.objects.exists()


def test_attaching_to_a_draft_goes_through_the_service(client, d, people, settings, tmp_path):
    """The admin's upload is the service's: it is recorded as an event on the draft."""
    settings.MEDIA_ROOT = tmp_path
    officer = people["officer"]
    pub = services.create_publication(user=officer, unit=d["c11"], title="草稿", formed_on=date(2025, 10, 1))
    client.force_login(officer)
    response = client.post(
        reverse("admin:publishing_publication_change", args=[pub.pk]),
        {
            "title": "草稿",
            "formed_on": "2025-10-01",
            "validity": "valid",
            "new_attachments": SimpleUploadedFile("名单.pdf", PDF, "application/pdf"),
            **FORMSETS,
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "名单.pdf"
    assert PublicationEvent.objects.filter(
        publication=pub, action="edit", comment__contains="名单.pdf"
    ).exists()


def test_self_approval_is_refused_in_the_admin_and_on_the_desk(client, d, people):
    """The four-eyes rule: whoever drafted or submitted may not approve, whichever screen they use."""
    officer = people["officer"]
    both = member(Role.REVIEWER, d["c11"], "c11_officer")  # the drafter is also a reviewer
    assert both == officer
    pub = services.create_publication(user=officer, unit=d["c11"], title="自审", formed_on=date(2025, 10, 1))
    services.submit(user=officer, publication=pub)
    message = "起草人或提交人不能审核自己的信息。"
    client.force_login(officer)
    admin_response = client.post(
        reverse("admin:publishing_publication_workflow", args=[pub.pk, "approve"]), follow=True
    )
    assert message in admin_response.content.decode()
    desk_response = client.post(reverse("publishing:review_step", args=[pub.pk, "approve"]), follow=True)
    assert message in desk_response.content.decode()
    pub.refresh_from_db()
    assert pub.status == "submitted"


def test_admin_buttons_come_from_the_service_transitions(client, d, people):
    officer = people["officer"]
    pub = services.create_publication(user=officer, unit=d["c11"], title="草稿", formed_on=date(2025, 10, 1))
    assert services.available_steps(officer, pub) == ["submit"]
    client.force_login(officer)
    text = client.get(reverse("admin:publishing_publication_change", args=[pub.pk])).content.decode()
    assert str(services.TRANSITIONS["submit"].label) in text
    assert reverse("admin:publishing_publication_workflow", args=[pub.pk, "submit"]) in text
    assert reverse("admin:publishing_publication_workflow", args=[pub.pk, "approve"]) not in text
