from django.apps import AppConfig


class ServiceGuidesConfig(AppConfig):
    name = "gongkai.service_guides"
    label = "service_guides"
    verbose_name = "办事服务"
