from django.db import migrations

from gongkai.disclosures.seed_data import CATALOG_COLUMNS, TOPICS


def seed(apps, schema_editor):
    CatalogColumn = apps.get_model("disclosures", "CatalogColumn")
    Topic = apps.get_model("disclosures", "Topic")
    for order, (slug, name, description) in enumerate(CATALOG_COLUMNS):
        CatalogColumn.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})
    for order, (code, name, children) in enumerate(TOPICS):
        parent, _ = Topic.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
        for child_order, (child_code, child_name) in enumerate(children):
            Topic.objects.get_or_create(code=child_code, defaults={"name": child_name, "parent": parent, "sort_order": child_order})


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
