"""Corpus text → Markdown → HTML → text gives the text back (whitespace aside), through
Python-Markdown and through the build's fast path alike."""

from __future__ import annotations

import html
import os
import re

import markdown
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.publish.fast_markdown import Unsupported, render
from generator.site.markdown import escape, link, strong

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
#: Markdown, HTML and template syntax, entities, and CJK text.
SPECIALS = list("\\`*_{}[]()#+-.!|<>&\"':=~^@$%") + ["**", "{: #x }", "&amp;", "&#42;", "<b>",
                                                    "</p>", "<!--", "{{ x }}", "javascript:",
                                                    "1. ", "- ", "> ", "    ", "\t", "\n", "一是",
                                                    "学习", "（一）", "①", "　", "---", "==="]
TEXT = st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(min_size=1, max_size=3)),
                min_size=1, max_size=30).map("".join)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _reference(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=["attr_list", "tables"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXT)
def test_escaped_text_renders_back_to_itself(text: str) -> None:
    expected = " ".join(re.sub(r"[\x00-\x1f]", " ", text).split())
    assume(expected)  # passages are never blank (control characters and NBSP alone are)
    block = escape(text) + "\n{: #p-abcdef .psg }"
    assert _text(_reference(block)) == expected
    assert _text(_fast(block)) == expected


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXT, TEXT)
def test_links_and_strong_keep_corpus_text_literal(lead: str, title: str) -> None:
    block = f"{strong(lead)}{escape(title)} " + link(title, "x.md#p-a", title, "c")
    for out in (_reference(block), _fast(block)):
        assert "<script" not in out.lower() and "javascript:" not in re.findall(
            r'href="([^"]*)"', out)[-1]
        visible = re.sub(r"[\x00-\x1f]", " ", f"{lead}{title} {title}")
        assert _text(out) == " ".join(visible.split())


def test_headings_tables_and_attributes_match_python_markdown() -> None:
    page = ("## （一）学习\\*方面 [¶](#p-a \"复制\"){: .psg-link } {: #p-a .psg data-path=\"1\" }\n\n"
            "| 标题 | 年度 |\n| --- | --- |\n| [a\\|b](x/) | 2021 |\n\n"
            "<div class=\"w\"><p>widget</p></div>\n\n"
            "<span class=\"psg-num\">一是</span>**要点。**正文 &amp; 其他\n{: #p-b .psg }")
    assert _canon(render(page)) == _canon(_reference(page))


def _fast(block: str) -> str:
    """The build's fast path, or Python-Markdown where the fast path declines (as in a build)."""
    try:
        return render(block)
    except Unsupported:
        return _reference(block)


def _canon(out: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.split(r"(<[^>]+>)", out) if t.strip()]


def test_the_bold_lead_on_a_page_is_the_parsed_lead() -> None:
    """A point's bold lead is the lead the parser found (a table row's item cell, a lead in
    【】, words after a struck-out deletion), with its closing mark; else its first clause."""
    from generator.parse.report import build_outline
    from generator.parse.tables import table_rows
    from generator.readers.text import markdown_lines
    from generator.site.render import passage_view

    text = ("一、存在的问题\n（一）学习方面\n1.【学用结合不紧】，运用理论不够。\n"
            "2. ~~删去的话。~~保留的话，后文。\n3.平常的要点。后文。\n"
            "二、整改措施\n| 序号 | 整改事项 | 具体措施 |\n|---|---|---|\n"
            "| 1 | 深化理论学习 | 每月集中学习一次。 |\n")
    body, _ = table_rows(markdown_lines(text))
    points = [p for p in build_outline(body).passages if p.kind == "point"]
    assert [passage_view(p).lead for p in points] == [
        "【学用结合不紧】", "~~删去的话。~~保留的话，后文。", "平常的要点。", "深化理论学习"]
