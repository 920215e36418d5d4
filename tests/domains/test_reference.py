"""The 26 fields carry their national guideline where a published source confirms it, and their former names."""

import pytest

from catalog.importer import DomainMatcher
from domains.models import Domain
from domains.reference import GUIDELINES, NATIONAL_DOMAINS

pytestmark = pytest.mark.django_db

#: The numbers issue 11 lists, each verified against the source recorded in domains.reference.GUIDELINES.
CONFIRMED = {
    "major-projects": "发改办投资〔2019〕621号",
    "work-safety": "应急厅函〔2019〕390号",
    "disaster-relief": "应急厅函〔2019〕390号",
    "social-assistance": "民办函〔2019〕52号",
    "elderly-care": "民办函〔2019〕52号",
    "environment": "环办厅函〔2019〕672号",
    "household-registration": "公治安〔2019〕158号",
    "public-culture": "办办发〔2019〕139号",
    "public-legal": "司办通〔2019〕57号",
    "employment": "人社厅函〔2019〕113号",
    "social-insurance": "人社厅函〔2019〕113号",
    "budget": "财办发〔2019〕77号",
}


@pytest.mark.parametrize("code, number", sorted(CONFIRMED.items()))
def test_a_field_carries_its_confirmed_guideline(code, number):
    domain = Domain.objects.get(code=code)
    assert domain.guideline_number == number
    assert domain.guideline_issuer and domain.guideline_title


def test_every_guideline_names_its_source_and_unconfirmed_numbers_stay_blank():
    assert all(source for _issuer, _number, _title, source in GUIDELINES.values())
    assert GUIDELINES["compulsory-education"][1] == ""  # 教办厅函〔2019〕39号: no source found confirms it
    assert Domain.objects.get(code="compulsory-education").guideline_number == ""
    without = {code for code, *_ in NATIONAL_DOMAINS} - set(GUIDELINES)
    assert Domain.objects.filter(code__in=without).exclude(guideline_number="").count() == 0


@pytest.mark.parametrize(
    "former, code",
    [
        ("医疗卫生", "health"),
        ("扶贫救灾", "disaster-relief"),
        ("住房保障", "affordable-housing"),
        ("扶贫", "rural-revitalization"),
    ],
)
def test_former_names_are_recognised(former, code):
    matcher = DomainMatcher(Domain.objects.all())
    assert matcher.resolve(former).code == code
    assert matcher.resolve(f"拱墅区{former}领域基层政务公开标准目录").code == code


def test_applying_the_guidelines_again_keeps_an_office_entry():
    from importlib import import_module

    from django.apps import apps

    domain = Domain.objects.get(code="employment")
    domain.guideline_number = "本区转发文号"
    domain.save()
    import_module("domains.migrations.0003_guidelines").apply_guidelines(apps, None)
    domain.refresh_from_db()
    assert domain.guideline_number == "本区转发文号"
    assert domain.former_names.count("医疗卫生") == 0
