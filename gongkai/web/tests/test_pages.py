"""Public site pages outside the catalogue: home, guide, site map, display preferences, error pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.tests.factories import AgencyFactory, staff
from gongkai.disclosures import services
from gongkai.disclosures.tests.factories import draft


@pytest.fixture
def agency():
    return AgencyFactory(
        name="潍坊市坊子区农业综合开发办公室",
        address="坊子区凤山路1号",
        phone="0536-7600000",
        fax="0536-7600001",
        office_hours="工作日 上午8:30-12:00，下午13:30-17:30",
        email="gk@example.gov.cn",
    )


@pytest.fixture
def team(agency):
    return staff(agency, "editor"), staff(agency, "reviewer"), staff(agency, "signer")


def publish(team, **fields):
    editor, reviewer, signer = team
    version = draft(editor, **fields)
    version = services.version_submit(version=version, by=editor)
    version = services.version_approve(version=version, by=reviewer)
    return services.version_sign(version=version, by=signer)


@pytest.mark.django_db
def test_home_shows_latest_items_and_quick_links(client, team):
    publish(team, title="关于2026年农业综合开发项目的公示")
    draft(team[0], title="仍是草稿的通知")
    response = client.get(reverse("web:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "关于2026年农业综合开发项目的公示" in html
    assert "仍是草稿的通知" not in html
    for text in ("最新信息", "公开指南", "公开年报", "依申请公开", "潍坊市坊子区农业综合开发办公室", "潍坊市坊子区人民政府"):
        assert text in html
    assert 'lang="zh-CN"' in html and 'class="skip-link"' in html


@pytest.mark.django_db
def test_header_navigation_has_six_entries_and_marks_the_current_one(client):
    html = client.get(reverse("web:home")).content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("<li>") == 6
    for label in ("首页", "政务公开", "政策解读", "互动交流", "办事服务", "数据发布"):
        assert label in nav
    assert 'aria-current="page">首页' in nav

    column = client.get(reverse("disclosures:column", kwargs={"slug": "interpretations"})).content.decode()
    nav = column.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="true">政策解读' in nav  # the column page is inside the 政策解读 section
    assert nav.count("aria-current") == 1


@pytest.mark.django_db
def test_home_query_count_is_small_and_does_not_grow(client, team, django_assert_max_num_queries):
    publish(team, title="信息")
    with django_assert_max_num_queries(7):
        client.get(reverse("web:home"))
    for n in range(6):
        publish(team, title=f"信息{n}")
    with django_assert_max_num_queries(7):
        assert client.get(reverse("web:home")).status_code == 200


@pytest.mark.django_db
def test_guide_gives_the_office_contacts_and_the_catalogue(client, agency):
    response = client.get(reverse("web:guide"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("政府信息公开指南", "依申请公开", "坊子区凤山路1号", "0536-7600000", "0536-7600001", "工作日", "gk@example.gov.cn",
                 "决策公开", "重大决策预公开", "20个工作日", agency.credit_code):
        assert text in html


@pytest.mark.django_db
def test_sitemap_lists_the_columns(client):
    response = client.get(reverse("web:sitemap"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("网站地图", "政务公开", "公开指南", "决策公开", "财政预决算", "依申请公开"):
        assert text in html
    assert reverse("disclosures:column", kwargs={"slug": "budgets"}) in html


@pytest.mark.django_db
def test_footer_shows_record_numbers_only_when_set(client, settings):
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "icp": "", "police_record": "", "site_code": ""}
    html = client.get(reverse("web:home")).content.decode()
    assert "ICP备案号" not in html and "公安机关备案号" not in html and "网站标识码" not in html
    assert "主办单位" in html and "政府网站找错" in html and reverse("web:sitemap") in html

    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "icp": "鲁ICP备00000000号", "police_record": "鲁公网安备 37070402000000号",
                             "site_code": "3707040000"}
    html = client.get(reverse("web:home")).content.decode()
    assert "鲁ICP备00000000号" in html and "鲁公网安备 37070402000000号" in html and "3707040000" in html


@pytest.mark.django_db
def test_prefs_set_cookies_and_go_back(client):
    response = client.get(reverse("web:prefs") + "?elder=1&next=/gk/list/%3Fq%3D%E5%85%AC%E7%A4%BA")
    assert response.status_code == 302
    assert response["Location"] == "/gk/list/?q=%E5%85%AC%E7%A4%BA"
    assert response.cookies["gk_elder"].value == "1"

    html = client.get(reverse("web:home")).content.decode()
    assert 'class="elder' in html and "退出长者模式" in html

    client.get(reverse("web:prefs") + "?contrast=1&next=/")
    client.get(reverse("web:prefs") + "?size=up&next=/")
    client.get(reverse("web:prefs") + "?size=up&next=/")
    html = client.get(reverse("web:home")).content.decode()
    assert "contrast" in html.split("<head>")[0] and "size-2" in html.split("<head>")[0]

    for _ in range(6):
        response = client.get(reverse("web:prefs") + "?size=up&next=/")
    assert response.cookies["gk_size"].value == "3"

    response = client.get(reverse("web:prefs") + "?elder=0&next=/")
    assert response.cookies["gk_elder"].value == ""  # deleted


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http://testserver.evil/", ""],
)
def test_prefs_refuses_to_send_readers_elsewhere(client, target):
    response = client.get(reverse("web:prefs"), {"contrast": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_bad_font_size_cookie_is_ignored(client):
    client.cookies["gk_size"] = "999"
    html = client.get(reverse("web:home")).content.decode()
    assert "size-999" not in html


@pytest.mark.django_db
def test_404_page_is_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回" in html and 'lang="zh-CN"' in html


@pytest.mark.django_db
def test_404_of_a_missing_item_is_the_chinese_page(client):
    response = client.get(reverse("disclosures:item", kwargs={"pk": 999999}))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_500_page_renders_without_database_or_request_context(rf):
    # No django_db mark: any query would fail the test.
    from gongkai.web.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出现错误" in html and 'lang="zh-CN"' in html


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client, team):
    v = publish(team, title="检查内联脚本")
    for url in (reverse("web:home"), reverse("web:guide"), reverse("web:sitemap"), reverse("disclosures:index"),
                reverse("disclosures:list"), v.item.get_absolute_url(), reverse("disclosures:print", kwargs={"pk": v.item_id})):
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        assert "<script>" not in html and " onclick" not in html, url


def test_the_footer_is_rendered_once_per_site_and_script_prefix(settings):
    from django.urls import set_script_prefix

    from gongkai.web.templatetags.fragments import site_fragment

    first = site_fragment("web/partials/footer.html")
    assert site_fragment("web/partials/footer.html") is first
    try:
        set_script_prefix("/gongkai/")
        assert 'href="/gongkai/sitemap' in site_fragment("web/partials/footer.html")
    finally:
        set_script_prefix("/")
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "host_org": "另一个主办单位"}
    assert "另一个主办单位" in site_fragment("web/partials/footer.html")
