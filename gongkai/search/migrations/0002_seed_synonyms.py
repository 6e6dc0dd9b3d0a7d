"""Synonyms every installation starts with; staff edit them in the admin (检索 › 同义词组)."""

from django.db import migrations

GROUPS = [
    ("农发 农业综合开发", "农业综合开发的简称"),
    ("农发办 农业综合开发办公室", "机构简称"),
    ("年报 年度报告", ""),
    ("高标农田 高标准农田", ""),
    ("农机补贴 农机购置补贴", ""),
    ("种粮补贴 耕地地力保护补贴", "2016年起三项补贴合并为耕地地力保护补贴"),
    ("三公经费 因公出国（境）费 公务接待费 公务用车购置及运行费", ""),
    ("十四五 第十四个五年规划", ""),
    ("十三五 第十三个五年规划", ""),
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for words, note in GROUPS:
        SynonymGroup.objects.get_or_create(words=words, defaults={"note": note})


def unseed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    SynonymGroup.objects.filter(words__in=[w for w, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
