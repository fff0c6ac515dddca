"""Property tests (hypothesis) of the text readers and the outline parser.

Random reports mix every numbering scheme, heading ending, indentation, line ending, Markdown
markup, redaction mark, quote and bracket the wild produces (see
``../shared/reference/real-world-quirks.md``), plus random Unicode. Properties:

* ``read_source`` + ``parse_report`` never raise, except :class:`ReadError` for input that has
  no text at all;
* lossless: the title lines and the passages, concatenated, equal the source text (whitespace
  removed; for ``.md`` the ``#`` heading markers, whole-line ``**…**`` wrappers and the marks
  of a bold lead opening a line or a list item (``**一是…。**正文``, ``1. **…**``) removed;
  lines recorded as page furniture removed from the source at their line numbers);
* anchors are unique within a report and the same when the report is parsed again;
* every passage's outline path agrees with its kind and level;
* encode/decode round trips through GB18030, UTF-16 (with and without BOM) and Big5.

``FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py`` raises the budget (default: modest, so the
file runs in well under a minute on two cores).
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.chars import RADICALS, SMALL_FORMS
from generator.models import Report, SourceDoc
from generator.parse.report import parse_report
from generator.readers import ReadError, read_source
from generator.readers.text import decode, is_bbcode

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get(
    "FUZZ_RANDOM"), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- the pieces reports are made of -----------------------------------------------------------

NUMBERS = ["一、", "二、", "三、", "四、", "十二、", "一．", "二.", "（一）", "（二）", "（三）",
           "(一)", "(二)", "（十）", "一是", "二是", "三是", "四是", "1.", "2.", "3．", "1、", "2、",
           "（1）", "（2）", "(1)", "(3)", "①", "②", "③", "第一，", "第二，", "第三：", "首先，",
           "其次，", "最后，", "其一，", "其二，", "- ", "● ", "一、上年度民主生活会整改落实情况", "二、存在的主要问题",
           "三、原因剖析", "四、整改措施", "二、反面典型案例剖析情况", "一是的", "二是否"]
WORDS = ["理论学习", "不够深入", "学用结合不够紧密", "存在的问题", "原因剖析", "整改措施",
         "对照检\n查材料", "第 一时间", "2025 年度", "D史", "xx精神", "xxx小学", "**镇", "*年度",
         "20**年", "××", "XX 合作社", "ZZ", "“十五五”", "”十五五“", "「转化率」", '"引号"',
         "『书名』", "《中国共产党纪律处分条例》", "（括号内容）", "(half", "bracket)", "【注】",
         "😀", "🇨🇳", "Latin words", "A1", "3.14", "100%", "比如", "例如", "四風(fēng)",
         "理論學習", "對照檢查", "第1页共4页", "浏览量:34", "材料.docx", "<script>x</script>",
         "{{ config }}", "{% raw %}", "!!! note", "=== \"t\"", "--8<--", "{ .class }", "&amp;",
         "[链接](javascript:x)", "**粗体**", "__下划__", "#", "##", "---", "|", "\\", "`code`",
         "～", "…", "——", "·"]
ENDS = ["。", "：", ":", "；", ";", "，", "", "", "！", "？", "?", "。”", "”。", "）。"]
SPACES = ["", "", " ", "  ", "\u00a0", "\u3000", "\u3000\u3000", "\t", "\u2002", "\u200b"]
NEWLINES = ["\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n"]

text_noise = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
word = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), text_noise)


@st.composite
def clause(draw: st.DrawFn) -> str:
    """An optional number, a few words, an end mark: ``（三）工作作风方面。``."""
    number = draw(st.sampled_from(["", "", *NUMBERS]))
    body = "".join(draw(st.lists(word, min_size=0, max_size=5)))
    return number + body + draw(st.sampled_from(ENDS))


@st.composite
def line(draw: st.DrawFn) -> str:
    """One source line: indentation, one or more clauses glued together, trailing space.
    Several clauses in a line are headings glued to the previous paragraph."""
    clauses = draw(st.lists(clause(), min_size=1, max_size=draw(st.sampled_from([1, 2, 4, 12]))))
    return draw(st.sampled_from(SPACES)) + "".join(clauses) + draw(st.sampled_from(SPACES))


@st.composite
def md_line(draw: st.DrawFn) -> str:
    """A Markdown line: maybe an ATX heading or a whole-line bold wrapper."""
    text = draw(line()).replace("\n", "")
    wrap = draw(st.sampled_from(["", "", "", "# ", "## ", "### ", "###### ", "bold", "__",
                                 "lead", "1. lead", "- lead"]))
    if wrap == "bold":
        return f"**{text.strip()}**"
    if wrap.endswith("lead"):  # a bold lead run into its text, maybe in a list item
        return wrap.removesuffix("lead") + f"**{text.strip()}**" + draw(line()).strip()
    if wrap == "__":
        return f"__{text.strip()}__"
    return wrap + text


def _join(draw: st.DrawFn, lines: list[str]) -> str:
    out = ""
    for item in lines:
        out += item + draw(st.sampled_from(NEWLINES))
    return out


@st.composite
def txt_report(draw: st.DrawFn) -> str:
    title = draw(st.sampled_from(["", "中共某某区委班子2025年度民主生活会对照检查材料\n",
                                  "中共某某区政协党组班子\n2025年度民主生活会对照检查材料\n区政协办公室主任  某某\n",
                                  "一、存在的问题\n（一）理论学习方面\n对照检查材料\n"]))
    lines = draw(st.lists(line(), min_size=0, max_size=12))
    if draw(st.integers(0, 9)) == 0:  # a whole report without a single line break
        return title.replace("\n", "") + "".join(lines)
    return title + _join(draw, lines)


@st.composite
def md_report(draw: st.DrawFn) -> str:
    front = draw(st.sampled_from(["", "---\nyear: 2024\n---\n", "---\ntitle: 标题\n...\n"]))
    return front + _join(draw, draw(st.lists(md_line(), min_size=0, max_size=12)))


# --- the expected text, computed without the readers ------------------------------------------

# Whitespace, and the invisible format characters readers drop (zero-width space, joiners,
# BOM, soft hyphen): not text a reader sees.
_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
MAIL_FROM = re.compile(r"^\s*(?:发件人|From)\s*[:：]", re.I)
# (and marks typed without the blank when a number follows: ###二、…)
_ATX_OPEN = re.compile(r"^#{1,6}(?:[ \t]+|(?=[一二三四五六七八九十]{1,3}[、.．]"
                       r"|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、．](?!\d)))")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$")  # (or {#id})


def _squash(text: str) -> str:
    return _WS.sub("", text)


_SOFT_BREAK = re.compile("[\v\u2028\u2029]")


_EDITOR_TAG = (r"</?(?:br|div|p|span|center|font|strong|b|em|i|u|s|sup|sub|section)"
               r"(?:\s[^<>\n]*)?/?>")


def source_lines(text: str, fmt: str) -> list[str]:
    """Source lines (1-based index = line number), as a reader that knows only the
    Markdown rules would show them (a PDF's radical code points read as the ideographs they
    stand for, :data:`generator.chars.RADICALS`, and small-form punctuation as full-width,
    ``SMALL_FORMS``)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(RADICALS).translate(SMALL_FORMS)
    if fmt == "txt" and is_bbcode(text):  # a forum post's source: its tags are markup
        text = re.sub(r"\[(attach|img)\][^\[\n]*\[/\1\]", "", text, flags=re.I)
        text = re.sub(r"\[/?b\]", "**", re.sub(r"\[\*\][ \t]*", "\v* ", text), flags=re.I)
        text, fmt = re.sub(r"\[/?[a-z]+(?:=[^\]\n]*)?\]", "", text, flags=re.I), "md"
    if fmt == "md" and len(re.findall(_EDITOR_TAG, text, re.I)) >= 3:
        # an online editor's inline HTML in Markdown (<br>, <div …>, <strong>): markup
        text = re.sub(r"<br\s*/?>|</(?:div|p|center|section)>", "\v", text, flags=re.I)
        # (bold opening a line is its lead's **; bold inside a line is emphasis: gone)
        text = re.sub(r"(^|[\n\v])([ \t\u3000]*)<(?:strong|b)>(.*?)</(?:strong|b)>",
                      r"\1\2**\3**", text, flags=re.I | re.M)
        text = re.sub(_EDITOR_TAG, "", text, flags=re.I)
        text = re.sub(r"&(?:nbsp|ensp|emsp);", " ", text)
    lines = text.split("\n")
    if fmt != "md":
        return lines
    front = re.match(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    skip = front.group(0).count("\n") if front else 0
    # A soft break (U+000B, U+2028) ends a line for the reader, as it does in a text file.
    shown = ["" if i < skip else "".join(map(_md_visible, _SOFT_BREAK.split(raw)))
             for i, raw in enumerate(lines)]
    for i in range(max(skip, 1), len(lines)):  # a setext underline under a paragraph line
        if re.fullmatch(r"(?:={3,}|-{3,})[ \t]*", shown[i].strip()) and shown[i - 1].strip():
            shown[i] = ""
    return shown


def _md_visible(raw: str) -> str:
    line = raw.strip(" \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff").rstrip()
    # A block quote's marks, and the backslash of an escaped list number (1\.), are markup.
    line = re.sub(r"^(\d{1,2})\\([.)])", r"\1\2", re.sub(r"^(?:>[ \t]?)+", "", line) or line)
    line = re.sub(r"\[([^\]\n]+)\]\{[.#][^}\n]*\}", r"\1", line)  # pandoc [words]{.underline}
    line = re.sub(r"^([*_])([^*_\s][^*_\n]*?[^*_\s]|[^*_\s])\1$", r"\2", line)  # *italic line*
    if _ATX_OPEN.match(line) and _squash(_ATX_CLOSE.sub("", _ATX_OPEN.sub("", line))):
        return _ATX_CLOSE.sub("", _ATX_OPEN.sub("", line))
    for mark in ("**", "__", "=="):  # == : a note app's highlight
        inner = line[2:-2]
        if (len(line) > 4 and line.startswith(mark) and line.endswith(mark)
                and mark not in inner and inner.strip(" \t=*_")):
            return inner
    item = re.match(r"\d{1,2}[.、．][ \t]*|[-*+][ \t]+", line)
    head, body = (line[:item.end()], line[item.end():]) if item else ("", line)
    for mark in ("**", "__", "=="):  # == : a note app's highlight
        close = body.find(mark, 3)
        last = len(body) - 2 if item else len(body) - 3  # a list item may be all bold
        if body.startswith(mark) and not body[2:3].isspace() and 0 < close <= last:
            return head + body[2:close] + body[close + 2:]
    return line


def expected_text(text: str, fmt: str, doc: SourceDoc) -> str:
    """The source's characters minus the furniture the parser lifted out and recorded in
    ``report.source.furniture`` (whitespace removed)."""
    lines = source_lines(text, fmt)
    for item in doc.furniture:
        source = _squash(lines[item.lineno - 1])
        removed = _squash(item.text)
        assert removed and removed in source, (item, lines[item.lineno - 1])
        lines[item.lineno - 1] = source.replace(removed, "", 1)
    if any(item.lineno == 1 and MAIL_FROM.match(item.text) for item in doc.furniture):
        lines = without_quote_marks(lines)
    return _squash("".join(lines))


def without_quote_marks(lines: list[str]) -> list[str]:
    """A report sent as an e-mail: its quote marks (> / >>) are markup."""
    return [re.sub(r"^(?:>[ \t]?)+", "", line.strip()) for line in lines]


def shown_text(report: Report) -> str:
    parts = [line.text for line in report.title_lines] + [p.text for p in report.passages]
    return _squash("".join(parts))


# --- helpers ----------------------------------------------------------------------------------


def read_and_parse(data: bytes, suffix: str) -> tuple[SourceDoc, Report] | None:
    """Write ``data`` to a fresh corpus and run the pipeline's read + parse on it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            doc = read_source(path, Path(tmp))
        except ReadError:
            return None
        return doc, parse_report(doc)


def check_report(text: str, suffix: str) -> Report | None:
    """All the properties for one source text written as UTF-8."""
    result = read_and_parse(text.encode("utf-8"), suffix)
    fmt = suffix.lstrip(".")
    if result is None:
        # Refused only when there is no text, or when it has NUL bytes (binary, not a report).
        assert "\x00" in text or _squash("".join(source_lines(text, fmt))) == "", \
            "ReadError for a file with text"
        return None
    doc, report = result
    assert shown_text(report) == expected_text(text, fmt, report.source)
    check_anchors(report, parse_report(doc))
    check_paths(report)
    return report


def check_anchors(report: Report, again: Report) -> None:
    anchors = [p.anchor for p in report.passages]
    assert len(set(anchors)) == len(anchors), "duplicate anchors"
    assert all(re.fullmatch(r"p-[a-z2-7]{6}", a) for a in anchors), anchors
    assert anchors == [p.anchor for p in again.passages], "anchors differ between two parses"


def check_paths(report: Report) -> None:
    """Paths, kinds and levels agree, and the outline is a tree walked in document order. The
    section a copy starts inside has no heading, so no passage of its own."""
    seen: list[tuple[int, ...]] = []
    untitled = {i for i, s in enumerate(report.sections, 1) if not s.heading and not s.number}
    for p in report.passages:
        assert p.kind in ("heading", "para", "point"), p
        if p.level == 0:
            assert (p.role, p.path, p.section, p.kind) == ("preamble", "", None, "para"), p
            continue
        path = tuple(int(n) for n in p.path.split("."))
        assert len(path) == p.level and all(n >= 1 for n in path), p
        assert p.role != "preamble", p
        assert p.text.startswith(p.number), p
        if p.kind == "para":
            assert p.number == "", p
            assert path in seen, f"paragraph under an outline item that has no passage: {p}"
            continue
        assert path not in seen, f"two outline items with one path: {p}"
        if p.kind == "point":  # numbered, or an unnumbered paragraph opening with its lead
            assert p.number or (p.lead and p.text.startswith(p.lead)), p
        if len(path) > 1:
            assert path[:-1] in seen or path[:-1] == (1,) and 1 in untitled, \
                f"parent of {p.path} has no passage"
        siblings = [s for s in seen if s[:-1] == path[:-1]]
        siblings += [(n,) for n in untitled if len(path) == 1 and (n,) not in siblings]
        assert path[-1] == len(siblings) + 1, f"gap before {p.path}: {p.text!r}"
        seen.append(path)
    roots = {s[0] for s in seen} | untitled
    assert roots == set(range(1, len(report.sections) + 1)), (roots, len(report.sections))


# --- properties -------------------------------------------------------------------------------


@FUZZ
@given(txt_report())
@example("…得到解决。（三）工作作风方面。一是学习不够。二是调研不深。三是落实不力。\n")
@example("一、存在的问题（一）理论学习方面。一是学用脱节。二是“知行合一”不够。1.比如。2.例如。")
@example("第1页共4页\n一、存在的问题\n浏览量:34\n正文。\n材料.docx\n")
@example("目录\n一、存在的问题\n二、原因剖析\n对照检查材料\n一、存在的问题\n正文。\n二、原因剖析\n正文。\n")
@example("\u3000\u3000\r\n\r\n")
def test_txt_reports_parse_losslessly(text: str) -> None:
    check_report(text, ".txt")


@FUZZ
@given(md_report())
@example("## 一、问题 ##\n__（一）方面__\n正文**镇。\n")
@example("。\n**0\x0b。**\n")  # a soft break inside bold: two lines, the marks stay text
def test_md_reports_parse_losslessly(text: str) -> None:
    check_report(text, ".md")


def test_bold_numbered_point_in_markdown() -> None:
    """Found by fuzzing: a bold 一是 line left an outline point with no passage (1.1 skipped)."""
    text = "# 对照检查材料\n\n**一、存在的问题**\n\n**一是学习不够深入。**\n\n正文。\n"
    result = read_and_parse(text.encode("utf-8"), ".md")
    assert result is not None
    report = result[1]
    assert shown_text(report) == expected_text(text, "md", report.source)
    check_paths(report)
    assert [p.path for p in report.passages] == ["1", "1.1", "1.1"]


def test_number_before_a_number_is_one_unit() -> None:
    """Found on a line-numbered copy: ``5  一、…`` read 5 as a heading with nothing in it and
    一、 as the next unit (the wide gap is a boundary). Nothing read since a marker: the next
    marker is its text."""
    text = "对照检查材料\n\n前言。\n\n5  一、存在的问题\n\n正文。\n"
    result = read_and_parse(text.encode("utf-8"), ".txt")
    assert result is not None
    report = result[1]
    check_paths(report)
    assert all(p.text.strip() != p.number.strip() for p in report.passages if p.number)


@pytest.mark.parametrize("mark", ["。", "★", "：", "◆◆◆"])
def test_heading_of_punctuation_alone_in_a_web_page(mark: str) -> None:
    """Found by fuzzing: an <h2> holding only 。 opened a section with no heading, which
    the outline then counted twice. A heading that names nothing is the preamble's text."""
    page = ("<html><head><title>t</title></head><body><article>"
            f"<h2>{mark}</h2><h2>一、存在的问题</h2><p>正文。</p></article></body></html>")
    result = read_and_parse(page.encode("utf-8"), ".html")
    assert result is not None
    report = result[1]
    check_paths(report)
    assert [(p.kind, p.path) for p in report.passages] == [
        ("para", ""), ("heading", "1"), ("para", "1")]


@FUZZ
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400),
       st.sampled_from([".txt", ".md"]))
