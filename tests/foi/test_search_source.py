"""FOI replies in the portal search (foi.search_source, named by settings.PORTAL_SEARCH_SOURCES): a reply
released to the public — of general interest (条例 第四十四条) or turned into a published proactive record
(依申请转主动) — is found, links to its public page, and neither the index nor the page nor the search results
carry the applicant's name, phone, ID number, e-mail or address."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from foi import search_source, services
from foi.models import DisclosureRequest
from portal.models import DocumentKind, SearchDocument
from portal.search import documents, search

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
FIRST17 = "33010519870615123"
ID_NUMBER = FIRST17 + "10X98765432"[sum(int(c) * w for c, w in zip(FIRST17, WEIGHTS, strict=True)) % 11]
NAME, PHONE, EMAIL, ADDRESS = "欧阳明远", "13912345678", "ouyang@example.com", "杭州市拱墅区莫干山路99号"
PRIVATE = (NAME, PHONE, ID_NUMBER, EMAIL, ADDRESS)


@pytest.fixture
def replied(d, officer, reviewer):
    """A request of 欧阳明远 about 民办学校收费标准, answered 予以公开."""
    req, _secret = services.register(
        user=officer,
        unit=d["dept"],
        channel="in_person",
        received_on=date(2025, 9, 1),
        applicant=services.Applicant(
            applicant_type="natural",
            name=NAME,
            id_type="id_card",
            id_number=ID_NUMBER,
            phone=PHONE,
            email=EMAIL,
            address=ADDRESS,
        ),
        description=f"本人{NAME}（电话{PHONE}）申请公开民办学校收费标准备案材料",
        form="electronic",
        delivery="post",
    )
    services.review_secrecy(user=reviewer, request=req, approved=True)
    return services.reply(
        user=officer,
        request=req,
        on=date(2025, 9, 10),
        result="public",
        text=f"{NAME}先生：所申请信息见附件。",
    )


def index_text() -> str:
    return " ".join(
        " ".join(str(v) for v in row)
        for row in SearchDocument.objects.filter(kind=DocumentKind.REPLY).values_list(
            "title", "summary", "body_seg", "title_seg", "doc_number", "items", "url"
        )
    )


def test_the_setting_names_this_source_and_the_portal_registered_it():
    assert "foi.search_source" in settings.PORTAL_SEARCH_SOURCES
    assert search_source.KIND == DocumentKind.REPLY and DocumentKind.REPLY in documents.SOURCES


@pytest.mark.django_db
def test_a_reply_of_general_interest_is_found_without_the_applicants_data(
    client, officer, replied, django_capture_on_commit_callbacks
):
    assert search("民办学校收费标准").total == 0  # answered, not released: not public
    with django_capture_on_commit_callbacks(execute=True):  # the index follows on commit (changed signal)
        services.release_reply(
            user=officer,
            request=replied,
            title="关于民办学校收费标准备案材料的答复",
            summary="有申请人申请公开民办学校收费标准备案材料。经审查属于公开范围，本机关予以公开。",
        )
    result = search("民办学校收费标准")
    (hit,) = [h for h in result.hits if h.doc.kind == DocumentKind.REPLY]
    assert hit.doc.url == reverse("foi:reply", args=[replied.pk])
    assert hit.doc.doc_number == DisclosureRequest.objects.get(pk=replied.pk).letter_number
    page = client.get(hit.doc.url).content.decode()
    assert "关于民办学校收费标准备案材料的答复" in page and hit.doc.doc_number in page
    results_page = client.get(reverse("search"), {"q": "民办学校收费标准"}).content.decode()
    for private in PRIVATE:
        assert private not in index_text() and private not in page and private not in results_page
        assert not search(private).hits


@pytest.mark.django_db
def test_a_public_text_naming_the_applicant_is_refused(officer, replied):
    for title, summary in (
        (f"关于{NAME}申请的答复", "已予公开。"),
        ("关于收费标准的答复", f"申请人电话{PHONE}，已予公开。"),
        (
            "关于收费标准的答复",
            "申请人身份证 330105199001011234，已予公开。",
        ),  # any ID number, not only theirs
    ):
        with pytest.raises(ValidationError, match="个人信息|姓名"):
            services.release_reply(user=officer, request=replied, title=title, summary=summary)
    assert not DisclosureRequest.objects.get(pk=replied.pk).general_interest


@pytest.mark.django_db
def test_whatever_slips_into_the_public_text_is_masked_in_the_index(officer, replied):
    # written around the service (as an old row or a bug would): the source masks the applicant's data anyway
    DisclosureRequest.objects.filter(pk=replied.pk).update(
        general_interest=True, public_title=f"{NAME}的申请", public_summary=f"联系{PHONE}或{EMAIL}"
    )
    documents.reindex(DocumentKind.REPLY)
    assert SearchDocument.objects.filter(kind=DocumentKind.REPLY).count() == 1
    for private in PRIVATE:
        assert private not in index_text()


@pytest.mark.django_db
def test_a_withdrawn_release_leaves_the_search(officer, replied, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.release_reply(
            user=officer, request=replied, title="关于收费标准的答复", summary="予以公开。"
        )
    assert SearchDocument.objects.filter(kind=DocumentKind.REPLY, key=str(replied.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_reply_release(user=officer, request=replied, reason="摘要有误")
    assert not SearchDocument.objects.filter(kind=DocumentKind.REPLY).exists()
    assert search_source.public_reply(replied.pk) is None


@pytest.mark.django_db
def test_a_reply_turned_proactive_is_found_once_its_record_is_published(
    officer, replied, django_capture_on_commit_callbacks
):
    from publishing.models import Publication, PublicationStatus

    with django_capture_on_commit_callbacks(execute=True):
        publication = services.release_to_public(
            user=officer,
            request=replied,
            title="民办学校收费标准备案情况",
            body="各民办学校收费标准备案情况如下。",
        )
    assert not SearchDocument.objects.filter(kind=DocumentKind.REPLY).exists()  # a draft is not public
    publication = Publication.objects.get(pk=publication.pk)
    with django_capture_on_commit_callbacks(execute=True):  # the publishing workflow's last step, in short
        publication.status = PublicationStatus.PUBLISHED
        publication.save()
    (doc,) = SearchDocument.objects.filter(kind=DocumentKind.REPLY)
    assert doc.title == "民办学校收费标准备案情况" and doc.url == reverse("foi:reply", args=[replied.pk])
    reply = search_source.public_reply(replied.pk)
    assert reply is not None and reply.publication_url.endswith(f"/{publication.index_number}/")
    for private in PRIVATE:
        assert private not in index_text()


@pytest.mark.django_db
def test_only_released_replies_have_a_public_page(client, officer, replied):
    assert client.get(reverse("foi:reply", args=[replied.pk])).status_code == 404
    services.release_reply(user=officer, request=replied, title="关于收费标准的答复", summary="予以公开。")
    assert client.get(reverse("foi:reply", args=[replied.pk])).status_code == 200
    assert client.get(reverse("foi:reply", args=[replied.pk + 999])).status_code == 404


@pytest.mark.django_db
def test_the_officer_releases_a_reply_from_its_handling_page(
    client, officer, replied, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    page = client.get(reverse("foi:handling", args=[replied.pk])).content.decode()
    assert "向社会公开答复" in page and 'name="release-title"' in page
    url = reverse("foi:handling_step", args=[replied.pk, "release"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"release-title": "关于民办学校收费标准的答复", "release-summary": "经审查予以公开。"}
        )
    assert response.status_code == 302
    assert [h.doc.url for h in search("民办学校收费标准").hits] == [reverse("foi:reply", args=[replied.pk])]
    assert (
        'name="release-title"' not in client.get(reverse("foi:handling", args=[replied.pk])).content.decode()
    )
