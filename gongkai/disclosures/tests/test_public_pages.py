"""The public 政府信息公开 pages: what the public may see, and nothing more."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services
from gongkai.disclosures.models import DisclosureMode
from gongkai.disclosures.tests.factories import ColumnFactory, draft

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def agency():
    return AgencyFactory(name="潍坊市坊子区农业综合开发办公室")


@pytest.fixture
def team(agency):
    return staff(agency, "editor"), staff(agency, "reviewer"), staff(agency, "signer")


def publish(team, **fields):
    """Like factories.published, but carrying the version each service returns.

    (factories.published keeps using its stale draft object, so version_sign refuses it.)
    """
    editor, reviewer, signer = team
    return walk(team, draft(editor, **fields))


def walk(team, version):
    """Take a draft through submit, approve and sign."""
    editor, reviewer, signer = team
    version = services.version_submit(version=version, by=editor)
    version = services.version_approve(version=version, by=reviewer)
    version = services.version_sign(version=version, by=signer)
    version.refresh_from_db()
    return version


def revise(team, item, **fields):
    """Publish a new version of an item through the whole workflow."""
    editor, reviewer, signer = team
    version = services.item_revise(item=item, by=editor)
    if fields:
        services.version_update(version=version, by=editor, **fields)
    return walk(team, version)


def attach(editor, version, name="附件一.png"):
    return services.attachment_add(version=version, by=editor, upload=SimpleUploadedFile(name, PNG))


@pytest.mark.django_db
def test_published_item_is_listed_and_shows_its_metadata_and_body(client, team):
    v = publish(team, title="坊子区农业综合开发项目公示", doc_number="坊农发〔2026〕3号", keywords="农业 公示", summary="项目公示")

    listing = client.get(reverse("disclosures:list"))
    assert listing.status_code == 200
    assert "坊子区农业综合开发项目公示" in listing.content.decode()
    assert "坊农发〔2026〕3号" in listing.content.decode()

    page = client.get(reverse("disclosures:item", kwargs={"pk": v.item_id}))
    html = page.content.decode()
    assert page.status_code == 200
    for text in (v.item.index_number, "主题分类", "发布机构", "成文日期", "有效性", "主题词", "公开方式", "内容概述", "项目公示",
                 "为认真落实政务公开工作要求"):
        assert text in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_draft_is_not_listed_and_its_page_is_404(client, team):
    v = draft(team[0], title="尚未发布的草稿")
    assert "尚未发布的草稿" not in client.get(reverse("disclosures:list")).content.decode()
    assert client.get(reverse("disclosures:item", kwargs={"pk": v.item_id})).status_code == 404
    assert client.get(reverse("disclosures:print", kwargs={"pk": v.item_id})).status_code == 404


@pytest.mark.django_db
def test_on_request_items_never_appear_publicly(client, team):
    v = publish(team, title="依申请公开的信息", disclosure_mode=DisclosureMode.ON_REQUEST)
    assert "依申请公开的信息" not in client.get(reverse("disclosures:list")).content.decode()
    assert "依申请公开的信息" not in client.get(reverse("disclosures:index")).content.decode()
    assert "依申请公开的信息" not in client.get(reverse("web:home")).content.decode()
    assert client.get(reverse("disclosures:item", kwargs={"pk": v.item_id})).status_code == 404


@pytest.mark.django_db
def test_withdrawn_item_shows_reason_and_not_the_body(client, team):
    v = publish(team, title="已撤回的通知", body="<p>原通知正文内容</p>")
    services.item_withdraw(item=v.item, by=team[2], reason="内容有误，已重新发布")

    response = client.get(reverse("disclosures:item", kwargs={"pk": v.item_id}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "已撤回的通知" in html
    assert "撤回" in html and "内容有误，已重新发布" in html
    assert "原通知正文内容" not in html
    assert "已撤回的通知" not in client.get(reverse("disclosures:list")).content.decode()


@pytest.mark.django_db
def test_withdrawn_version_cannot_be_read_as_history(client, team):
    v = publish(team, title="撤回前的版本", body="<p>撤回的正文</p>")
    services.item_withdraw(item=v.item, by=team[2], reason="有误")
    url = reverse("disclosures:version", kwargs={"pk": v.item_id, "number": 1})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_earlier_versions_are_listed_after_a_revision(client, team):
    v1 = publish(team, title="第一版标题", body="<p>第一版正文</p>")
    v2 = revise(team, v1.item, title="第二版标题", body="<p>第二版正文</p>", change_note="更正联系电话")

    html = client.get(reverse("disclosures:item", kwargs={"pk": v1.item_id})).content.decode()
    assert "第二版标题" in html and "第二版正文" in html and "更正联系电话" in html
    old_url = reverse("disclosures:version", kwargs={"pk": v1.item_id, "number": 1})
    assert old_url in html

    old = client.get(old_url).content.decode()
    assert "这是历史版本" in old and "第一版正文" in old
    current = client.get(reverse("disclosures:version", kwargs={"pk": v1.item_id, "number": v2.number}))
    assert current.status_code == 302
    assert client.get(reverse("disclosures:version", kwargs={"pk": v1.item_id, "number": 9})).status_code == 404


@pytest.mark.django_db
def test_attachment_of_a_draft_is_404_and_of_a_published_version_is_served(client, team):
    editor = team[0]
    v = draft(editor, title="带附件的信息")
    att = attach(editor, v, name="项目清单.png")
    url = reverse("disclosures:attachment", kwargs={"pk": att.pk})
    assert client.get(url).status_code == 404

    walk(team, v)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG
    item_html = client.get(reverse("disclosures:item", kwargs={"pk": v.item_id})).content.decode()
    assert "项目清单.png" in item_html and "PNG" in item_html


@pytest.mark.django_db
def test_attachments_of_a_pending_revision_stay_hidden_while_old_ones_stay_served(client, team):
    editor = team[0]
    v1 = draft(editor)
    old = attach(editor, v1)
    walk(team, v1)
    v2 = services.item_revise(item=v1.item, by=editor)
    copy = v2.attachments.get()
    new = attach(editor, v2, name="新附件.png")

    assert client.get(reverse("disclosures:attachment", kwargs={"pk": old.pk})).status_code == 200
    assert client.get(reverse("disclosures:attachment", kwargs={"pk": copy.pk})).status_code == 404
    assert client.get(reverse("disclosures:attachment", kwargs={"pk": new.pk})).status_code == 404


@pytest.mark.django_db
def test_attachments_of_a_withdrawn_item_are_404(client, team):
    editor = team[0]
    v = draft(editor)
    att = attach(editor, v)
    walk(team, v)
    services.item_withdraw(item=v.item, by=team[2], reason="有误")
    assert client.get(reverse("disclosures:attachment", kwargs={"pk": att.pk})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=99999999999999999999",
        "?page=999",
        "?page=abc",
        "?page=-1",
        "?page=0",
        "?column=nope&topic=nope&agency=nope&validity=nope",
        "?q=" + "长" * 500,
        "?year=%00",
    ],
)
def test_bad_filter_values_do_not_fail(client, team, query):
    publish(team, title="正常的信息")
    response = client.get(reverse("disclosures:list") + query)
    assert response.status_code == 200
    html = response.content.decode()
    if "q=" not in query:
        assert "正常的信息" in html
        assert "已忽略" in html or "页" in html


@pytest.mark.django_db
def test_filters_narrow_the_list(client, team):
    col = ColumnFactory(name="决策公开栏", slug="test-decisions")
    publish(team, title="决策草案征求意见", column=col)
    publish(team, title="其他栏目的信息")

    by_column = client.get(reverse("disclosures:column", kwargs={"slug": "test-decisions"})).content.decode()
    assert "决策草案征求意见" in by_column and "其他栏目的信息" not in by_column
    by_title = client.get(reverse("disclosures:list") + "?q=征求意见").content.decode()
    assert "决策草案征求意见" in by_title and "其他栏目的信息" not in by_title
    assert client.get(reverse("disclosures:column", kwargs={"slug": "no-such-column"})).status_code == 404


@pytest.mark.django_db
def test_list_is_paginated_by_twenty(client, team):
    for n in range(21):
        publish(team, title=f"分页测试信息{n:02d}")
    first = client.get(reverse("disclosures:list")).content.decode()
    assert "共 <strong>21</strong> 条" in first
    assert first.count("分页测试信息") == 20
    assert 'aria-label="第2页"' in first
    second = client.get(reverse("disclosures:list") + "?page=2").content.decode()
    assert second.count("分页测试信息") == 1


@pytest.mark.django_db
def test_list_query_count_is_bounded_and_does_not_grow(client, team, django_assert_max_num_queries):
    publish(team, title="信息一")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("disclosures:list") + "?q=信息&year=2026&topic=01").status_code == 200
    for n in range(15):
        publish(team, title=f"信息{n}")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("disclosures:list") + "?q=信息&year=2026&topic=01").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("disclosures:column", kwargs={"slug": "decisions"})).status_code == 200


@pytest.mark.django_db
def test_index_and_print_pages_render(client, team):
    v = publish(team, title="可打印的信息")
    index = client.get(reverse("disclosures:index")).content.decode()
    assert "政府信息公开" in index and "公开指南" in index and "可打印的信息" in index
    printed = client.get(reverse("disclosures:print", kwargs={"pk": v.item_id}))
    assert printed.status_code == 200
    assert "可打印的信息" in printed.content.decode()