def test_random_unicode_never_breaks_the_parser(text: str, suffix: str) -> None:
    assume(suffix == ".txt" or not text.startswith("---"))
    check_report(text, suffix)


@FUZZ
@given(st.lists(line(), min_size=1, max_size=12), st.sampled_from(["p", "div", "br", "h2"]))
def test_saved_web_pages_never_break_the_parser(lines: list[str], block: str) -> None:
    """The same random reports as a saved page: read and parsed without an exception, with
    unique stable anchors and consistent paths (article extraction may drop blocks, so no
    lossless check here)."""
    from html import escape

    if block == "br":
        body = "<p>" + "<br>".join(escape(x) for x in lines) + "</p>"
    else:
        body = "".join(f"<{block}>{escape(x)}</{block}>" for x in lines)
    page = f"<html><head><title>t</title></head><body><article>{body}</article></body></html>"
    result = read_and_parse(page.encode("utf-8"), ".html")
    if result is not None:
        doc, report = result
        check_anchors(report, parse_report(doc))
        check_paths(report)


def structure(report: Report) -> list[tuple[str, str, str, int]]:
    return [(p.kind, p.path, p.role, p.line) for p in report.passages]


@st.composite
def chinese_line(draw: st.DrawFn) -> str:
    """A line of numbered Chinese prose (no random noise): glued clauses, indentation."""
    parts = draw(st.lists(st.tuples(st.sampled_from(["", "", *NUMBERS]),
                                    st.lists(st.sampled_from(PROSE), min_size=1, max_size=8),
                                    st.sampled_from(ENDS)), min_size=1, max_size=4))
    body = "".join(n + "".join(words) + end for n, words, end in parts)
    return draw(st.sampled_from(SPACES)) + body


