from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "gongkai.compliance"
    label = "compliance"
    verbose_name = "时限监督"
    default_auto_field = "django.db.models.BigAutoField"
