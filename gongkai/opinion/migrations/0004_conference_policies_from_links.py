"""Move the conference links that point at a published disclosure item (/gk/i/<pk>/) into the
`policies` relation; any other line stays in related_links, shown as before. Reversible."""

import re

from django.db import migrations

ITEM_PATH = re.compile(r"^/gk/i/(\d+)/?(?:[?#].*)?$")


def links_to_policies(apps, schema_editor):
    PressConference = apps.get_model("opinion", "PressConference")
    DisclosureItem = apps.get_model("disclosures", "DisclosureItem")
    for conference in PressConference.objects.exclude(related_links="").iterator():
        kept, linked = [], []
        for line in conference.related_links.splitlines():
            match = ITEM_PATH.match(line.strip())
            item = None
            if match:
                item = DisclosureItem.objects.filter(pk=int(match.group(1)), live_version__isnull=False).first()
            if item is None:
                kept.append(line)
            elif item.pk not in linked:
                linked.append(item.pk)
        if linked:
            conference.policies.add(*linked)
            conference.related_links = "\n".join(kept).strip()
            conference.save(update_fields=["related_links"])


def policies_to_links(apps, schema_editor):
    PressConference = apps.get_model("opinion", "PressConference")
    for conference in PressConference.objects.filter(policies__isnull=False).distinct().iterator():
        lines = [f"/gk/i/{pk}/" for pk in conference.policies.order_by("pk").values_list("pk", flat=True)]
        if conference.related_links.strip():
            lines.append(conference.related_links.strip())
        conference.related_links = "\n".join(lines)
        conference.save(update_fields=["related_links"])
        conference.policies.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("opinion", "0003_conference_policies"),
    ]

    operations = [migrations.RunPython(links_to_policies, policies_to_links)]
