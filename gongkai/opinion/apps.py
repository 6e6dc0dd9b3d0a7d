from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "gongkai.opinion"
    label = "opinion"
    verbose_name = "政务舆情回应"
