"""The foundation journey in a real browser (Chromium): an item goes from the editor's form,
through the personal-information check, review and sign-off, to the public site.

Everything is done through the pages as a person would: forms are filled in, files are chosen
in the file input, buttons are clicked. Screenshots of the key steps go to test-artifacts/.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.core.workflow import WorkflowError
from gongkai.disclosures import services
from gongkai.disclosures.models import ItemVersion, VersionState
from gongkai.disclosures.tests.factories import ColumnFactory, TopicFactory
from gongkai.workspace.tests.otp_helpers import pass_otp_in_page, ready_for_otp
from gongkai.workspace.urls import urlpatterns

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-42"  # UserFactory's password
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
INDEX_NUMBER = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}/\d{4}-00001$")


def resident_id(first17: str = "37070419850312271") -> str:
    """An 18-digit resident ID number with a correct GB 11643 check digit."""
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def docx_file(name: str, *paragraphs: str) -> dict:
    """A Word file for page.set_input_files."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return {"name": name, "mimeType": DOCX_MIME, "buffer": buffer.getvalue()}


def login(page, base_url: str, user) -> None:
    ready_for_otp(user)  # signers log in with a one-time code too
    page.goto(base_url + reverse("workspace:login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_otp_in_page(page, user)
    page.wait_for_url(base_url + reverse("workspace:home"))


def logout(page, base_url: str) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(base_url + reverse("workspace:login"))


def assert_clean(page) -> None:
    assert page.console_errors == [], page.console_errors
    failed = [r for r in page.failed_requests if not r.endswith("/favicon.ico")]
    assert failed == [], failed


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded attachments go to a temporary folder (the live server thread shares the settings)."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def team():
    agency = AgencyFactory(name="潍坊市坊子区农业综合开发办公室", slug="nongfa")
    return {
        "agency": agency,
        "editor": staff(agency, "editor", display_name="王编辑"),
        "reviewer": staff(agency, "reviewer", display_name="李审核"),
        "signer": staff(agency, "signer", display_name="张签发"),
    }


def test_item_goes_from_editor_to_public_site(live_server, page, new_page, artifacts_dir, media, team):
    base = live_server.url
    column = ColumnFactory(slug="decisions", name="决策公开")
    topic = TopicFactory(code="T100", name="农业、林业、水利")
    title = "关于2026年高标准农田建设项目的公示"

    def shot(name: str, p=None) -> None:
        (p or page).screenshot(path=str(artifacts_dir / f"journey-{name}.png"), full_page=True)

    # --- The editor logs in through the form. ---
    page.goto(base + reverse("workspace:login"))
    page.get_by_label("用户名").fill(team["editor"].username)
    page.get_by_label("密码").fill(PASSWORD)
    shot("01-login")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("workspace:home"))
    assert page.get_by_role("heading", level=1).inner_text() == "工作台"

    # --- ... and creates an item through the new-item form. ---
    page.get_by_role("link", name="新建信息").first.click()
    page.wait_for_url(base + reverse("workspace:item_new"))
    page.get_by_label("标题").fill(title)
    page.get_by_label("内容概述").fill("公示2026年度高标准农田建设项目的地点、规模和资金安排。")
    page.get_by_label("正文").fill("根据有关规定，现将项目情况公示如下。\n公示期为5个工作日。")
    page.get_by_label("公开目录").select_option(str(column.pk))
    page.get_by_label("主题分类").select_option(str(topic.pk))
    page.get_by_label("文号").fill("坊农发〔2026〕3号")
    page.get_by_label("成文日期").fill("2026-03-02")
    page.get_by_label("有效性").select_option("valid")
    page.get_by_label("公开方式").select_option("proactive")
    page.get_by_label("主题词").fill("农田 公示")
    shot("02-new-item")
    page.get_by_role("button", name="保存为草稿").click()
    page.wait_for_url(re.compile(r"/staff/v/\d+/$"))
    version = ItemVersion.objects.get(title=title)
    index_number = version.item.index_number
    assert INDEX_NUMBER.match(index_number), index_number
    assert index_number.startswith(team["agency"].credit_code)
    assert page.get_by_role("status").filter(has_text=index_number).is_visible()  # 已新建草稿，索引号 …
    assert version.doc_number == "坊农发〔2026〕3号" and str(version.written_on) == "2026-03-02"

    # --- A Word attachment with a resident ID number in it: submitting is blocked. ---
    id_number = resident_id()
    page.set_input_files(
        "#id_files", docx_file("补助名单.docx", "补助对象名单", f"王某某，身份证号{id_number}，补助3000元。")
    )
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_role("status").filter(has_text="已上传1个附件").wait_for()
    assert page.get_by_role("link", name="补助名单.docx").is_visible()

    page.get_by_role("button", name="提交审核").click()
    page.get_by_role("alert").filter(has_text="疑似个人信息").wait_for()
    hits = page.locator("table.ws-hits tbody tr")
    assert hits.count() == 1
    row = hits.first.inner_text()
    assert "身份证号码" in row and "附件：补助名单.docx" in row
    masked = id_number[:4] + "*" * 10 + id_number[-4:]
    assert masked in row, row
    assert id_number not in page.content()  # the full number is nowhere on the page
    shot("03-submit-blocked")
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT

    # --- The editor removes the file, uploads a clean one and submits. ---
    page.get_by_role("button", name=re.compile(r"^删除\s*附件 补助名单\.docx$")).click()
    page.get_by_role("status").filter(has_text="已删除附件").wait_for()
    assert page.get_by_role("link", name="补助名单.docx").count() == 0
    page.set_input_files("#id_files", docx_file("项目清单.docx", "项目清单", "坊子区黄旗堡街道 1200亩"))
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_role("status").filter(has_text="已上传1个附件").wait_for()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_role("status").filter(has_text="当前状态：待审核").wait_for()
    assert page.locator("table.ws-hits").count() == 0
    shot("04-submitted")
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    logout(page, base)

    # --- The reviewer finds it in 待我审核 and approves. ---
    login(page, base, team["reviewer"])
    queue = page.locator("#q-review")
    assert "待我审核" in queue.get_by_role("heading", level=2).inner_text()
    queue.get_by_role("link", name=title).click()
    page.wait_for_url(base + reverse("workspace:version", args=[version.pk]))
    page.get_by_label("审核意见（可选）").fill("经保密审查，可以公开。")
    page.get_by_role("button", name="审核通过").click()
    page.get_by_role("status").filter(has_text="当前状态：待签发").wait_for()
    shot("05-approved")
    logout(page, base)

    # --- The signer finds it in 待我签发 and signs. ---
    login(page, base, team["signer"])
    queue = page.locator("#q-sign")
    assert "待我签发" in queue.get_by_role("heading", level=2).inner_text()
    queue.get_by_role("link", name=title).click()
    page.wait_for_url(base + reverse("workspace:version", args=[version.pk]))
    page.get_by_role("button", name="签发发布").click()
    page.get_by_role("status").filter(has_text="当前状态：已发布").wait_for()
    assert page.get_by_role("link", name="查看公开页面").is_visible()
    shot("06-published")
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    assert_clean(page)

    # --- An anonymous visitor (fresh context) finds it on the public site. ---
    visitor = new_page()
    response = visitor.goto(base + reverse("disclosures:list"))
    assert response.status == 200
    link = visitor.locator("table.doc-table").get_by_role("link", name=title)
    assert link.is_visible()
    shot("07-public-list", visitor)
    link.click()
    visitor.wait_for_url(base + version.item.get_absolute_url())
    assert visitor.get_by_role("heading", level=1).inner_text() == title
    meta = visitor.locator("table.meta-table")
    cells = dict(
        zip(meta.locator("th").all_inner_texts(), meta.locator("th + td").all_inner_texts(), strict=True)
    )
    assert INDEX_NUMBER.match(cells["索引号"]) and cells["索引号"] == index_number, cells
    assert cells["发布机构"] == "潍坊市坊子区农业综合开发办公室"
    assert cells["文号"] == "坊农发〔2026〕3号"
    assert cells["成文日期"] == "2026-03-02"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells["发布日期"]), cells
    assert cells["主题分类"] == topic.name and cells["所属栏目"] == column.name
    assert cells["有效性"] and cells["公开方式"] and cells["主题词"]
    clean = version.attachments.get()
    attachment = visitor.locator("section.attachments").get_by_role("link", name="项目清单.docx")
    assert attachment.get_attribute("href") == reverse("disclosures:attachment", args=[clean.pk])
    download = visitor.request.get(base + reverse("disclosures:attachment", args=[clean.pk]))
    assert download.status == 200 and download.body()[:2] == b"PK"  # a real DOCX (zip)
    assert "补助名单.docx" not in visitor.content() and id_number not in visitor.content()
    shot("08-public-item", visitor)
    assert_clean(visitor)


