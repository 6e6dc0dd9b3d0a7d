"""Idempotency keys for public submissions (comments, letters, requests, registrations …).

A client sends a key it chose (the HTML forms carry a fresh random one in a hidden field, API clients
send the `Idempotency-Key` header). The first submission with a key stores, in the same transaction
as what it creates, a row (scope, key, fingerprint of the body, the answer, the object). A retry with
the same key and the same body gets that answer again and creates nothing; the same key with another
body is refused. Two simultaneous requests with one key make one row: the unique (scope, key)
constraint is claimed before the work, so on PostgreSQL the second insert waits for the first
transaction and then fails into the replay; on SQLite (BEGIN IMMEDIATE) the transactions run one
after the other. A failed submission stores no key, so the client may correct and resend.
Keys are honoured for `GONGKAI_IDEMPOTENCY_TTL_HOURS` (48) and purged after that by a periodic task.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import IdempotencyKey
from .workflow import WorkflowError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"  # set on an API answer that repeats an earlier one
FORM_FIELD = "idem"  # the hidden field of the public forms
KEY_MAX = 64
_KEY_RE = re.compile(rf"^[\x21-\x7e]{{1,{KEY_MAX}}}$")  # visible ASCII, no spaces: a UUID fits
DEFAULT_TTL_HOURS = 48

T = TypeVar("T", bound=models.Model)


class IdempotencyError(WorkflowError):
    """A key the server cannot honour; answered 422 with `message` (Chinese) and nothing stored."""

    code = "idempotency_error"


class KeyInvalid(IdempotencyError):
    code = "idempotency_key_invalid"


class KeyReused(IdempotencyError):
    code = "idempotency_key_reused"


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a submission produced: the object (None if it was deleted since), the answer, and
    whether this was a replay of an earlier submission with the same key."""

    obj: T | None
    answer: dict
    replayed: bool
    status_code: int = 201


def new_key() -> str:
    """A fresh random key for a form (128 bits)."""
    return uuid.uuid4().hex


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "GONGKAI_IDEMPOTENCY_TTL_HOURS", DEFAULT_TTL_HOURS)))


class IdempotentFormMixin:
    """Gives a form the hidden field `idem`: a fresh random key when the form is shown, the key it
    was sent when it is shown again with errors (nothing was stored, so the same key is still free)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial[FORM_FIELD] = new_key()

    def renew_key(self) -> None:
        """After a refused reuse of the key, the form is shown again with a new one."""
        data = self.data.copy()
        data[FORM_FIELD] = new_key()
        self.data = data

    def payload(self, **extra: Any) -> dict:
        """What the fingerprint covers: the cleaned fields without the key, plus `extra` (the target)."""
        return {**{k: v for k, v in self.cleaned_data.items() if k != FORM_FIELD}, **extra}

    key_refused = False  # the last submit_once was refused for its key (answer 422; the form has a new key)

    def submit_once(
        self,
        *,
        scope: str,
        create: Callable[[], T],
        answer: Callable[[T], dict],
        refused: tuple[type[Exception], ...] = (WorkflowError,),
        **target: Any,
    ) -> Outcome[T] | None:
        """`submit` with this valid form's key and payload (plus `target`). None when it was
        refused: the message of the IdempotencyError or of one of `refused` (each with `.message`)
        is added to the form's errors, and after a refused key the form has a new one."""
        try:
            return submit(
                scope=scope, key=self.cleaned_data[FORM_FIELD], payload=self.payload(**target), create=create, answer=answer
            )
        except IdempotencyError as err:
            self.add_error(None, err.message)
            self.renew_key()
            self.key_refused = True
        except refused as err:
            self.add_error(None, err.message)
        return None


def api_status(outcome: Outcome, response: HttpResponse) -> int:
    """The status of an API answer: 201 for a new submission; 200 with `Idempotent-Replayed: true` for a replay."""
    if outcome.replayed:
        response[REPLAYED_HEADER] = "true"
        return 200
    return outcome.status_code


def _file_digest(upload: UploadedFile) -> dict:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"name": upload.name, "size": upload.size, "sha256": digest.hexdigest()}


def _canonical(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return _file_digest(value)
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_canonical(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return value


def fingerprint(payload: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of what was sent (sorted keys; files by name, size and content)."""
    text = json.dumps(_canonical(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str) -> str:
    key = (key or "").strip()
    if not _KEY_RE.match(key):
        raise KeyInvalid("幂等键（Idempotency-Key）格式不正确：应为1至64个可见ASCII字符，不含空格，建议使用UUID。")
    return key


def _replay(record: IdempotencyKey, digest: str) -> Outcome:
    if record.fingerprint != digest:
        raise KeyReused("该幂等键已用于一次内容不同的提交，本次提交未被接受。如需提交新的内容，请刷新页面（或使用新的幂等键）后重新提交。")
    obj = None
    if record.content_type_id and record.object_id is not None:
        model = ContentType.objects.get_for_id(record.content_type_id).model_class()
        obj = model._default_manager.filter(pk=record.object_id).first() if model else None
    return Outcome(obj=obj, answer=record.response, replayed=True, status_code=record.status_code)


def submit(
    *,
    scope: str,
    key: str | None,
    payload: Mapping[str, Any],
    create: Callable[[], T],
    answer: Callable[[T], dict],
    status_code: int = 201,
) -> Outcome[T]:
    """Run `create` once per (scope, key): the first call creates and records the answer in one
    transaction; a later call with the same key and payload replays it; another payload raises KeyReused.
    Without a key, `create` simply runs. Errors raised by `create` propagate and store nothing."""
    if not key:
        obj = create()
        return Outcome(obj=obj, answer=answer(obj), replayed=False, status_code=status_code)
    key = check_key(key)
    digest = fingerprint(payload)
    with transaction.atomic():
        try:
            with transaction.atomic():
                # Claim the key first: a concurrent twin blocks here (PostgreSQL) or at BEGIN (SQLite)
                # until this transaction ends, then finds the row and replays it.
                record = IdempotencyKey.objects.create(scope=scope, key=key, fingerprint=digest, status_code=status_code)
        except IntegrityError:
            record = IdempotencyKey.objects.get(scope=scope, key=key)
            return _replay(record, digest)
        obj = create()
        record.response = json.loads(json.dumps(answer(obj), default=str, ensure_ascii=False))
        record.content_type = ContentType.objects.get_for_model(obj)
        record.object_id = obj.pk
        record.save(update_fields=["response", "content_type", "object_id"])
    return Outcome(obj=obj, answer=record.response, replayed=False, status_code=status_code)


def keys_purge(*, now: dt.datetime | None = None) -> int:
    """Delete keys older than the time they are honoured for; returns how many (a periodic task)."""
    cutoff = (now or timezone.now()) - ttl()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
