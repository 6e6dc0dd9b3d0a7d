"""The public search, on whichever database the suite runs (SQLite locally, PostgreSQL in CI)."""

from __future__ import annotations

import pytest

from gongkai.disclosures import services as disclosure_services
from gongkai.search import selectors
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_a_word_finds_items_where_it_stands_inside_a_longer_term_and_alone(publish, find):
    publish(title="关于农业综合开发项目验收的通知", body="全区农业综合开发项目已完成。")
    publish(title="春季农业生产工作安排", body="做好春耕备耕。")
    publish(title="城市道路维修公告", body="道路施工期间请绕行。")

    assert sorted(find("农业")) == ["关于农业综合开发项目验收的通知", "春季农业生产工作安排"]


def test_an_inner_term_finds_the_office_name_and_ranks_the_words_together_first(publish, find):
    publish(title="规划", body="本规划统筹综合治理，推进开发，" * 3)
    publish(title="总结", body="潍坊市坊子区农业综合开发办公室全年完成各项任务。")
    publish(title="道路", body="道路维修。")

    assert find("综合开发") == ["总结", "规划"]


def test_a_quoted_phrase_matches_only_the_exact_run(publish, find):
    publish(title="土地治理项目", body="实施农业综合开发土地治理项目。")
    publish(title="农业与综合开发", body="发展农业，统筹综合开发。")
    publish(title="开发区综合服务", body="开发区提供综合服务。")

    assert sorted(find("农业 综合开发")) == ["农业与综合开发", "土地治理项目"]
    assert find('"农业综合开发"') == ["土地治理项目"]
    assert sorted(find('"综合开发"')) == ["农业与综合开发", "土地治理项目"]
    assert find("“农业综合开发”") == ["土地治理项目"]


@pytest.mark.parametrize(
    "typed", ["坊政发〔2015〕22号", "坊政发[2015]22号", "坊政发(2015)22号", "坊政发（2015）22号", "坊政发［2015］22号"]
)
def test_every_bracket_style_of_a_document_number_finds_the_same_item(publish, find, typed):
    publish(title="坊子区重大行政决策程序规定", doc_number="坊政发〔2015〕22号", body="规范重大行政决策。")
    publish(title="另一份文件", doc_number="坊政发〔2015〕23号", body="其他内容。")
    publish(title="再一份文件", doc_number="坊政发〔2016〕22号", body="其他内容。")

    assert find(typed) == ["坊子区重大行政决策程序规定"]


def test_a_document_number_cited_in_another_text_finds_both_the_document_first(publish, find):
    publish(title="引用的解读", body="根据《坊子区重大行政决策程序规定（试行）》（坊政发[2015]22号）制定。")
    publish(title="坊子区重大行政决策程序规定", doc_number="坊政发〔2015〕22号", body="规范重大行政决策。")

    assert find("坊政发(2015)22号") == ["坊子区重大行政决策程序规定", "引用的解读"]


def test_an_index_number_matches_exactly(publish, find):
    first = publish(title="第一份", body="内容")
    publish(title="第二份", body="内容")
    number = first.item.index_number

    assert find(number) == ["第一份"]
    assert find(number.lower()) == ["第一份"]
    assert find(number[:-1] + "9") == []


def test_a_withdrawn_item_disappears_from_results_at_once(publish, withdraw, find):
    version = publish(title="农业补贴发放公示", body="补贴名单如下。")
    assert find("农业补贴") == ["农业补贴发放公示"]

    withdraw(version)

    assert find("农业补贴") == []
    assert not SearchDocument.objects.exists()


def test_a_draft_never_appears_to_the_public(team, column, topic, publish, find, django_capture_on_commit_callbacks):
    editor, reviewer, _signer = team
    publish(title="已发布的农业通知", body="正文")
    with django_capture_on_commit_callbacks(execute=True):
        pending = disclosure_services.item_create(
            by=editor, title="草稿农业通知", column=column, topic=topic, body="<p>草稿</p>"
        )
        disclosure_services.version_submit(version=pending, by=editor)
        disclosure_services.version_approve(version=pending, by=reviewer)

    assert find("农业通知") == ["已发布的农业通知"]
    assert find("草稿") == []


def test_a_revision_in_progress_keeps_the_published_text_and_its_publication_replaces_it(
    team, publish, find, django_capture_on_commit_callbacks
):
    editor, reviewer, signer = team
    version = publish(title="水利工程建设通知", body="第一版内容：泵站建设。")
    with django_capture_on_commit_callbacks(execute=True):
        revision = disclosure_services.item_revise(item=version.item, by=editor)
        disclosure_services.version_update(version=revision, by=editor, body="<p>第二版内容：渠道衬砌。</p>")
    assert find("泵站") == ["水利工程建设通知"]
    assert find("渠道衬砌") == []

    with django_capture_on_commit_callbacks(execute=True):
        disclosure_services.version_submit(version=revision, by=editor)
        disclosure_services.version_approve(version=revision, by=reviewer)
        disclosure_services.version_sign(version=revision, by=signer)

    assert find("泵站") == []
    assert find("渠道衬砌") == ["水利工程建设通知"]
    assert SearchDocument.objects.count() == 1


def test_an_item_not_for_proactive_disclosure_is_not_indexed(publish, find):
    publish(title="依申请公开的农业答复", body="答复内容", disclosure_mode="on_request")

    assert find("农业") == []


