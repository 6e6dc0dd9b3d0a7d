from django.db import migrations

MARKS = ["绝密", "机密", "秘密", "内部资料", "内部文件", "不宜公开", "内部使用", "注意保密"]


def seed(apps, schema_editor):
    SecrecyMark = apps.get_model("core", "SecrecyMark")
    for word in MARKS:
        SecrecyMark.objects.get_or_create(word=word)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
