"""Rich text is sanitised on the way in; HTML becomes plain text for screening and search."""

from __future__ import annotations

import pytest

from gongkai.core.sanitize import clean_html, html_to_text, text_to_html


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>正文<script>alert(1)</script></p>",
        "<p>正文<SCRIPT SRC=//evil.example/x.js></SCRIPT></p>",
        "<p>正文</p><script>document.cookie</script>",
    ],
)
def test_scripts_are_removed_with_their_content(dirty):
    out = clean_html(dirty)
    assert "script" not in out.lower()
    assert "alert" not in out and "cookie" not in out and "evil" not in out
    assert "正文" in out


@pytest.mark.parametrize(
    "dirty",
    [
        '<p onclick="steal()">点击</p>',
        '<a href="https://www.gov.cn/" onmouseover="steal()">链接</a>',
        '<td onclick="steal()">单元格</td>',
        '<img src="x" onerror="steal()">',
        '<svg onload="steal()"><p>图</p></svg>',
        '<p><span ONCLICK="steal()">大写</span></p>',
    ],
)
def test_event_handlers_are_removed(dirty):
    out = clean_html(dirty)
    assert "steal" not in out
    assert " on" not in out.lower()


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "jav&#97;script:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_dangerous_link_targets_are_removed(href):
    out = clean_html(f'<a href="{href}">链接</a>')
    assert "href" not in out
    assert "alert" not in out and "msgbox" not in out
    assert "链接" in out


@pytest.mark.parametrize(
    "href", ["https://www.gov.cn/zhengce/", "http://example.org/a?b=1&amp;c=2", "mailto:gongkai@example.gov.cn", "/disclosures/12/"]
)
def test_ordinary_links_are_kept_and_opened_safely(href):
    out = clean_html(f'<a href="{href}" target="_blank">链接</a>')
    assert f'href="{href}"' in out
    assert 'rel="noopener noreferrer"' in out
    assert "target" not in out


def test_document_structure_is_kept():
    html = (
        "<h2>一、总体要求</h2><p><strong>重点</strong>和<em>说明</em></p>"
        "<ul><li>一</li><li>二</li></ul>"
        '<table><tbody><tr><th scope="col">项目</th></tr><tr><td colspan="2">金额</td></tr></tbody></table>'
    )
    assert clean_html(html) == html


@pytest.mark.parametrize(
    "dirty",
    [
        '<iframe src="https://evil.example/"></iframe>',
        "<object data=x></object>",
        "<embed src=x>",
        '<form action="https://evil.example/"><input name=a></form>',
        "<style>body{display:none}</style>",
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "<base href=https://evil.example/>",
    ],
)
def test_embedding_forms_and_styles_are_removed(dirty):
    out = clean_html("<p>保留</p>" + dirty)
    assert out.startswith("<p>保留</p>")
    assert "evil" not in out and "<" not in out[len("<p>保留</p>") :]


def test_style_attributes_are_removed():
    assert clean_html('<p style="position:fixed;top:0">文字</p>') == "<p>文字</p>"


def test_cleaning_is_idempotent():
    once = clean_html('<p onclick="x()">a<script>b</script><a href="https://x.cn">c</a></p>')
    assert clean_html(once) == once


def test_html_to_text_turns_blocks_into_lines_and_unescapes():
    assert html_to_text("<p>甲 &amp; 乙</p><p>丙<br>丁</p>") == "甲 & 乙\n\n丙\n丁"
    assert html_to_text("<table><tr><td>一</td><td>二</td></tr></table>") == "一\n\n二"
    assert html_to_text("") == ""
    assert html_to_text(None) == ""


def test_html_to_text_joins_inline_markup_so_numbers_split_by_tags_are_seen_whole():
    assert html_to_text("<p>身份证号1101051949<strong>1231002X</strong></p>") == "身份证号11010519491231002X"
    assert html_to_text("<p>&#49;1010519491231002X</p>") == "11010519491231002X"


def test_text_to_html_escapes_and_makes_paragraphs():
    assert text_to_html("第一段<script>\n\n第二段 & 附件\n第三段") == (
        "<p>第一段&lt;script&gt;</p><p>第二段 &amp; 附件</p><p>第三段</p>"
    )
    assert text_to_html("") == ""
