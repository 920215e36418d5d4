"""Staff screens speak Chinese: the reviewer's read-only view of a record, names instead of usernames, file
sizes and types in words, time-limit rules in words (issue 16, human forms)."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Role
from publishing import display, services
from publishing.models import Obligation
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def record(d, office, domain, release, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_item(office, domain, "社区事务", subject="各社区居委会", tiers=("community",))
    release()
    officer = member(Role.OFFICER, d["c11"], "c11_officer")
    officer.last_name, officer.first_name = "王", "小明"
    officer.save()
    reviewer = member(Role.REVIEWER, d["c11"], "c11_reviewer")
    ob = Obligation.objects.get(unit=d["c11"])
    pub = services.create_publication(
        user=officer, unit=d["c11"], title="社区事务公开", formed_on=date(2025, 10, 1), obligations=[ob]
    )
    services.add_attachment(user=officer, publication=pub, upload=SimpleUploadedFile("名单.pdf", PDF * 40))
    services.submit(user=officer, publication=pub)
    return {"pub": pub, "reviewer": reviewer, "officer": officer, "ob": ob}


def test_the_reviewers_read_only_view_is_in_chinese(client, record):
    client.force_login(record["reviewer"])
    html = client.get(
        reverse("admin:publishing_publication_change", args=[record["pub"].pk])
    ).content.decode()
    assert "Obligation choices" not in html and "None" not in html
    assert "对应公开义务" in html and "卖鱼桥社区 · 社区事务" in html
    assert "王小明" in html and "c11_officer" not in html  # a name, not a username
    assert "PDF 文档" in html and "application/pdf" not in html
    assert re.search(r"\d+(\.\d)? KB", html)


def test_sizes_and_types_in_words():
    assert display.size_words(1536) == "1.5 KB"
    assert display.size_words(20 * 1024 * 1024) == "20 MB"
    assert display.size_words(512) == "512 字节"
    assert display.type_words("application/pdf") == "PDF 文档"
    assert display.type_words("application/x-unknown") == "其他文件"


def test_the_obligation_page_shows_the_rule_in_words(client, office, record):
    client.force_login(office)
    html = client.get(reverse("admin:publishing_obligation_change", args=[record["ob"].pk])).content.decode()
    assert "信息形成或者变更之日起20个工作日内" in html or "20个工作日" in html
    assert '"kind"' not in html and "{&quot;" not in html
