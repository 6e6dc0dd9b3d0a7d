"""Segmentation, folding and the query language, without the database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search.query import parse
from gongkai.search.segmenter import Segmenter
from gongkai.search.text import fold


@pytest.fixture(scope="module")
def seg():
    return Segmenter()


def test_search_mode_indexes_the_words_inside_a_long_word(seg):
    tokens = seg.index_tokens("潍坊市坊子区农业综合开发办公室")
    assert {"农业", "综合", "开发", "办公室", "办公"} <= set(tokens)


def test_punctuation_and_spaces_are_not_tokens(seg):
    assert seg.index_tokens("坊政发〔2015〕22号， 通知。") == ["坊", "政发", "2015", "22", "号", "通知"]


def test_a_long_query_word_is_replaced_by_the_shorter_words_that_cover_it(seg):
    # 中华人民共和国 is indexed as 中华 华人 人民 共和 共和国 …, never as 人民共和国
    assert "人民共和国" not in seg.index_tokens("中华人民共和国政府信息公开条例")
    # … and 共和, inside 共和国, is implied by it
    assert seg.covering_tokens("人民共和国") == ["人民", "共和国"]
    assert seg.covering_tokens("办公室") == ["办公", "公室"]


def test_a_query_word_inside_a_longer_one_is_left_out(seg):
    assert seg.covering_tokens("新闻发布会") == ["新闻", "发布会"]
    assert seg.covering_tokens("中低产田改造") == ["中低", "低产田", "改造"]
    assert seg.covering_tokens("COVID-19疫苗") == ["covid", "covid-19", "疫苗"]  # only Chinese words


GOV_TEXT = "中华人民共和国政府信息公开条例新闻发布会农业综合开发办公室中低产田改造行政处罚决定书财政预算执行情况"


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(GOV_TEXT), min_size=2, max_size=40).map("".join),
    st.integers(0, 39),
    st.integers(2, 8),
    st.lists(st.sampled_from(GOV_TEXT), max_size=6).map("".join),
)
def test_leaving_out_the_inner_words_finds_the_same_documents(seg, document, start, length, other):
    # A document indexed with a long word was also indexed with the search-mode words inside it,
    # so requiring them as well changes nothing. Queries are mostly taken from the document.
    indexed = set(seg.index_tokens(document))
    for query in (document[start : start + length], other):
        if not query:
            continue
        every = seg.covering_tokens(query, drop_implied=False)
        fewer = seg.covering_tokens(query)
        assert set(fewer) <= set(every)
        assert (set(every) <= indexed) == (set(fewer) <= indexed), (query, every, fewer)


def test_folding_keeps_offsets_and_unifies_brackets_width_and_case():
    text = "坊政发［2015］22号 ＡＢＣ (试行) 【急】"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "坊政发〔2015〕22号 abc 〔试行〕 〔急〕"


def test_a_user_word_is_kept_whole(seg):
    assert "坊子农发办" not in seg.index_tokens("坊子农发办通知")
    assert "坊子农发办" in Segmenter(frozenset({"坊子农发办"})).index_tokens("坊子农发办通知")


def test_the_query_language(seg):
    q = parse('农业 "土地 治理" -通知 坊政发(2015)22号 11370704MB0000001X/2026-00001', segmenter=seg)
    assert [(c.kind, c.text) for c in q.must] == [
        ("phrase", "土地 治理"),
        ("phrase", "坊政发〔2015〕22号"),
        ("words", "农业"),
    ]
    assert q.must[1].alternatives == (("坊", "政发", "2015", "22", "号"),)
    assert [c.text for c in q.must_not] == ["通知"]
    assert q.index_numbers == ("11370704MB0000001X/2026-00001",)


def test_unbalanced_quotes_and_chinese_quotes(seg):
    assert [c.kind for c in parse("“农业综合开发”", segmenter=seg).must] == ["phrase"]
    assert [c.text for c in parse('"农业综合开发', segmenter=seg).must] == ["农业综合开发"]
    assert parse('""  -  ，。', segmenter=seg).is_empty
    assert parse("-通知", segmenter=seg).is_empty


def test_synonyms_and_agency_names_become_alternatives(seg):
    q = parse(
        "农发项目 坊子农发办",
        segmenter=seg,
        synonyms={"农发": ("农发", "农业综合开发")},
        names={"坊子农发办": "潍坊市坊子区农业综合开发办公室"},
    )
    by_text = {c.text: c.alternatives for c in q.must}
    assert by_text["农发"] == (("农发",), ("农业", "综合", "开发"))
    assert by_text["项目"] == (("项目",),)
    assert ("潍坊市坊子区农业综合开发办公室",) in by_text["坊子农发办"]
    assert q.synonyms_used == ("农业综合开发",)


def test_a_query_of_more_words_ranks_fewer_matches_one_by_one(seg):
    from gongkai.search.backends.base import RANK_LIMIT, Backend

    backend = Backend()
    assert backend.rank_limit_for(parse("农田", segmenter=seg)) == RANK_LIMIT
    assert backend.rank_limit_for(parse("农田 水利", segmenter=seg)) == RANK_LIMIT // 2
    assert backend.rank_limit_for(parse("新闻发布会", segmenter=seg)) == RANK_LIMIT // 2  # 新闻 发布会
    assert backend.rank_limit_for(parse('"农田水利建设"', segmenter=seg)) == RANK_LIMIT  # one phrase