def test_anonymous_visitor_gets_the_login_page_for_every_staff_url(live_server, page, artifacts_dir, media, team):
    """Every URL of the workspace, with real objects behind the pk, shows the login form instead."""
    editor = team["editor"]
    fields = {"column": ColumnFactory(slug="decisions", name="决策公开"), "topic": TopicFactory(code="T100")}
    # A draft with an open screening hit and an attachment, and a published item.
    held = services.item_create(by=editor, title="含身份证号的草稿", body=f"<p>联系人身份证号{resident_id()}</p>", **fields)
    spec = docx_file("名单.docx", "名单")
    upload = SimpleUploadedFile(spec["name"], spec["buffer"], content_type=spec["mimeType"])
    services.attachment_add(version=held, by=editor, upload=upload)
    with pytest.raises(WorkflowError):
        services.version_submit(version=held, by=editor)
    live = services.item_create(by=editor, title="已发布的信息", **fields)
    live = services.version_submit(version=live, by=editor)
    live = services.version_approve(version=live, by=team["reviewer"])
    live = services.version_sign(version=live, by=team["signer"])
    pks = {
        "v": held.pk,
        "a": held.attachments.get().pk,
        "h": held.screening_hits.get().pk,
        "i": live.item_id,
    }

    login_path = reverse("workspace:login")
    checked = []
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        args = [pks[route.split("/")[0]]] if "<int:pk>" in route else []
        path = reverse(f"workspace:{pattern.name}", args=args)
        page.goto(live_server.url + path)
        final = urlsplit(page.url)
        assert final.path == login_path, (pattern.name, page.url)
        if path != login_path:
            assert parse_qs(final.query).get("next") == [path], (pattern.name, page.url)
        assert page.get_by_role("heading", level=1).inner_text() == "工作人员登录", pattern.name
        assert page.get_by_label("用户名").is_visible() and page.get_by_label("密码").is_visible()
        assert page.get_by_role("button", name="登录").is_visible()
        checked.append(pattern.name)
    page.screenshot(path=str(artifacts_dir / "journey-09-anonymous-login.png"), full_page=True)
    assert len(checked) == len(urlpatterns) >= 13
    assert_clean(page)
