import pytest
from django.core.management import CommandError, call_command

from gongkai.disclosures.models import ItemVersion
from gongkai.publishing import ledger
from gongkai.publishing.models import LedgerEntry
from gongkai.publishing.selectors import ledger_verify

pytestmark = pytest.mark.django_db


def test_publish_revise_withdraw_each_append_one_chained_entry(publish, revise, withdraw):
    v1 = publish(title="关于2025年农业综合开发项目的公告")
    v2 = revise(v1.item, title="关于2025年农业综合开发项目的公告（修订）", change_note="更正项目名称")
    withdraw(v2.item)
    entries = list(LedgerEntry.objects.order_by("position"))
    assert [(e.position, e.action, e.version_number) for e in entries] == [(1, "publish", 1), (2, "revise", 2), (3, "withdraw", 2)]
    assert entries[0].prev_hash == ledger.GENESIS
    assert entries[1].prev_hash == entries[0].entry_hash
    assert entries[2].prev_hash == entries[1].entry_hash
    assert entries[1].content_sha256 == ledger.version_content_hash(ItemVersion.objects.get(pk=v2.pk))
    assert entries[0].content_sha256 != entries[1].content_sha256
    assert ledger_verify().ok


def test_editing_a_published_row_in_the_database_is_reported_by_command_api_and_item_page(publish, client):
    publish(title="第一条")
    v = publish(title="关于征收补偿标准的通知")
    publish(title="第三条")
    call_command("verify_ledger")  # intact: no error
    ItemVersion.objects.filter(pk=v.pk).update(body="<p>悄悄改过的正文</p>")

    with pytest.raises(CommandError, match=r"#2 \(item %d" % v.item_id):
        call_command("verify_ledger")
    data = client.get("/api/v1/ledger/verify").json()
    assert data["ok"] is False and data["entries"] == 3
    assert data["first_broken"]["position"] == 2 and data["first_broken"]["item_id"] == v.item_id
    page = client.get(f"/ledger/items/{v.item_id}/").content.decode()
    assert "不一致" in page and "发布后被改动" in page


def test_editing_a_ledger_entry_breaks_the_chain_at_that_entry(publish):
    publish(title="一")
    publish(title="二")
    LedgerEntry.objects.filter(position=1).update(title="被改的标题")
    result = ledger_verify()
    assert not result.ok and result.first_broken.position == 1
    assert "账本条目被改动" in result.first_broken.reason


def test_deleting_an_entry_is_detected(publish):
    publish(title="一")
    publish(title="二")
    LedgerEntry.objects.filter(position=1).delete()
    result = ledger_verify(check_content=False)
    assert not result.ok and result.first_broken.position == 2


def test_item_page_shows_its_hash_and_ledger_position(publish, client):
    v = publish(title="关于印发工作要点的通知")
    entry = LedgerEntry.objects.get(version=v)
    from django.template.loader import render_to_string

    html = render_to_string("publishing/_ledger_badge.html", {"version": v})
    page = open("gongkai/disclosures/templates/disclosures/item.html").read()
    assert '{% include "publishing/_ledger_badge.html" %}' in page
    assert f"公开账本第 <a href=\"/ledger/\">{entry.position}</a> 条" in html
    assert entry.content_sha256 in html


def test_ledger_page_lists_entries_and_download_is_the_whole_chain(publish, client):
    publish(title="关于农田建设的通知")
    publish(title="第二条")
    assert "关于农田建设的通知" in client.get("/ledger/").content.decode()
    import json

    response = client.get("/ledger/download.jsonl")
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert [row["position"] for row in lines] == [1, 2]
    for row in lines:  # anyone can recompute each hash from the download alone
        fields = {k: v for k, v in row.items() if k != "entry_hash"}
        assert ledger.sha256(ledger.canonical(fields)) == row["entry_hash"]


def test_uploaded_file_is_matched_against_published_attachments(publish, team, client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.disclosures import services

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    v = publish(title="先发布一条")  # a published item to revise with an attachment
    with django_capture_on_commit_callbacks(execute=True):
        r = services.item_revise(item=v.item, by=team.editor)
        services.attachment_add(version=r, by=team.editor, upload=SimpleUploadedFile("方案.pdf", pdf))
        services.version_submit(version=r, by=team.editor)
        services.version_approve(version=r, by=team.reviewer)
        services.version_sign(version=r, by=team.signer)
    ok = client.post("/ledger/verify/", {"file": SimpleUploadedFile("x.pdf", pdf)}).content.decode()
    assert "一致：该文件与以下已发布附件完全相同" in ok and "方案.pdf" in ok
    bad = client.post("/ledger/verify/", {"file": SimpleUploadedFile("y.pdf", pdf + b"x")}).content.decode()
    assert "不一致" in bad
    import hashlib

    api = client.get("/api/v1/ledger/file", {"sha256": hashlib.sha256(pdf).hexdigest()}).json()
    assert api["matches"] is True and api["results"][0]["entry"]["action"] == "revise"


def test_catch_up_appends_missing_entries_once(publish):
    publish(title="一")
    LedgerEntry.objects.all().delete()
    from gongkai.publishing.services import ledger_catch_up

    assert ledger_catch_up() == 1
    assert ledger_catch_up() == 0
    assert ledger_verify().ok
