"""The search source of published answers: only answered messages with the asker's consent, and never the
asker's name, phone or e-mail (nor any ID or phone number in the text)."""

from __future__ import annotations

from datetime import date

import pytest

from interaction import search_source, services
from portal.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_only_consented_answers_are_documents_and_none_names_the_asker(submit, office):
    agreed = submit(body="王小明反映：电话13912345678，学区划分不清。", consent=True)
    refused = submit(subject="不同意公开", consent=False)
    waiting = submit(subject="尚未答复", consent=True)
    for m in (agreed, refused):
        services.answer(user=office, message=m, text="王小明您好：已核实。", today=date(2026, 3, 4))
    docs = list(search_source.documents())
    assert [doc["key"] for doc in docs] == [str(agreed.pk)]
    text = repr(docs)
    for secret in ("王小明", "13912345678", "wxm@example.cn", "不同意公开", "尚未答复"):
        assert secret not in text
    assert "学区划分不清" in text
    assert list(search_source.documents([str(refused.pk), str(waiting.pk)])) == []


def test_an_answer_reaches_the_index_after_the_commit(submit, office, django_capture_on_commit_callbacks):
    agreed = submit(subject="学区划分咨询", consent=True)
    refused = submit(subject="停车收费投诉", consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(user=office, message=agreed, text="已核实。", today=date(2026, 3, 4))
        services.answer(user=office, message=refused, text="已核实。", today=date(2026, 3, 4))
    keys = set(SearchDocument.objects.filter(kind=search_source.KIND).values_list("key", flat=True))
    assert keys == {str(agreed.pk)}
    assert not SearchDocument.objects.filter(title__contains="停车收费").exists()
