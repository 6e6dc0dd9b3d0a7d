from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import receivers

        receivers.connect()
        post_migrate.connect(_clear_orphaned_tokens, sender=self)


def _clear_orphaned_tokens(sender, using="default", **kwargs) -> None:
    """A flush (run between transactional tests, then followed by post_migrate) empties Django's
    tables but not the backend's own token tables, which would then answer for documents that are gone."""
    from django.db import connections

    from .backends import get_backend

    if using != "default" or connections[using].vendor not in ("sqlite", "postgresql"):
        return
    try:
        get_backend().clear_if_orphaned()
    except Exception:  # before the search tables exist
        pass
