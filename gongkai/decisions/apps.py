from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "gongkai.decisions"
    verbose_name = "重大决策与公众参与"
