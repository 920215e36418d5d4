"""Personal data encrypted at rest (issue 28): the database, its dumps and its history rows hold no applicant's
ID number, phone, address or name in clear; the application reads them back; the ID number is still found by
its exact-match hash; keys rotate; a wrong key fails loudly instead of blanking data."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from core import crypto
from foi.models import DisclosureRequest
from participation.models import Correction

pytestmark = pytest.mark.django_db

CLEAR = ("330105199001011233", "13800000000", "杭州市拱墅区测试路1号", "张三", "zhangsan@example.com")


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
        return repr(cursor.fetchall())


def database_dump() -> str:
    """Every row of every table, as the database holds it (what a dump or a backup copies)."""
    return "\n".join(raw_rows(table) for table in connection.introspection.table_names())


def test_a_filed_request_leaves_no_personal_data_in_clear(make_request, applicant):
    from datetime import date

    request = make_request(date(2025, 9, 1))
    dump = database_dump()
    assert [value for value in CLEAR if value in dump] == []
    assert crypto.PREFIX in raw_rows("foi_historicaldisclosurerequest")
    request = DisclosureRequest.objects.get(pk=request.pk)
    assert (request.id_number, request.phone, request.address, request.applicant_name) == (
        applicant.id_number,
        applicant.phone,
        applicant.address,
        applicant.name,
    )


def test_the_id_number_is_found_by_its_hash_not_its_text(make_request):
    from datetime import date

    first = make_request(date(2025, 9, 1))
    second = make_request(date(2025, 9, 3))
    assert (
        DisclosureRequest.objects.filter(id_number_hash=crypto.lookup_hash("330105 1990 0101 1233")).count()
        == 2
    )
    assert not DisclosureRequest.objects.filter(id_number="330105199001011233").exists()  # ciphertext only
    from foi.services import _monthly_position

    assert (_monthly_position(first), _monthly_position(second)) == (1, 2)


def test_a_citizens_correction_contact_is_encrypted(db):
    Correction.objects.create(kind="content", description="错别字", contact="13912345678")
    assert "13912345678" not in raw_rows("participation_correction")
    assert Correction.objects.get().contact == "13912345678"


def test_keys_rotate_and_a_dropped_key_fails_loudly(make_request, settings):
    from datetime import date

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    request = make_request(date(2025, 9, 1))
    before = raw_rows("foi_disclosurerequest")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # the new key first: old values still read
    assert DisclosureRequest.objects.get(pk=request.pk).phone == "13800000000"
    out = io.StringIO()
    call_command("field_keys", "--rotate", stdout=out)
    assert "foi.DisclosureRequest: 已重新加密" in out.getvalue()
    assert raw_rows("foi_disclosurerequest") != before
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key dropped after the rotation
    assert DisclosureRequest.objects.get(pk=request.pk).phone == "13800000000"
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # a wrong key: no silent blanks
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        DisclosureRequest.objects.get(pk=request.pk)
