"""The demo's ethnic township (issue 25 part 2): 硗碛藏族乡 with a 藏汉 and a 彝汉 window, its board notice, and
reviewed translations of a guide, two items and the notice — the public reads only the reviewed ones."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog.models import DisclosureItem, ServiceGuide
from demo import ethnic
from organizations.models import ServicePoint
from publishing import channels
from publishing.models import Publication
from translations import selectors
from translations.models import Status, Translation


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=io.StringIO())
                yield
                raise Rollback
        except Rollback:
            pass


pytestmark = pytest.mark.django_db


def test_the_township_has_a_tibetan_and_a_yi_window(demo):
    points = ServicePoint.objects.public().filter(unit__code=ethnic.TOWNSHIP["code"])
    assert sorted(points.values_list("bilingual", flat=True)) == ["bo", "ii"]
    assert points.get(bilingual="bo").latitude is not None  # drawn on the map


def test_the_reviewed_translations_are_the_ones_the_demo_marks_reviewed(demo):
    expected = {(kind, key, lang) for kind, key, lang, reviewed, *_ in ethnic.TEXTS if reviewed}
    pending = {(kind, key, lang) for kind, key, lang, reviewed, *_ in ethnic.TEXTS if not reviewed}
    assert pending and Translation.objects.filter(status=Status.PENDING).count() == len(pending)
    guide = ServiceGuide.objects.get(code="gongshu-dibao")
    offers = {o.code: o.translation for o in selectors.public_translations(ServiceGuide, guide.pk)}
    assert offers["bo"] is not None and offers["ii"] is not None
    item = DisclosureItem.objects.get(code="GS-SHJZ-03-01")
    offers = {o.code: o.translation for o in selectors.public_translations(DisclosureItem, item.pk)}
    assert offers["bo"] is not None and offers["ii"] is None  # the Yi text still waits for review
    assert Translation.objects.reviewed().count() == len(expected)


def test_the_township_board_carries_its_notice_in_three_scripts(demo):
    notice = Publication.objects.get(unit__code=ethnic.TOWNSHIP["code"], title=ethnic.NOTICE_TITLE)
    assert notice.status == "published"
    html = channels.board_html(notice.unit, "https://gk.example.cn")
    assert ethnic.NOTICE_TITLE in html and 'lang="bo"' in html and 'lang="ii"' in html
    assert "内容以中文为准" in html


def test_loading_again_changes_nothing(demo):
    before = (ServicePoint.objects.count(), Translation.objects.count(), Publication.objects.count())
    ethnic.load({})
    assert (ServicePoint.objects.count(), Translation.objects.count(), Publication.objects.count()) == before