CHINESE_REPORT = st.lists(chinese_line(), min_size=1, max_size=15)


@FUZZ
@given(CHINESE_REPORT, st.sampled_from(NEWLINES[:4]))
def test_line_endings_and_indentation_do_not_change_the_outline(lines: list[str],
                                                                newline: str) -> None:
    plain = "\n".join(x.strip(" \t\u00a0\u3000\u2002\u200b") for x in lines) + "\n"
    styled = newline.join(lines) + newline
    a = read_and_parse(plain.encode("utf-8"), ".txt")
    b = read_and_parse(styled.encode("utf-8"), ".txt")
    assert a is not None and b is not None
    assert [p.text for p in b[1].passages] == [p.text for p in a[1].passages]
    assert structure(b[1]) == structure(a[1])


@FUZZ
@given(CHINESE_REPORT)
def test_traditional_script_parses_like_simplified(lines: list[str]) -> None:
    """The issue: traditional-script copies parse the same as simplified ones."""
    import opencc

    simplified = "\n".join(lines) + "\n"
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assume(len(traditional) == len(simplified))
    a = read_and_parse(simplified.encode("utf-8"), ".txt")
    b = read_and_parse(traditional.encode("utf-8"), ".txt")
    assert a is not None and b is not None
    assert structure(b[1]) == structure(a[1]), traditional
    assert shown_text(b[1]) == expected_text(traditional, "txt", b[1].source)


