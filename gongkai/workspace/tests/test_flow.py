"""One item walked through the staff workspace, from the new-item form to the public site."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import staff
from gongkai.disclosures import selectors
from gongkai.disclosures.models import ItemVersion, VersionState
from gongkai.disclosures.tests.factories import draft

from .helpers import docx_upload, resident_id, walk

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _act(client, version, action, **data):
    return client.post(reverse("workspace:version_action", args=[version.pk]), {"action": action, **data}, follow=True)


def test_item_goes_from_form_to_public_site(client, editor, reviewer, signer, column, topic):
    # The editor fills in the new-item form; plain text becomes paragraphs.
    client.force_login(editor)
    response = client.post(
        reverse("workspace:item_new"),
        {
            "title": "关于2026年高标准农田建设项目的公示",
            "summary": "公示2026年度高标准农田建设项目的地点、规模和资金安排。",
            "body": "根据有关规定，现将项目情况公示如下。\n公示期为5个工作日。",
            "column": column.pk,
            "topic": topic.pk,
            "doc_number": "坊农发〔2026〕3号",
            "written_on": "2026-03-02",
            "validity": "valid",
            "keywords": "农田 公示",
            "disclosure_mode": "proactive",
        },
    )
    version = ItemVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:version", args=[version.pk])
    assert version.state == VersionState.DRAFT
    assert version.body == "<p>根据有关规定，现将项目情况公示如下。</p><p>公示期为5个工作日。</p>"
    assert version.doc_number == "坊农发〔2026〕3号" and str(version.written_on) == "2026-03-02"
    page = client.get(reverse("workspace:version", args=[version.pk]))
    assert version.item.index_number in page.content.decode()

    # A Word attachment with a resident ID number in it: submitting is refused and the hit is shown, masked.
    id_number = resident_id()
    response = client.post(
        reverse("workspace:attachment_add", args=[version.pk]),
        {"files": [docx_upload("补助名单.docx", "补助对象名单", f"王某某，身份证号{id_number}，补助3000元。")]},
    )
    assert response.status_code == 302
    attachment = version.attachments.get()
    assert attachment.kind == "docx"

    response = _act(client, version, "submit")
    html = response.content.decode()
    assert any("疑似个人信息" in m for m in _messages(response))
    assert "身份证号码" in html and "附件：补助名单.docx" in html
    assert id_number not in html  # the excerpt is masked
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT
    assert version.screening_hits.filter(overridden_at=None).count() == 1

    # The editor removes the file, uploads a clean one, and submits.
    response = client.post(reverse("workspace:attachment_remove", args=[attachment.pk]))
    assert response.status_code == 302 and not version.attachments.exists()
    client.post(
        reverse("workspace:attachment_add", args=[version.pk]),
        {"files": [docx_upload("项目清单.docx", "项目清单", "坊子区黄旗堡街道 1200亩")]},
    )
    assert list(version.attachments.values_list("original_name", flat=True)) == ["项目清单.docx"]
    response = _act(client, version, "submit")
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED, _messages(response)
    assert not version.screening_hits.exists()

    # The reviewer approves, the signer signs.
    client.force_login(reviewer)
    response = client.get(reverse("workspace:home"))
    assert version.title in response.content.decode()
    _act(client, version, "approve", reason="经保密审查，可以公开。")
    version.refresh_from_db()
    assert version.state == VersionState.REVIEWED

    client.force_login(signer)
    response = _act(client, version, "sign", publish_at="", reason="")
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED, _messages(response)
    html = response.content.decode()
    assert f'href="{version.item.get_absolute_url()}"' in html  # 查看公开页面

    # The item is public; history shows who did what, with state labels in Chinese.
    item = version.item
    item.refresh_from_db()
    assert item.is_public and item.live_version_id == version.pk
    assert selectors.public_item(item.pk) == item
    for text in ("待审核 → 待签发", "待签发 → 已发布", "王编辑", "李审核", "张签发", "经保密审查，可以公开。"):
        assert text in html
    client.logout()
    public = client.get(item.get_absolute_url())
    assert public.status_code == 200
    assert version.title in public.content.decode()


def test_author_cannot_approve_own_version(client, agency):
    author = staff(agency, "editor", "reviewer")
    version = draft(author)
    client.force_login(author)
    _act(client, version, "submit")
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    page = client.get(reverse("workspace:version", args=[version.pk])).content.decode()
    assert 'value="approve"' not in page  # no button offered
    events = AuditEvent.objects.count()

    response = _act(client, version, "approve", reason="同意")

    assert response.status_code == 200
    assert "不能对自己撰写的内容执行“审核通过”（须由他人审核、签发）。" in _messages(response)
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    assert AuditEvent.objects.count() == events


def test_return_without_reason_is_refused(client, editor, reviewer):
    version = draft(editor)
    client.force_login(editor)
    _act(client, version, "submit")
    client.force_login(reviewer)
    events = AuditEvent.objects.count()

    response = _act(client, version, "return", reason="  ")

    assert "“退回修改”必须填写理由。" in _messages(response)
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    assert AuditEvent.objects.count() == events

    response = _act(client, version, "return", reason="文号有误，请核对。")
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT
    assert "文号有误，请核对。" in response.content.decode()


def test_refused_action_keeps_what_was_typed(client, editor, reviewer, signer):
    version = walk(draft(editor), editor=editor, reviewer=reviewer)
    client.force_login(signer)
    events = AuditEvent.objects.count()

    response = _act(client, version, "sign", publish_at="明天上午", reason="同意发布，请注意时效。")

    assert response.status_code == 200
    assert "定时发布时间格式不正确。" in _messages(response)
    html = response.content.decode()
    assert 'value="明天上午"' in html and ">同意发布，请注意时效。</textarea>" in html
    version.refresh_from_db()
    assert version.state == VersionState.REVIEWED
    assert AuditEvent.objects.count() == events


def test_signing_with_a_future_time_schedules(client, editor, reviewer, signer):
    version = walk(draft(editor), editor=editor, reviewer=reviewer)
    client.force_login(signer)

    _act(client, version, "sign", publish_at="2099-05-01T09:30", reason="")

    version.refresh_from_db()
    assert version.state == VersionState.SCHEDULED
    assert timezone.localtime(version.publish_at).strftime("%Y-%m-%d %H:%M") == "2099-05-01 09:30"
    assert not version.item.is_public


def test_new_item_form_keeps_input_on_error(client, editor, column, topic):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:item_new"),
        {"title": "保留的标题", "summary": "长" * 101, "body": "正文", "column": column.pk, "topic": topic.pk,
         "validity": "valid", "disclosure_mode": "proactive"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="保留的标题"' in html
    assert "101" in html  # Django's max-length message names the length
    assert not ItemVersion.objects.exists()


def test_reviewer_overrides_one_hit_with_a_reason(client, editor, reviewer):
    version = draft(editor, body=f"<p>联系人身份证号{resident_id()}</p>")
    client.force_login(editor)
    _act(client, version, "submit")
    hit = version.screening_hits.get()
    client.force_login(reviewer)
    url = reverse("workspace:hit_override", args=[hit.pk])

    response = client.post(url, {"reason": ""}, follow=True)
    assert "放行必须填写理由。" in _messages(response)
    hit.refresh_from_db()
    assert hit.is_open

    response = client.post(url, {"reason": "为本单位公开的联系人证件，已获本人同意。"}, follow=True)
    hit.refresh_from_db()
    assert not hit.is_open and hit.overridden_by == reviewer
    assert "已获本人同意" in response.content.decode()
    client.force_login(editor)
    _act(client, version, "submit")
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED


def test_withdraw_and_revise_a_published_item(client, editor, reviewer, signer):
    version = walk(draft(editor), editor=editor, reviewer=reviewer, signer=signer)
    item = version.item
    client.force_login(signer)
    response = client.post(reverse("workspace:item_withdraw", args=[item.pk]), {"reason": ""}, follow=True)
    assert "“撤回”必须填写理由。" in _messages(response)
    item.refresh_from_db()
    assert item.live_version_id == version.pk

    client.post(reverse("workspace:item_withdraw", args=[item.pk]), {"reason": "政策已调整，信息不再适用。"})
    item.refresh_from_db()
    assert item.live_version_id is None and item.withdrawn_reason == "政策已调整，信息不再适用。"

    client.force_login(editor)
    response = client.post(reverse("workspace:item_revise", args=[item.pk]))
    revision = item.versions.get(number=2)
    assert response["Location"] == reverse("workspace:version", args=[revision.pk])
    assert revision.state == VersionState.DRAFT
