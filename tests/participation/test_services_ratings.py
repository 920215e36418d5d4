"""好差评: anonymous, CSRF-protected, one per target per browser per day (and per signed-in user), only on public
targets, a 差评 says what went wrong and may leave a contact, the office answers it (整改)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from core.ratelimit import rate_for
from participation import services
from participation.models import FollowUp, Rating

RATE_LIMIT = rate_for("rating")[0]

pytestmark = pytest.mark.django_db


def rate(client, code, value="good", comment="", ip="10.0.0.1", kind="item", **extra):
    data = {
        "target_kind": kind,
        "target_code": code,
        "value": value,
        "comment": comment,
        "next": f"/items/{code}/",
    }
    if value == "bad":
        data.setdefault("reason", "incomplete")
    data.update(extra)
    return client.post("/participation/rate/", data, REMOTE_ADDR=ip)


def test_a_citizen_rates_an_item_and_the_page_thanks_them(client, world):
    code = world.code_of(world.dibao)
    response = rate(client, code, "bad", "办事指南不清楚", contact="13800000000")
    assert response.status_code == 302 and response["Location"] == f"/items/{code}/"
    rating = Rating.objects.get()
    assert (rating.value, rating.comment, rating.reason) == ("bad", "办事指南不清楚", "incomplete")
    assert rating.target_label == "城乡低保对象审核"  # read from the item, never from the form
    assert rating.contact == "13800000000" and rating.follow_up == FollowUp.OPEN
    assert "10.0.0.1" not in rating.ip_hash and len(rating.ip_hash) == 64
    page = client.get(f"/items/{code}/").content.decode()
    assert "感谢您的评价" in page and "1 条差评" in page
    assert "13800000000" not in page  # the contact is for the office only


def test_one_rating_per_target_per_browser_per_day(client, world):
    code = world.code_of(world.dibao)
    assert rate(client, code).status_code == 302
    again = rate(client, code, ip="10.0.0.99")  # same browser (cookie), even from another address
    assert again.status_code == 409 and "今天已经评价过了" in again.content.decode()
    assert rate(client, world.code_of(world.chaiqian)).status_code == 302  # another target is fine
    assert rate(Client(), code, ip="10.0.0.2").status_code == 302  # another browser is fine
    assert Rating.objects.count() == 3


def test_one_rating_per_signed_in_user_per_day_across_browsers(world):
    code = world.code_of(world.dibao)
    first, second = Client(), Client()
    first.force_login(world.supervisor)
    second.force_login(world.supervisor)
    assert rate(first, code).status_code == 302
    assert rate(second, code, ip="10.9.9.9").status_code == 409
    assert Rating.objects.get().user == world.supervisor


def test_only_existing_public_targets_can_be_rated(client, world):
    assert rate(client, "NO-SUCH-ITEM").status_code == 400
    assert rate(client, "GS-0000", kind="publication").status_code == 400
    assert rate(client, "999999", kind="service_point").status_code == 400
    draft = world.publish(world.d["s1"], "草稿", items=[world.dibao], publish=False)
    assert rate(client, draft.index_number, kind="publication").status_code == 400
    assert Rating.objects.count() == 0


def test_a_bad_rating_needs_a_reason(client, world):
    code = world.code_of(world.dibao)
    response = rate(client, code, "bad", reason="")
    assert response.status_code == 400 and "请选择差评的原因" in response.content.decode()
    assert Rating.objects.count() == 0


def test_rating_needs_csrf(world):
    client = Client(enforce_csrf_checks=True)
    assert rate(client, world.code_of(world.dibao)).status_code == 403
    assert Rating.objects.count() == 0


def test_rating_is_rate_limited_per_address_and_target(world):
    code = world.code_of(world.dibao)
    for i in range(RATE_LIMIT):  # new browsers, one address (each its own words: not one double submit)
        assert rate(Client(), code, comment=f"意见{i}").status_code == 302
    assert rate(Client(), code, comment="再一条").status_code == 429
    assert rate(Client(), code, ip="10.0.0.2").status_code == 302  # another address
    assert Rating.objects.count() == RATE_LIMIT + 1


def test_comment_length_is_limited_and_comment_escaped(client, world):
    code = world.code_of(world.dibao)
    assert rate(client, code, comment="长" * 301).status_code == 400
    assert rate(client, code, value="meh").status_code == 400
    assert rate(client, code, comment="<script>alert(1)</script>").status_code == 302
    assert Rating.objects.get().comment == "<script>alert(1)</script>"  # stored as typed, escaped on output


def test_ratings_cannot_be_deleted(world, client):
    rate(client, world.code_of(world.dibao))
    with pytest.raises(ValidationError):
        Rating.objects.get().delete()


def test_next_must_be_on_site(client, world):
    response = client.post(
        "/participation/rate/",
        {
            "target_kind": "item",
            "target_code": world.code_of(world.dibao),
            "value": "good",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_the_office_answers_a_bad_rating_and_closes_it(client, world):
    rate(client, world.code_of(world.dibao), "bad", "名单没有更新", contact="0571-1234")
    rating = Rating.objects.get()
    with pytest.raises(PermissionDenied):
        services.answer_rating(user=world.officer, rating=rating, answer="已更新")
    with pytest.raises(ValidationError):
        services.answer_rating(user=world.office, rating=rating, answer="  ")
    services.answer_rating(user=world.office, rating=rating, answer="已督促街道更新名单", close=True)
    rating.refresh_from_db()
    assert rating.follow_up == FollowUp.CLOSED and rating.answered_by == world.office
    assert rating.history.count() >= 2  # the answer is in the history


def test_the_office_answers_through_the_admin(client, world):
    rate(client, world.code_of(world.dibao), "bad", "看不懂", reason="unclear")
    rating = Rating.objects.get()
    admin = Client()
    admin.force_login(world.office)
    page = admin.get(f"/admin/participation/rating/{rating.pk}/change/")
    assert page.status_code == 200 and "看不懂" in page.content.decode()
    response = admin.post(
        f"/admin/participation/rating/{rating.pk}/change/", {"answer": "已改写为通俗说明", "close": "on"}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.follow_up == FollowUp.CLOSED and rating.answer == "已改写为通俗说明"


# -- service pages: a guide on its own page, and a publication page: one rating form each ---------------------
def _guide(item, code="dibao-apply", title="低保申请办事指南"):
    from catalog.models import GuideStep, ServiceGuide

    guide = ServiceGuide.objects.create(item=item, code=code, title=title, applicants="本区户籍困难家庭")
    GuideStep.objects.create(guide=guide, order=1, name="个人申请", actor="街道")
    return guide


def test_item_page_links_each_guide_and_has_one_rating_form(client, world):
    _guide(world.dibao)
    _guide(world.dibao, code="dibao-review", title="低保复核办事指南")
    code = world.code_of(world.dibao)
    page = client.get(f"/items/{code}/").content.decode()
    assert page.count('action="/participation/rate/"') == 1
    assert 'href="/guides/dibao-apply/"' in page and 'href="/guides/dibao-review/"' in page


def test_a_citizen_rates_a_service_guide_on_its_page(client, world):
    guide = _guide(world.dibao)
    page = client.get(f"/guides/{guide.code}/").content.decode()
    assert page.count('action="/participation/rate/"') == 1 and 'name="target_kind" value="guide"' in page
    response = rate(client, guide.code, kind="guide", comment="材料清单很清楚", next=f"/guides/{guide.code}/")
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.target_kind, rating.target_label) == ("guide", "低保申请办事指南")
    page = client.get(f"/guides/{guide.code}/").content.decode()
    assert "1 条好评、0 条差评" in page


def test_a_citizen_rates_a_publication_page(client, world):
    pub = world.publish(world.d["s1"], "湖墅街道低保公示", items=[world.dibao])
    url = f"/publications/{pub.index_number}/"
    page = client.get(url).content.decode()
    assert 'name="target_kind" value="publication"' in page and f'value="{pub.index_number}"' in page
    assert "__PORTAL_CSRF_PLACEHOLDER__" not in page and "csrfmiddlewaretoken" in page
    response = rate(client, pub.index_number, "bad", "名单不完整", kind="publication", next=url)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "感谢您的评价" in page and "0 条好评、1 条差评" in page


def test_the_reason_choices_of_the_form_are_the_models(client, world):
    import re

    from participation.models import BadReason

    page = client.get(f"/items/{world.code_of(world.dibao)}/").content.decode()
    form = page.split('name="reason"')[1].split("</select>")[0]
    assert set(re.findall(r'value="(\w+)"', form)) == set(BadReason.values)


def test_rating_summaries_counts_many_targets_in_one_query(world, django_assert_num_queries):
    from participation.selectors import rating_summaries

    guide = _guide(world.dibao)
    code = world.code_of(world.dibao)
    services.rate(target_kind="guide", target_code=guide.code, value="good", ip="1.1.1.1", browser="a")
    services.rate(
        target_kind="guide", target_code=guide.code, value="bad", reason="other", ip="1.1.1.2", browser="b"
    )
    services.rate(
        target_kind="item", target_code=code, value="bad", reason="other", ip="1.1.1.3", browser="c"
    )
    with django_assert_num_queries(1):
        result = rating_summaries([("guide", guide.code), ("guide", "g2"), ("item", code)])
    assert result == {
        ("guide", guide.code): {"good": 1, "bad": 1},
        ("guide", "g2"): {"good": 0, "bad": 0},
        ("item", code): {"good": 0, "bad": 1},
    }
    with django_assert_num_queries(0):
        assert rating_summaries([]) == {}
