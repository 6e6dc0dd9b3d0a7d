"""Highlighting: text is escaped first, then matches are marked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.highlight import _spans, highlight, snippet
from gongkai.search.text import fold, folded_for


def test_matches_are_marked_and_everything_else_escaped():
    assert (
        highlight("<i>农业</i>综合开发", ["农业", "开发"])
        == "&lt;i&gt;<mark>农业</mark>&lt;/i&gt;综合<mark>开发</mark>"
    )


def test_adjacent_and_overlapping_matches_merge_into_one_mark():
    assert (
        highlight("农业综合开发办公室", ["农业", "综合", "办公", "公室"])
        == "<mark>农业综合</mark>开发<mark>办公室</mark>"
    )


def test_matching_ignores_bracket_style_width_and_case_but_shows_the_original():
    assert highlight("依据坊政发[2015]22号和ＰＤＦ", ["坊政发〔2015〕22号", "pdf"]) == (
        "依据<mark>坊政发[2015]22号</mark>和<mark>ＰＤＦ</mark>"
    )


def test_a_snippet_is_a_window_around_the_densest_matches():
    text = "开头" + "无关内容。" * 40 + "农业综合开发项目，农业综合开发资金。" + "结尾内容。" * 40
    s = snippet([text], ["农业", "综合", "开发"], length=60)
    assert s.startswith("…") and s.endswith("…")
    assert s.count("<mark>") == 2
    assert len(s.replace("<mark>", "").replace("</mark>", "")) <= 62


def test_a_snippet_falls_back_to_later_texts_then_to_the_beginning():
    assert snippet(["正文没有", "附件里有农业"], ["农业"]) == "附件里有<mark>农业</mark>"
    assert snippet(["正文没有命中<b>", ""], ["农业"]) == "正文没有命中&lt;b&gt;"
    assert snippet(["", ""], ["农业"]) == ""


@given(
    st.text(alphabet="综合开发ＡBb1１（）(〔〕] 　,，", max_size=30),
    st.sampled_from(["综合开发", "开发", "b1", "〔", "综合"]),
)
def test_a_term_is_found_in_a_text_as_in_its_folded_form(text, term):
    # folded_for skips folding for Chinese terms: the places found must be the same
    term = fold(term)
    assert _spans(folded_for([term])(text), [term]) == _spans(fold(text), [term])
