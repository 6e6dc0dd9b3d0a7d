from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def _pause_during_migrate(sender, **kwargs) -> None:
    """Data migrations write before our tables exist; the whole cache is cleared afterwards anyway."""
    from . import tracking

    tracking.paused = True


def _clear_after_migrate(sender, **kwargs) -> None:
    """A deploy migrates: pages rendered by the old code must not outlive it."""
    from . import conf, store, tracking

    tracking.paused = False
    if conf.enabled():
        store.clear()


class PageCacheConfig(AppConfig):
    name = "gongkai.pagecache"
    label = "pagecache"
    verbose_name = "整页缓存"

    def ready(self) -> None:
        from . import tracking

        tracking.install()
        pre_migrate.connect(_pause_during_migrate, sender=self, dispatch_uid="pagecache_pause_during_migrate")
        post_migrate.connect(_clear_after_migrate, sender=self, dispatch_uid="pagecache_clear_after_migrate")