def test_traditional_order_word() -> None:
    """Found by fuzzing: 最後 (traditional 最后) was not an order word."""
    result = read_and_parse("一、整改措施\n首先，加強學習。\n最後，嚴守紀律。\n".encode(), ".txt")
    assert result is not None
    assert [p.kind for p in result[1].passages] == ["heading", "point", "point"]


def _representable(text: str, encoding: str) -> bool:
    try:
        return text.encode(encoding).decode(encoding) == text
    except UnicodeError:
        return False


@FUZZ
@given(txt_report(), st.sampled_from(["gb18030", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-8-sig", "big5"]))
def test_encodings_round_trip(text: str, encoding: str) -> None:
    """A report saved in any promised encoding reads back as the same lines."""
    text = text.replace("\u00a0", " ")  # not in GBK/Big5; real copies use a plain space
    assume(_representable(text, encoding) and text.strip())
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    reference = read_and_parse(text.encode("utf-8"), ".txt")
    assume(reference is not None)
    decoded, detected = _decode_or_none(data)
    if encoding in ("gb18030", "big5", "utf-16-le", "utf-16-be") and decoded != text:
        # Without a BOM, short or mostly-ASCII text is ambiguous; the reader must then
        # either refuse it or pick another encoding consistently, never crash.
        assume(False)
    assert decoded == text.removeprefix("\ufeff"), detected
    again = read_and_parse(data, ".txt")
    assert again is not None
    assert [(x.text, x.lineno) for x in again[0].lines] == [
        (x.text, x.lineno) for x in reference[0].lines]
    assert [p.anchor for p in again[1].passages] == [p.anchor for p in reference[1].passages]


def _decode_or_none(data: bytes) -> tuple[str | None, str]:
    try:
        return decode(data)
    except ValueError as exc:
        return None, str(exc)


PROSE = ["理论学习", "不够深入", "学用结合", "不够紧密", "存在的问题", "原因剖析", "整改措施",
         "对照检查", "领导班子", "干部群众", "工作作风", "纪律规矩", "落实推动", "加强", "深入开展",
         "思想政治建设", "责任担当", "有待提高", "认识", "方面", "主要", "党史", "我们", "是"]
PUNCT = ["，", "。", "、", "；", "：", "“", "”", "（", "）", "\n", "一是", "二是", "（一）", ""]
TRADITIONAL = ["理論學習", "不夠深入", "學用結合", "不夠緊密", "存在的問題", "原因剖析", "整改措施",
               "對照檢查", "領導班子", "幹部群眾", "工作作風", "紀律規矩", "落實推動", "加強",
               "深入開展", "思想政治建設", "責任擔當", "有待提高", "認識", "方面", "主要", "黨史",
               "我們", "是"]


def prose(words: list[str]) -> st.SearchStrategy[str]:
    """Realistic prose (80+ characters, eight or more different words, punctuation): what a copy
    without a BOM looks like, so a wrong guess here is a real mis-detection. Shorter, more
    repetitive text is :func:`test_short_gb18030_prose_is_detected`."""
    pairs = st.tuples(st.sampled_from(words), st.sampled_from(PUNCT))
    texts = st.lists(pairs, min_size=8, max_size=120).filter(
        lambda items: len({a for a, _ in items}) >= 8).map(
        lambda items: "".join(a + b for a, b in items))
    return texts.filter(lambda text: len(text) >= 80)


BOMLESS = st.sampled_from(["gb18030", "big5", "utf-16-le", "utf-16-be"]).flatmap(
    lambda enc: st.tuples(st.just(enc), prose(TRADITIONAL if enc == "big5" else PROSE)))


@FUZZ
@given(BOMLESS)
def test_chinese_without_bom_is_detected(case: tuple[str, str]) -> None:
    """Chinese prose in GB18030, Big5 or BOM-less UTF-16 decodes to itself."""
    encoding, text = case
    assume(_representable(text, encoding))
    decoded, detected = decode(text.encode(encoding))
    assert decoded == text, detected


@pytest.mark.parametrize("text", ["理论学习，理论学习，加强，认识，认识（一）认识（一）",
                                  "理论学习，加强，认识，认识，认识，认识，",
                                  "理论学习，不够深入，学用结合，认识，方面，主要，党史，是，是，是，"])
def test_short_gb18030_prose_is_detected(text: str) -> None:
    """Found by fuzzing: short GB18030 text was undecodable or decoded as UTF-16-BE."""
    assert decode(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_survive_line_endings(newline: str) -> None:
    text = newline.join(["标题", "", "一、存在的问题", "\u3000一是问题。", ""])
    doc, report = read_and_parse(text.encode("utf-8"), ".txt") or (None, None)
    assert doc is not None and report is not None
    assert [(x.text, x.lineno) for x in doc.lines] == [("标题", 1), ("一、存在的问题", 3),
                                                       ("一是问题。", 4)]


def test_garbage_bytes_are_not_taken_for_utf16() -> None:
    """Found by fuzzing: even-length garbage decoded as UTF-16 mojibake."""
    garbage = bytes([0x80, 0xFF, 0x81, 0x7F, 0xFF, 0xFE, 0x80]) * 3 + b"\x80"
    with pytest.raises(ValueError):
        decode(garbage)


# --- bugs found by fuzzing, fixed (regression tests) ----------------------------------------

DENSE_TOC = """目录
一、存在的问题……………1
二、原因剖析……………3
三、整改措施……………5
中共某某区委班子2024年度民主生活会对照检查材料
一、存在的问题
（一）理论学习方面
一是学习不深入。
（二）工作作风方面
一是调研不够。
二、原因剖析
一是理想信念有所放松。
三、整改措施
一是加强学习。
"""


def test_toc_before_a_report_with_dense_headings() -> None:
    """Found while fuzzing: the TOC scan ran on into the report's own dense headings."""
    result = read_and_parse(DENSE_TOC.encode(), ".txt")
    assert result is not None
    report = result[1]
    assert len(report.sections) == 3
    assert [x.lineno for x in report.source.furniture] == [1, 2, 3, 4]


def test_traditional_page_furniture() -> None:
    """Found while fuzzing: furniture words were matched in simplified script only."""
    text = "一、存在的問題\n第1頁共4頁\n正文。\n瀏覽量:34\n"
    result = read_and_parse(text.encode(), ".txt")
    assert result is not None
    assert [x.text for x in result[1].source.furniture] == ["第1頁共4頁", "瀏覽量:34"]


# --- whole site: the built pages show every character (slow: FUZZ_SITE_BUILDS=N) -------------

SITE_BUILDS = int(os.environ.get("FUZZ_SITE_BUILDS", "0"))


@pytest.mark.slow
@pytest.mark.skipif(not SITE_BUILDS, reason="set FUZZ_SITE_BUILDS=N to build N random sites")
@settings(max_examples=max(SITE_BUILDS, 1), deadline=None, derandomize=False,
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(txt_report().map(lambda t: (t, ".txt")),
                          md_report().map(lambda t: (t, ".md"))), min_size=12, max_size=12))
def test_built_pages_show_every_character(sources: list[tuple[str, str]]) -> None:
    """Random reports built into a site: each page's title lines and passages, as the browser
    would read them, equal the parsed report (rendering loses and adds nothing)."""
    from tests.conftest import build_site
    from tests.site.test_site import page_text

    # NUL is not allowed in HTML: browsers show it as U+FFFD (the readers keep it).
    files = {f"r{i:02d}{suffix}": text.replace("\x00", "") for i, (text, suffix)
             in enumerate(sources) if _squash(text) and not text.startswith("---\n---")}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for name, text in files.items():
            (corpus / name).write_text(text, encoding="utf-8")
        result = build_site(corpus, Path(tmp))
        assert result.ok, result.gathered.problems
        for report in result.gathered.reports:
            html = Path(tmp) / "site" / "reports" / report.slug / "index.html"
            assert _squash(page_text(html)) == shown_text(report), report.source.path.name
