"""The audit trail of reads of applicants' personal data (issue 28): append-only, shown to the office and the
auditor read-only, exportable as CSV."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from foi import services
from foi.models import AccessLog, Event
from organizations.models import Role
from tests.append_only import assert_append_only
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/admin/foi/accesslog/"


@pytest.fixture
def logged(make_request, officer):
    request = make_request(date(2025, 9, 1))
    services.log_access(user=officer, request=request, where="admin")
    return AccessLog.objects.get()


def test_an_access_log_row_can_be_neither_changed_nor_deleted(logged):
    logged.where = "api"
    with pytest.raises(ValidationError, match="查阅记录只能追加"):
        logged.save()
    with pytest.raises(ValidationError, match="查阅记录不能删除"):
        logged.delete()


def test_the_office_and_the_auditor_read_and_export_it_read_only(logged, client, d):
    auditor = member(Role.AUDITOR, d["gov"], "audit_reader")
    client.force_login(auditor)
    page = client.get(URL)
    assert page.status_code == 200 and logged.request.reference in page.content.decode()
    assert client.get(f"{URL}add/").status_code == 403
    export = client.post(URL, {"action": "export_csv", "_selected_action": [logged.pk]})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "时间,查看人,途径,受理编号,受理单位"
    assert logged.request.reference in text


def test_an_officer_of_another_unit_sees_no_row(logged, client, d):
    client.force_login(member(Role.OFFICER, d["s2"], "other_officer"))
    page = client.get(URL)
    assert page.status_code in (200, 403)
    assert logged.request.reference not in page.content.decode()


def test_a_request_event_can_be_neither_changed_nor_deleted(make_request):
    event = Event.objects.filter(request=make_request(date(2025, 9, 1))).first()
    assert_append_only(event, "办理记录", label="改写")
