"""The three national kinds of consultation and their minimum periods (consultation/periods.py cites each)."""

from django.db import migrations

KINDS = (
    ("major", "重大行政决策", 30, False, "《重大行政决策程序暂行条例》（国务院令第713号）第十五条"),
    ("enterprise", "涉企政策", 30, False, "《优化营商环境条例》（国务院令第722号）第六十二条"),
    (
        "normative",
        "行政规范性文件",
        7,
        True,
        "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
    ),
)


def seed(apps, schema_editor):
    Kind = apps.get_model("consultation", "Kind")
    for code, name, days, workdays, basis in KINDS:
        Kind.objects.get_or_create(
            code=code, defaults={"name": name, "days": days, "workdays": workdays, "basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
