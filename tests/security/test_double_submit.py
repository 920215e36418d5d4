"""Double submits (issue 28, 2): two identical POSTs at once made two FOI requests, two 纠错 reports, two
subscriptions and, without the browser cookie, two ratings. Every public form now runs once: the submission's
keyed fingerprint is claimed in a unique column (core.once) in the write's own transaction, and a repeat is
shown the first one's result.

The sequential tests rely on that unique column; the threaded test (PostgreSQL only, where requests really
run side by side) sends the same submission from several connections at once.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from core.models import OutgoingMail, Submission
from core.once import once
from foi.models import DisclosureRequest
from participation import services as participation
from participation.models import Correction, Rating
from publishing import subscriptions
from publishing.models import Subscription
from tests.factories import district
from tests.portal.fixtures import clean_cache, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _application(unit, **extra):
    return {
        "unit": unit.pk,
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "id_card",
        "id_number": "330105199001011233",
        "phone": "13800000000",
        "description": "请公开2024年学区划分方案",
        "form": "electronic",
        "delivery": "online",
        **extra,
    }


def test_the_same_fo_i_application_twice_files_one_request():
    units = district()
    browser = Client()
    first = browser.post("/foi/apply/", _application(units["dept"]))
    again = browser.post("/foi/apply/", _application(units["dept"]))
    assert first.status_code == again.status_code == 302
    assert DisclosureRequest.objects.count() == 1
    filed = DisclosureRequest.objects.get()
    # the browser shows the last response: it lands on the first application's page, secret and all
    page = browser.get(again["Location"]).content.decode()
    assert filed.tracking_code in page and 'id="tracking-secret"' in page
    # another client sending the very same application sees the first one's code, no secret, no new request
    stranger = Client().post("/foi/apply/", _application(units["dept"]))
    page = Client().get(stranger["Location"]).content.decode()
    assert filed.tracking_code in page and "submitted-again" in page and 'id="tracking-secret"' not in page
    assert DisclosureRequest.objects.count() == 1
    # a different application is a new request
    Client().post("/foi/apply/", _application(units["dept"], description="请公开2024年招生计划"))
    assert DisclosureRequest.objects.count() == 2


def test_a_forged_again_link_shows_nothing():
    response = Client().get("/foi/apply/done/", {"again": "FAKE-CODE"})
    assert response.status_code == 302 and response["Location"] == "/foi/status/"


def test_the_same_correction_twice_is_one_report():
    data = {"kind": "typo", "description": "第三段有错别字", "page_url": "/units/D-EDU/"}
    first = Client().post("/participation/correction/", data, REMOTE_ADDR="10.0.0.5")
    again = Client().post("/participation/correction/", data, REMOTE_ADDR="10.0.0.5")
    assert Correction.objects.count() == 1
    code = Correction.objects.get().code
    assert code in first.content.decode() and code in again.content.decode()
    # another visitor reporting the same thing is another report
    Client().post("/participation/correction/", data, REMOTE_ADDR="10.0.0.6")
    assert Correction.objects.count() == 2


def test_the_same_subscription_twice_is_one_row_and_one_mail():
    district()
    data = {"email": "a@example.cn", "unit": "D-EDU"}
    for _ in range(2):
        response = Client().post("/channels/subscribe/", data)
        assert response.status_code == 200
    assert Subscription.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


def test_two_ratings_without_the_browser_cookie_are_one(world):  # noqa: F811
    code = world.code_of(world.dibao)
    data = {"target_kind": "item", "target_code": code, "value": "good", "next": f"/items/{code}/"}
    for _ in range(2):  # two fresh clients: no browser cookie either time
        response = Client().post("/participation/rate/", data, REMOTE_ADDR="10.0.0.7")
        assert response.status_code == 302
    assert Rating.objects.count() == 1


def test_a_failed_submission_leaves_no_claim():
    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        once("test", ["x"], window=60, action=fail)
    assert not Submission.objects.exists()
    assert not once("test", ["x"], window=60, action=lambda: Submission(pk=7), ref=str).repeated


def test_a_claim_past_its_window_runs_again(settings):
    made = once("test", ["y"], window=60, action=lambda: "one", ref=str)
    assert once("test", ["y"], window=60, action=lambda: "two", ref=str).first == "one"
    Submission.objects.update(created_at="2020-01-01T00:00:00Z")
    assert once("test", ["y"], window=60, action=lambda: "three", ref=str).made == "three"
    assert made.made == "one" and Submission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="side-by-side transactions need PostgreSQL")
def test_identical_submissions_at_the_same_moment_make_one_row():
    district()
    runs = 6
    barrier = threading.Barrier(runs)
    errors: list[BaseException] = []

    def send(kind: str):
        try:
            barrier.wait()
            if kind == "correction":
                participation.file_correction(
                    page_url="/", kind="typo", description="同时提交", ip="10.0.0.9"
                )
            else:
                from organizations.models import Unit

                subscriptions.subscribe(email="b@example.cn", unit=Unit.objects.get(code="D-EDU"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    for kind in ("correction", "subscription"):
        threads = [threading.Thread(target=send, args=(kind,)) for _ in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors
    assert Correction.objects.count() == 1
    assert Subscription.objects.count() == 1
