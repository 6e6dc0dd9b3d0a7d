from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "公开渠道与公开账本"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