def test_all_words_must_match_and_a_minus_word_excludes(publish, find):
    publish(title="农业项目资金公示", body="资金")
    publish(title="农业项目验收通知", body="验收")
    publish(title="林业项目资金公示", body="资金")

    assert sorted(find("农业 资金")) == ["农业项目资金公示"]
    assert sorted(find("项目 -林业")) == ["农业项目资金公示", "农业项目验收通知"]
    assert find("-农业") == []


def test_title_matches_rank_above_body_matches(publish, find):
    publish(title="年度工作报告", body="其中提到高标准农田建设。")
    publish(title="高标准农田建设实施方案", body="方案内容。")

    assert find("高标准农田") == ["高标准农田建设实施方案", "年度工作报告"]


def test_sort_by_date_puts_the_newest_first(publish, find):
    publish(title="高标准农田建设实施方案", body="方案内容。")
    publish(title="年度工作报告", body="其中提到高标准农田建设。")

    assert find("高标准农田", sort="date") == ["年度工作报告", "高标准农田建设实施方案"]


def test_filters_narrow_the_results_and_facets_count_them(publish, column, agency):
    from gongkai.disclosures.tests.factories import ColumnFactory

    other = ColumnFactory(name="政策解读", slug="explain")
    publish(title="农业政策解读", body="解读", column=other, validity="na")
    publish(title="农业工作通知", body="通知", validity="expired")

    found = selectors.search_public(selectors.SearchParams(q="农业", column="explain"))
    assert [h.title for h in found.hits] == ["农业政策解读"]
    assert found.count == 1
    columns = {f.label: (f.count, f.selected) for f in found.facets["column"]}
    assert columns == {"政策解读": (1, True), "通知公告": (1, False)}  # a facet ignores its own filter
    assert [f.count for f in found.facets["agency"]] == [1]

    assert selectors.search_public(selectors.SearchParams(q="农业", validity="expired")).count == 1
    assert selectors.search_public(selectors.SearchParams(q="农业", agency=str(agency.pk))).count == 2
    assert selectors.search_public(selectors.SearchParams(q="农业", agency=agency.slug)).count == 2
    year = found.hits[0].published_at.year
    assert selectors.search_public(selectors.SearchParams(q="农业", year_from=year, year_to=year)).count == 2
    assert selectors.search_public(selectors.SearchParams(q="农业", year_from=year + 1)).count == 0


def test_nothing_found_offers_the_filters_to_relax_and_suggestions(publish):
    from gongkai.search.models import PopularSearch

    publish(title="农业工作通知", body="通知", validity="valid")
    PopularSearch.objects.create(query="农业补贴", count=12, last_results=3)
    PopularSearch.objects.create(query="身份证号码", count=99, last_results=3, hidden=True)
    PopularSearch.objects.create(query="一次搜索", count=1, last_results=3)

    found = selectors.search_public(selectors.SearchParams(q="农业", validity="repealed"))
    assert found.count == 0
    assert [(r.name, r.count) for r in found.relaxations] == [("validity", 1)]
    assert found.relaxations[0].params.validity == ""

    found = selectors.search_public(selectors.SearchParams(q="农业 火箭"))
    assert found.count == 0
    assert found.suggestions[0] == "农业"  # a word of the query that finds something on its own
    assert "农业补贴" in found.suggestions
    assert "身份证号码" not in found.suggestions and "一次搜索" not in found.suggestions


def test_synonyms_find_each_other(publish, find):
    from gongkai.search.models import SynonymGroup

    publish(title="农业综合开发项目公示", body="项目")
    publish(title="全国两会精神学习", body="学习")
    SynonymGroup.objects.create(words="农发 农业综合开发")
    SynonymGroup.objects.create(words="两会、全国人民代表大会和中国人民政治协商会议")

    assert find("农发") == ["农业综合开发项目公示"]
    assert find("农发项目") == ["农业综合开发项目公示"]
    found = selectors.search_public(selectors.SearchParams(q="农发"))
    assert found.query.synonyms_used == ("农业综合开发",)
    assert find("全国人民代表大会和中国人民政治协商会议") == ["全国两会精神学习"]


def test_snippets_are_escaped_and_mark_the_matched_words(publish):
    publish(
        title="<b>农业</b>项目",
        body="前文" * 40 + "这里是农业综合开发的内容，&lt;script&gt;alert(1)&lt;/script&gt;" + "后文" * 40,
    )

    hit = selectors.search_public(selectors.SearchParams(q="综合开发")).hits[0]
    assert "<b>" not in hit.title_html and "&lt;b&gt;农业&lt;/b&gt;" in hit.title_html
    assert "<mark>综合开发</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")


def test_with_very_many_matches_title_matches_come_first_then_newest_first(publish, monkeypatch):
    from gongkai.search.backends.base import Backend

    monkeypatch.setattr(Backend, "rank_limit", 2)  # as if these were tens of thousands of matches
    monkeypatch.setattr(Backend, "facet_exact_limit", 2)
    publish(title="早先的农田通知", body="正文")
    publish(title="道路通知", body="其中提到农田。")
    publish(title="后来的农田通知", body="正文")
    publish(title="水利通知", body="也提到农田。")

    found = selectors.search_public(selectors.SearchParams(q="农田"))
    assert [h.title for h in found.hits] == ["后来的农田通知", "早先的农田通知", "水利通知", "道路通知"]
    assert found.count == 4
    assert found.facets["year"]  # exact or, on a sample, estimated

    second = selectors.search_public(selectors.SearchParams(q="农田", page=2, page_size=3))
    assert [h.title for h in second.hits] == ["道路通知"]
