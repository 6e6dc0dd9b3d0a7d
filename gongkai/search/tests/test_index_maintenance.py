"""Keeping the index in step: failed updates, a damaged index, the reindex command, the user dictionary."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.search import services
from gongkai.search.backends import get_backend
from gongkai.search.models import PendingUpdate, SearchDocument, UserWord

pytestmark = pytest.mark.django_db


def test_a_failed_index_update_never_fails_the_publication_and_the_repair_task_catches_up(publish, find, monkeypatch):
    backend_class = type(get_backend())

    def broken(self, entries):
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr(backend_class, "write_tokens", broken)
        version = publish(title="农田水利建设通知", body="正文")

    version.item.refresh_from_db()
    assert version.item.live_version_id == version.pk  # published all the same
    assert list(PendingUpdate.objects.values_list("item_id", flat=True)) == [version.item_id]
    assert find("农田水利") == []

    report = services.index_repair()

    assert report.refreshed == 1
    assert find("农田水利") == ["农田水利建设通知"]
    assert not PendingUpdate.objects.exists()


def test_the_repair_task_indexes_an_update_that_was_lost_altogether(publish, find):
    version = publish(title="农田水利建设通知", body="正文")
    get_backend().delete([version.item_id])  # as if the process died between commit and index update

    services.index_repair()

    assert find("农田水利") == ["农田水利建设通知"]


def _damage_token_index():
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("DROP TABLE search_pg_index")
        else:
            cur.execute("DROP TABLE search_fts")


def test_a_missing_token_index_is_rebuilt_and_the_visitor_never_sees_an_error(publish, client):
    publish(title="农田水利建设通知", body="正文")
    _damage_token_index()

    response = client.get("/search/", {"q": "农田水利"})

    assert response.status_code == 200
    results = response.context["results"]
    assert results.degraded  # answered by a plain scan while the index was rebuilt
    assert [h.title for h in results.hits] == ["农田水利建设通知"]
    assert not get_backend().is_damaged()
    results = client.get("/search/", {"q": "农田水利"}).context["results"]
    assert not results.degraded
    assert [h.title for h in results.hits] == ["农田水利建设通知"]


def test_reindex_rebuilds_everything_and_drops_what_is_no_longer_public(publish, withdraw, find):
    kept = publish(title="农田水利建设通知", body="正文")
    gone = publish(title="林业工作要点", body="正文")
    SearchDocument.objects.filter(pk=kept.item_id).delete()
    withdraw(gone)
    stale_entry = SearchDocument.objects.create(
        item_id=gone.item_id,
        version_id=gone.pk,
        sort_key=1,
        title="林业工作要点",
        index_number=gone.item.index_number,
        agency_id=gone.item.agency_id,
        agency_name="x",
        column_id=gone.column_id,
        topic_id=gone.topic_id,
        validity="valid",
        published_at=gone.published_at,
        year=2026,
    )
    err, out = io.StringIO(), io.StringIO()

    call_command("reindex", stdout=out, stderr=err)

    assert "已索引 1 条，移除 1 条" in out.getvalue()
    assert "1/1 100%" in err.getvalue()
    assert find("农田水利") == ["农田水利建设通知"]
    assert not SearchDocument.objects.filter(pk=stale_entry.pk).exists()


def test_a_word_added_to_the_user_dictionary_is_segmented_whole_after_reindexing(
    publish, find, django_capture_on_commit_callbacks
):
    publish(title="坊子农发办年度总结", body="正文")
    publish(title="农发办公楼维修", body="正文")
    assert sorted(find("坊子农发办")) == ["坊子农发办年度总结"]

    with django_capture_on_commit_callbacks(execute=True):  # the reindex runs on commit (at once in tests)
        services.user_word_add(word="坊子农发办", note="本单位简称")

    assert UserWord.objects.get().word == "坊子农发办"
    assert find("坊子农发办") == ["坊子农发办年度总结"]
    tokens = get_backend_tokens(SearchDocument.objects.get(title="坊子农发办年度总结").item_id)
    assert "坊子农发办" in tokens


def get_backend_tokens(item_id: int) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT tsv::text FROM search_pg_index WHERE item_id = %s", [item_id])
        else:
            cur.execute(
                "SELECT title FROM search_fts WHERE rowid = (SELECT sort_key FROM search_searchdocument WHERE item_id = %s)",
                [item_id],
            )
        return cur.fetchone()[0]
