"""The officers' workspace and the publication admin."""

from datetime import date

import pytest
from django.urls import reverse

from organizations.models import Role
from publishing.models import Obligation, Publication, PublicationStatus
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(d, office, domain, release):
    make_item(
        office,
        domain,
        "季度财务",
        time_limit="每季度结束后10日内",
        subject="各街道、各社区",
        tiers=("street", "community"),
    )
    release()
    Obligation.objects.update(started_on=date(2025, 7, 1))
    return member(Role.OFFICER, d["c11"], "c11_officer")


def test_workspace_needs_login(client):
    response = client.get(reverse("publishing:workspace"))
    assert response.status_code == 302


def test_workspace_lists_only_my_units(client, setup, d):
    client.force_login(setup)
    response = client.get(reverse("publishing:workspace"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "政务公开工作台" in text and "卖鱼桥社区" in text
    assert "信义坊社区" not in text and "湖墅街道" not in text.split("</header>")[1]
    assert ">发布</a>" in text and "/workspace/publish/?obligation=" in text


def test_admin_add_and_workflow_buttons(client, setup, d):
    officer = setup
    obligation = Obligation.objects.get(unit=d["c11"])
    client.force_login(officer)
    add_url = reverse("admin:publishing_publication_add")
    response = client.get(f"{add_url}?unit={d['c11'].pk}&obligation_choices={obligation.pk}")
    assert response.status_code == 200
    response = client.post(
        add_url,
        {
            "unit": d["c11"].pk,
            "title": "三季度财务公开",
            "doc_number": "",
            "formed_on": "2025-10-05",
            "validity": "valid",
            "body": "<p>内容</p><script>x</script>",
            "obligation_choices": [obligation.pk],
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pub = Publication.objects.get()
    assert pub.index_number == "D-S1-1-2025-000001" and "script" not in pub.body
    assert pub.fulfilments.get().obligation == obligation
    change = client.get(reverse("admin:publishing_publication_change", args=[pub.pk]))
    assert "提交审核" in change.content.decode()
    url = reverse("admin:publishing_publication_workflow", args=[pub.pk, "submit"])
    assert client.post(url, {"comment": ""}).status_code == 302
    assert Publication.objects.get().status == PublicationStatus.SUBMITTED
    # A sibling community's officer sees nothing.
    client.force_login(member(Role.OFFICER, d["c12"], "c12_officer"))
    assert client.get(reverse("admin:publishing_publication_change", args=[pub.pk])).status_code in (302, 404)
    assert (
        client.post(reverse("admin:publishing_publication_workflow", args=[pub.pk, "approve"])).status_code
        == 404
    )


def test_obligation_admin_waive_action_is_office_only(client, setup, office, d):
    client.force_login(setup)
    changelist = reverse("admin:publishing_obligation_changelist")
    response = client.get(changelist)
    assert response.status_code == 200 and 'value="waive"' not in response.content.decode()
    client.force_login(office)
    obligation = Obligation.objects.get(unit=d["c11"])
    client.post(changelist, {"action": "waive", "_selected_action": [obligation.pk]})
    obligation.refresh_from_db()
    assert obligation.status == "waived"


def test_admin_refuses_an_executable_renamed_pdf(client, setup, d, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(setup)
    response = client.post(
        reverse("admin:publishing_publication_add"),
        {
            "unit": d["c11"].pk,
            "title": "带附件",
            "formed_on": "2025-10-05",
            "validity": "valid",
            "body": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "new_attachments": SimpleUploadedFile("通知.pdf", b"MZ\x90\x00" + b"\x00" * 100),
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "不允许上传可执行文件" in response.content.decode()
    assert not Publication.objects.exists()


def test_workspace_explains_deadline_items_waiting_for_information(client, d, office, domain, release):
    make_item(office, domain, "街道预算")  # 信息形成或者变更之日起20个工作日内
    release()
    officer = member(Role.OFFICER, d["s1"], "s1_officer")
    client.force_login(officer)
    text = client.get(reverse("publishing:workspace")).content.decode()
    upcoming = text.split('id="upcoming"')[1].split("</section>")[0]
    assert "街道预算" in upcoming and "待信息形成后计时" in upcoming and "20个工作日" in upcoming
    assert ">发布</a>" in upcoming
