"""Idempotency keys of public submissions: one row per (scope, key), written in the same
transaction as what the submission created, so a retry gets the first answer and creates nothing."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """A key a client sent with a submission, the fingerprint of what it sent and the answer it got."""

    scope = models.CharField(_("范围"), max_length=60)  # what kind of submission, e.g. "decisions.comment"
    key = models.CharField(_("幂等键"), max_length=64)
    fingerprint = models.CharField(_("请求摘要"), max_length=64)  # SHA-256 of the canonical request body
    status_code = models.PositiveSmallIntegerField(_("首次应答状态码"), default=201)
    response = models.JSONField(_("首次应答"), default=dict)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="core_idempotency_scope_key_unique")]
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
