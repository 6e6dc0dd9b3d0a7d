"""Factories for catalogue columns, topics and disclosure items."""

from __future__ import annotations

import factory

from gongkai.core.models import User
from gongkai.disclosures import services
from gongkai.disclosures.models import CatalogColumn, ItemVersion, Topic


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogColumn
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"col{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"主题{n}")
    code = factory.Sequence(lambda n: f"T{n:03d}")


def draft(editor: User, **fields) -> ItemVersion:
    """A new item's first version, as a draft written by `editor`."""
    fields.setdefault("title", "关于推进政务公开工作的实施方案")
    fields.setdefault("body", "<p>为认真落实政务公开工作要求，制定本方案。</p>")
    if "column" not in fields:
        fields["column"] = ColumnFactory()
    if "topic" not in fields:
        fields["topic"] = TopicFactory()
    return services.item_create(by=editor, **fields)


def published(editor: User, reviewer: User, signer: User, **fields) -> ItemVersion:
    """A version walked through the whole workflow to publication."""
    version = draft(editor, **fields)
    version = services.version_submit(version=version, by=editor)
    version = services.version_approve(version=version, by=reviewer)
    version = services.version_sign(version=version, by=signer)
    version.refresh_from_db()
    return version
