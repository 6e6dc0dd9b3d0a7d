from django.apps import AppConfig


class CatalogsConfig(AppConfig):
    name = "gongkai.catalogs"
    label = "catalogs"
    verbose_name = "清单管理"
