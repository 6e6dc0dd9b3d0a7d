from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SecrecyMark(models.Model):
    """A word that marks text as not for publication (秘密, 内部资料 …); staff-editable."""

    word = models.CharField(_("敏感标识词"), max_length=40, unique=True)
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("保密标识词")
        verbose_name_plural = _("保密标识词")

    def __str__(self) -> str:
        return self.word
