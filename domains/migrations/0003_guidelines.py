"""The national guidelines (标准指引) of the fields, where a published source confirms them; former names."""

from django.db import migrations

from domains.reference import GUIDELINES, NATIONAL_DOMAINS


def apply_guidelines(apps, schema_editor):
    """Fill each field's guideline where it is blank (an office's own entry is kept) and add the former
    names the reference knows. Idempotent."""
    Domain = apps.get_model("domains", "Domain")
    former_of = {code: former for code, _name, former, _number in NATIONAL_DOMAINS}
    for domain in Domain.objects.filter(code__in=list(former_of)):
        issuer, number, title, _source = GUIDELINES.get(domain.code, ("", "", "", ""))
        domain.guideline_issuer = domain.guideline_issuer or issuer
        domain.guideline_number = domain.guideline_number or number
        domain.guideline_title = domain.guideline_title or title
        names = [n for n in (domain.former_names or "").split("、") if n]
        for name in (former_of[domain.code] or "").split("、"):
            if name and name not in names:
                names.append(name)
        domain.former_names = "、".join(names)
        domain.save(update_fields=["guideline_issuer", "guideline_number", "guideline_title", "former_names"])


class Migration(migrations.Migration):
    dependencies = [("domains", "0002_reference_domains")]
    operations = [migrations.RunPython(apply_guidelines, migrations.RunPython.noop)]
