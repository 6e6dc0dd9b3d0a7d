"""Service guides: required fields, the workflow with versions, the public page and its DOCX."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.service_guides import lines, services
from gongkai.service_guides.models import GuideVersion, ServiceItem, State, Theme, ThemeKind

from .factories import guide_draft, guide_published

pytestmark = pytest.mark.django_db


def test_a_guide_with_missing_fields_cannot_be_submitted(editor):
    version = guide_draft(editor, consult_phone="", steps=[], materials=[])
    with pytest.raises(WorkflowError) as err:
        services.guide_submit(version=version, by=editor)
    assert "办理流程" in err.value.message and "申请材料" in err.value.message and "咨询电话" in err.value.message
    assert GuideVersion.objects.get(pk=version.pk).state == State.DRAFT


def test_a_fee_needs_amount_and_basis(editor):
    version = guide_draft(editor, fee_free=False, fee_amount="每件10元")
    with pytest.raises(WorkflowError, match="收费标准及依据"):
        services.guide_submit(version=version, by=editor)


def test_promised_time_limit_cannot_exceed_the_statutory_one(editor):
    with pytest.raises(WorkflowError, match="承诺办结时限"):
        guide_draft(editor, statutory_days=5, promised_days=10)
    assert not ServiceItem.objects.exists()


def test_the_author_cannot_sign_their_own_guide(agency):
    everyone = staff(agency, "editor", "reviewer", "signer")
    version = guide_draft(everyone)
    services.guide_submit(version=version, by=everyone)
    with pytest.raises(WorkflowError, match="自己撰写"):
        services.guide_approve(version=version, by=everyone)


def test_a_revision_supersedes_the_live_guide_when_signed(team):
    editor, reviewer, signer = team
    first = guide_published(*team)
    item = first.item
    second = services.guide_revise(item=item, by=editor)
    assert [m.name for m in second.materials.all()] == ["项目申报书", "营业执照"]
    services.guide_update(version=second, by=editor, promised_days=5, change_note="压缩承诺时限")
    services.guide_submit(version=second, by=editor)
    services.guide_approve(version=second, by=reviewer)
    services.guide_sign(version=second, by=signer)
    item.refresh_from_db()
    first.refresh_from_db()
    assert item.live_version_id == second.pk and first.state == State.SUPERSEDED and first.superseded_at
    assert AuditEvent.objects.filter(object_id=first.pk, content_type__model="guideversion", action="supersede").count() == 1


def test_public_guide_page_shows_every_field_and_the_flow_chart(client, team):
    version = guide_published(*team)
    html = client.get(reverse("service_guides:guide", args=[version.item.code])).content.decode()
    for text in ("农业综合开发项目申报受理", "370704-NF-001", "《农田建设项目管理办法》", "第十二条", "依法登记的农民专业合作社",
                 "项目申报书", "原件", "营业执照", "复印件", "不收费", "20个工作日", "10个工作日", "二楼农业窗口", "13:30",
                 "0536-7601234", "0536-12345", "https://zwfw.example.gov.cn/nf/001", "可以网上申报吗？"):
        assert text in html, text
    assert '<ol class="flow-steps">' in html and 'role="img"' in html and "第4步办结" in html


def test_guide_downloads_as_docx_with_its_fields(client, team):
    version = guide_published(*team)
    response = client.get(reverse("service_guides:guide_docx", args=[version.item.code]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for needle in ("农业综合开发项目申报受理服务指南", "第十二条", "受理：窗口当场审查", "项目申报书", "0536-7601234", "不收费", "10个工作日"):
        assert needle in text, needle


def test_drafts_are_not_public(client, editor):
    version = guide_draft(editor)
    assert client.get(reverse("service_guides:guide", args=[version.item.code])).status_code == 404
    assert client.get(reverse("service_guides:guide_docx", args=[version.item.code])).status_code == 404


def test_catalogue_filters_by_theme_and_agency(client, team):
    life = Theme.objects.create(kind=ThemeKind.LIFE, name="农业生产", slug="farming")
    Theme.objects.create(kind=ThemeKind.ENTERPRISE, name="项目申报", slug="projects")
    a = guide_published(*team, code="NF-A-0001", name="事项甲")
    guide_published(*team, code="NF-B-0002", name="事项乙")
    a.item.themes.add(life)
    response = client.get(reverse("service_guides:index"), {"theme": "farming"})
    assert [i.code for i in response.context["items"]] == ["NF-A-0001"]
    assert len(client.get(reverse("service_guides:index")).context["items"]) == 2


def test_material_template_upload_checks_content_and_is_downloadable_once_public(client, team):
    editor, reviewer, signer = team
    version = guide_draft(editor)
    material = version.materials.first()
    with pytest.raises(WorkflowError, match="不支持的文件类型"):
        services.material_file_set(material=material, by=editor, slot="template", upload=SimpleUploadedFile("a.docx", b"not a docx"))
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    services.material_file_set(material=material, by=editor, slot="template", upload=SimpleUploadedFile("申报书.docx", buffer.getvalue()))
    url = reverse("service_guides:material_file", args=[material.pk, "template"])
    assert client.get(url).status_code == 404
    services.guide_submit(version=version, by=editor)
    services.guide_approve(version=version, by=reviewer)
    services.guide_sign(version=version, by=signer)
    assert client.get(url).status_code == 200


def test_staff_of_another_agency_get_404(client, editor):
    version = guide_draft(editor)
    outsider = staff(AgencyFactory(), "editor")
    client.force_login(outsider)
    assert client.get(reverse("service_guides:staff_version", args=[version.pk])).status_code == 404
    with pytest.raises(Http404):
        services.guide_update(version=version, by=outsider, name="改名")


def test_line_format_names_the_bad_lines():
    with pytest.raises(WorkflowError) as err:
        lines.parse_materials("身份证｜原件｜1\n户口簿｜扫描件｜1\n申请表｜复印件｜两份")
    assert "第2行" in err.value.message and "第3行" in err.value.message and "第1行" not in err.value.message
    assert lines.parse_materials("身份证｜复印件｜2｜正反面") == [{"name": "身份证", "copy_kind": "copy", "count": 2, "note": "正反面"}]


def test_staff_form_creates_a_guide_from_lines(client, editor):
    client.force_login(editor)
    data = {"code": "NF-FORM-01", "name": "表单事项", "service_type": "public_service", "legal_basis": "《某法》｜第一条",
            "steps": "申请｜提交\n办结", "materials": "申请表｜原件｜1", "faqs": "问｜答", "fee_free": "on",
            "statutory_days": "10", "promised_days": "5"}
    response = client.post(reverse("service_guides:staff_new"), data)
    version = GuideVersion.objects.get()
    assert response.status_code == 302
    assert version.steps == [{"title": "申请", "detail": "提交"}, {"title": "办结", "detail": ""}]
    assert version.legal_basis == [{"law": "《某法》", "article": "第一条"}]
    bad = client.post(reverse("service_guides:staff_new"), {**data, "code": "NF-FORM-02", "materials": "申请表｜扫描件｜1"})
    assert bad.status_code == 200 and "第1行" in bad.content.decode() and GuideVersion.objects.count() == 1


def test_catalogue_query_count_does_not_grow_with_items(client, team, django_assert_max_num_queries):
    for n in range(4):
        guide_published(*team, code=f"NF-Q-{n:04d}", name=f"事项{n}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("service_guides:index")).status_code == 200
