"""Translations: entered (未译 → 待审), reviewed by someone else (已审), taken back; who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import ServiceGuide
from organizations.models import Role
from tests.factories import district, member
from translations import services
from translations.models import Status, Translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    d = district()
    return {
        "office": member(Role.OFFICE, d["gov"], "office_t"),
        "officer": member(Role.OFFICER, d["s1"], "officer_t"),
        "reviewer": member(Role.REVIEWER, d["s1"], "reviewer_t"),
        "unit": d["s1"],
    }


@pytest.fixture
def record(people):
    # any model instance will do: translations name their record by content type and pk
    return people["unit"]


def enter(user, record, body="བོད་ཡིག", translator="扎西"):
    return services.save_translation(
        user=user, record=record, language="bo", body=body, source_text="中文", translator=translator
    )


def test_a_text_waits_for_review_and_an_empty_one_is_untranslated(people, record):
    t = enter(people["officer"], record)
    assert t.status == Status.PENDING and t.translated_on is not None
    t = enter(people["officer"], record, body="")
    assert t.status == Status.UNTRANSLATED and t.translated_on is None
    assert Translation.objects.count() == 1  # one per record and language


def test_review_by_another_person_publishes_it(people, record):
    t = enter(people["officer"], record)
    with pytest.raises(ValidationError):
        services.review_translation(user=people["reviewer"], translation=t, reviewer="扎西")  # the translator
    t = services.review_translation(user=people["reviewer"], translation=t, reviewer="泽仁")
    assert t.status == Status.REVIEWED and t.reviewer == "泽仁" and t.reviewed_on is not None
    assert list(Translation.objects.reviewed()) == [t]


def test_changing_a_reviewed_text_takes_it_off_the_public_pages(people, record):
    t = enter(people["officer"], record)
    services.review_translation(user=people["reviewer"], translation=t, reviewer="泽仁")
    t = enter(people["officer"], record, body="བོད་ཡིག་གསར་པ།")
    assert t.status == Status.PENDING and t.reviewer == ""
    assert not Translation.objects.reviewed().exists()


def test_an_unchanged_save_keeps_the_review(people, record):
    t = enter(people["officer"], record)
    services.review_translation(user=people["reviewer"], translation=t, reviewer="泽仁")
    t = enter(people["officer"], record)
    assert t.status == Status.REVIEWED


def test_return_needs_a_reason_and_sends_it_back_to_review(people, record):
    t = enter(people["officer"], record)
    services.review_translation(user=people["reviewer"], translation=t, reviewer="泽仁")
    with pytest.raises(ValidationError):
        services.return_translation(user=people["reviewer"], translation=t, reason=" ")
    t = services.return_translation(user=people["reviewer"], translation=t, reason="中文已更新")
    assert t.status == Status.PENDING
    assert t.history.first().history_change_reason == "中文已更新"


def test_officers_translate_reviewers_review_and_not_the_other_way(people, record):
    with pytest.raises(PermissionDenied):
        enter(people["reviewer"], record)
    t = enter(people["officer"], record)
    with pytest.raises(PermissionDenied):
        services.review_translation(user=people["officer"], translation=t, reviewer="泽仁")


def test_a_translator_is_named_and_the_language_is_known(people, record):
    with pytest.raises(ValidationError):
        enter(people["officer"], record, translator=" ")
    with pytest.raises(ValidationError):
        services.save_translation(
            user=people["officer"], record=record, language="ug", body="x", translator="a"
        )


def test_history_keeps_every_step_with_the_account(people, record):
    t = enter(people["officer"], record)
    services.review_translation(user=people["reviewer"], translation=t, reviewer="泽仁")
    steps = list(t.history.order_by("history_date").values_list("status", "history_user__username"))
    assert steps == [("pending", "officer_t"), ("reviewed", "reviewer_t")]


def test_the_record_is_named_by_content_type_so_guides_items_and_notices_share_one_table(people):
    assert Translation._meta.get_field("object_id").max_length >= 20
    assert ServiceGuide._meta.app_label == "catalog"  # a model of another app, no foreign key needed
