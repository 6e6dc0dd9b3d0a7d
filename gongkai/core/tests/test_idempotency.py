"""The shared idempotency keys: replay, refusal of a reused key, no key stored on failure, expiry,
and two simultaneous requests with one key making one row."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from gongkai.core import idempotency
from gongkai.core.models import Agency, IdempotencyKey
from gongkai.core.workflow import WorkflowError

from .factories import AgencyFactory


def _submit(key, payload):
    return idempotency.submit(
        scope="test.agency",
        key=key,
        payload=payload,
        create=lambda: AgencyFactory(),
        answer=lambda a: {"slug": a.slug, "on": dt.date(2026, 3, 2)},
    )


@pytest.mark.django_db
def test_a_retry_with_the_same_key_replays_the_answer_and_creates_nothing():
    first = _submit("k-1", {"text": "意见"})
    again = _submit("k-1", {"text": "意见"})
    assert (first.replayed, again.replayed) == (False, True)
    assert again.answer == first.answer == {"slug": first.obj.slug, "on": "2026-03-02"}
    assert again.obj == first.obj
    assert Agency.objects.count() == 1
    row = IdempotencyKey.objects.get()
    assert (row.scope, row.key, row.target) == ("test.agency", "k-1", first.obj)


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_in_chinese_and_creates_nothing():
    _submit("k-1", {"text": "意见"})
    with pytest.raises(idempotency.KeyReused, match="内容不同") as err:
        _submit("k-1", {"text": "另一条意见"})
    assert isinstance(err.value, WorkflowError)
    assert Agency.objects.count() == 1 and IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_separate_per_scope_and_absent_keys_never_replay():
    _submit("k-1", {"text": "意见"})
    other = idempotency.submit(scope="test.other", key="k-1", payload={"text": "意见"}, create=lambda: AgencyFactory(), answer=lambda a: {})
    assert other.replayed is False
    _submit("", {"text": "意见"})
    _submit(None, {"text": "意见"})
    assert Agency.objects.count() == 4 and IdempotencyKey.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["有中文", "a b", "x" * 65, "\t"])
def test_a_malformed_key_is_refused_in_chinese(key):
    with pytest.raises(idempotency.KeyInvalid, match="幂等键"):
        _submit(key, {"text": "意见"})
    assert not Agency.objects.exists() and not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_failed_submission_stores_no_key_so_the_corrected_retry_goes_through():
    def refuse():
        raise WorkflowError("请填写内容。")

    with pytest.raises(WorkflowError, match="请填写内容"):
        idempotency.submit(scope="test.agency", key="k-1", payload={"text": ""}, create=refuse, answer=lambda a: {})
    assert not IdempotencyKey.objects.exists()
    assert _submit("k-1", {"text": "意见"}).replayed is False
    assert Agency.objects.count() == 1


def test_the_fingerprint_covers_files_by_content_and_ignores_key_order():
    one = SimpleUploadedFile("a.pdf", b"%PDF-1.4 one")
    two = SimpleUploadedFile("a.pdf", b"%PDF-1.4 two")
    assert idempotency.fingerprint({"a": 1, "b": [1, 2]}) == idempotency.fingerprint({"b": [1, 2], "a": 1})
    assert idempotency.fingerprint({"f": one}) != idempotency.fingerprint({"f": two})
    assert one.read() == b"%PDF-1.4 one"  # hashing left the upload readable from the start


@pytest.mark.django_db
def test_keys_are_purged_after_their_time_and_then_free_again(settings):
    settings.GONGKAI_IDEMPOTENCY_TTL_HOURS = 48
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _submit("old", {"text": "意见"})
    with time_machine.travel(start + dt.timedelta(hours=47), tick=False):
        _submit("new", {"text": "意见"})
    with time_machine.travel(start + dt.timedelta(hours=49), tick=False):
        assert idempotency.keys_purge() == 1
        assert idempotency.keys_purge() == 0
        assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
        assert _submit("old", {"text": "意见"}).replayed is False


@pytest.mark.django_db
def test_the_periodic_task_purges_expired_keys():
    from gongkai.core.tasks import purge_idempotency_keys

    with time_machine.travel(timezone.now() - dt.timedelta(days=3), tick=False):
        _submit("old", {"text": "意见"})
    _submit("new", {"text": "意见"})
    purge_idempotency_keys.call_local()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_key_make_one_row():
    if connection.vendor == "sqlite" and "memory" in connection.settings_dict["NAME"]:
        pytest.skip("the in-memory test database of SQLite locks tables across threads; bench/submit runs this on a WAL file")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def slow_create():
        agency = AgencyFactory(short_name="并发机构")
        time.sleep(0.3)  # the twin arrives while this transaction is still open
        return agency

    def worker():
        try:
            barrier.wait()
            results.append(
                idempotency.submit(
                    scope="test.agency", key="twin", payload={"text": "意见"}, create=slow_create, answer=lambda a: {"slug": a.slug}
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(r.replayed for r in results) == [False, True]
    assert results[0].answer == results[1].answer
    assert Agency.objects.filter(short_name="并发机构").count() == 1
    assert IdempotencyKey.objects.filter(key="twin").count() == 1
