"""The 26 national fields and the provincial presets are reference data: every installation has them."""
from django.db import migrations

from domains.reference import NATIONAL_DOMAINS, PRESETS


def create_reference(apps, schema_editor):
    Domain = apps.get_model("domains", "Domain")
    DomainPreset = apps.get_model("domains", "DomainPreset")
    for order, (code, name, former, number) in enumerate(NATIONAL_DOMAINS, start=1):
        Domain.objects.get_or_create(
            code=code, defaults={"name": name, "former_names": former, "guideline_number": number, "order": order}
        )
    for code, name, source, members in PRESETS:
        preset, _ = DomainPreset.objects.get_or_create(code=code, defaults={"name": name, "source": source})
        preset.domains.add(*Domain.objects.filter(code__in=members))


class Migration(migrations.Migration):
    dependencies = [("domains", "0001_initial")]
    operations = [migrations.RunPython(create_reference, migrations.RunPython.noop)]
