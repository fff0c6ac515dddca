"""Fixture-driven tests of the .docx and saved-web-page readers.

Each ``tests/fixtures/readers/NAME.{docx,html,htm}`` has ``NAME.EXT.expected`` beside it; see the
README there. ``UPDATE_READER_FIXTURES=1 pytest tests/test_readers_docx_html.py`` rewrites the
expected files from the current output (review the diff before committing).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.models import SourceLine
from generator.readers.docx import DocxError, read_docx
from generator.readers.docx_numbering import Numbering, format_number
from generator.readers.html import EDGE_BLANKS, read_html, sniff_html_encoding

FIXTURES = Path(__file__).parents[1] / "fixtures" / "readers"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".docx", ".html", ".htm"))
UPDATE = os.environ.get("UPDATE_READER_FIXTURES") == "1"


def read_fixture(path: Path) -> tuple[list[SourceLine], dict, str | None]:
    """Read a fixture the way the corpus reader does; for HTML also return the encoding used."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        lines, meta = read_docx(data, path.name)
        return lines, meta, None
    encoding = sniff_html_encoding(data) or "utf-8"
    lines, meta = read_html(data.decode(encoding), path.name)
    return lines, meta, encoding


def render(lines: list[SourceLine], meta: dict, encoding: str | None) -> str:
    out = [f"meta\t{key}\t{meta[key]}" for key in sorted(meta)]
    if encoding:
        out.append(f"meta\tencoding\t{encoding}")
    out += [f"{line.lineno}\t{line.style}\t{line.text}" for line in lines]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_reader_fixture(path: Path) -> None:
    expected_path = path.with_name(path.name + ".expected")
    actual = render(*read_fixture(path))
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), (
        f"missing {expected_path.name}; run with UPDATE_READER_FIXTURES=1"
    )
    assert actual.splitlines() == expected_path.read_text(encoding="utf-8").splitlines()


def test_every_expected_file_has_a_fixture() -> None:
    orphans = [
        p.name
        for p in FIXTURES.glob("*.expected")
        if not p.with_name(p.name.removesuffix(".expected")).exists()
    ]
    assert orphans == []


def test_hostile_page_keeps_escaped_markup_and_drops_real_script() -> None:
    lines, _, _ = read_fixture(FIXTURES / "hostile.html")
    text = "\n".join(line.text for line in lines)
    assert "__pwned" not in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "<script>alert(1)</script>" in text


def test_lines_are_stripped_of_indentation_and_trailing_blanks() -> None:
    for path in CASES:
        for line in read_fixture(path)[0]:
            assert line.text and line.text == line.text.strip(EDGE_BLANKS).rstrip(), (path, line)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<meta charset="gbk"><p>\xb6\xd4\xd5\xd5</p>', "gb18030"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=GB2312'>", "gb18030"),
        (b'<meta charset="big5">', "big5hkscs"),
        ('<meta charset="gbk"><p>对照</p>'.encode(), "utf-8"),
        (b'\xef\xbb\xbf<meta charset="gbk">', None),
        (b'<meta charset="utf-16">', None),
        (b'<meta charset="no-such-charset">', None),
        (b"<p>plain ascii</p>", None),
        (b'<?xml version="1.0" encoding="GBK"?><html></html>', "gb18030"),
    ],
)
def test_sniff_html_encoding(data: bytes, expected: str | None) -> None:
    assert sniff_html_encoding(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0" + b"\0" * 60, "old Word 97-2003 .doc"),
        (b"PK\x03\x04 not really a zip", "not a readable .docx"),
        (b"", "not a readable .docx"),
    ],
)
def test_bad_docx_raises_docx_error(data: bytes, message: str) -> None:
    with pytest.raises(DocxError, match=message):
        read_docx(data, "bad.docx")


def test_html_crlf_and_cr_line_endings_give_the_same_line_numbers() -> None:
    page = "<html>\n<body>\n<p>第一段</p>\n<p>第二段</p>\n</body>\n</html>\n"
    results = [read_html(page.replace("\n", eol), "x.html")[0] for eol in ("\n", "\r\n", "\r")]
    assert results[0] == results[1] == results[2]
    assert [line.lineno for line in results[0]] == [3, 4]


# --- fuzzing -------------------------------------------------------------------------------------

_SENTINELS = {
    "script": "<script>SENTINEL_SCRIPT</script>",
    "style": "<style>SENTINEL_STYLE{}</style>",
    "comment": "<!--SENTINEL_COMMENT-->",
    "iframe": "<iframe>SENTINEL_IFRAME</iframe>",
    "template": "<template><p>SENTINEL_TEMPLATE</p></template>",
    "noscript": "<noscript>SENTINEL_NOSCRIPT</noscript>",
    "hidden": '<p style="display:none">SENTINEL_HIDDEN</p>',
}
_TEXT = st.sampled_from(
    ["一、存在的问题", "（一）", "一是学习不深。", "**镇", "xx村", "20**年", " ", "\n", "\u00a0",
     "\u3000\u3000", "\t", "&lt;script&gt;", "&amp;", "&nbsp;", "{{ x }}", "[a](b)", "对照\n检查"]
)  # fmt: skip
_TAGS = st.sampled_from(
    ["p", "div", "span", "b", "strong", "h1", "h2", "h4", "h6", "li", "ul", "ol", "td", "pre",
     "article", "section", "a", "em", "header", "footer"]
)  # fmt: skip


def _html_fragment() -> st.SearchStrategy[str]:
    leaf = _TEXT | st.sampled_from([*_SENTINELS.values(), "<br>", "<br/>", "<img src=x>"])
    return st.recursive(
        leaf,
        lambda inner: st.builds(
            lambda tag, kids, attr: f"<{tag}{attr}>{''.join(kids)}</{tag}>",
            _TAGS,
            st.lists(inner, max_size=5),
            st.sampled_from(
                ["", ' class="content"', ' class="share"', ' style="font-weight:bold"']
            ),
        ),
        max_leaves=30,
    )


@settings(max_examples=300, deadline=None)
@given(body=_html_fragment(), eol=st.sampled_from(["\n", "\r\n", "\r"]))
@example(body="<pre><p>\n一、存在的问题</p>一、存在的问题</pre>", eol="\n")
def test_fuzz_html_reader(body: str, eol: str) -> None:
    page = f"<html><head><title>t</title></head>\n<body>\n{body}\n</body></html>".replace("\n", eol)
    lines, _ = read_html(page, "fuzz.html")
    total = page.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for line in lines:
        assert "SENTINEL" not in line.text
        assert line.text and line.text == line.text.strip(EDGE_BLANKS).rstrip()
        assert line.style in ("", "h1", "h2", "h3", "h4", "bold", "list")
        assert 1 <= line.lineno <= total
    assert [x.lineno for x in lines] == sorted(x.lineno for x in lines)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fuzz_docx_reader_corrupted_bytes(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([p for p in CASES if p.suffix == ".docx"]))
    blob = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(blob)))
    try:
        lines, _ = read_docx(bytes(blob[:cut] if data.draw(st.booleans()) else blob), path.name)
    except DocxError:
        return
    assert all(line.text and line.lineno >= 1 for line in lines)


def test_html_unclosed_paragraphs_and_deep_nesting_stay_linear() -> None:
    para = "<p>一是学习不深入，二是学用脱节。\n"
    lines, _ = read_html("<body><div id=zoom>" + para * 3000 + "</div></body>", "x.html")
    assert len(lines) == 3000
    assert [line.lineno for line in lines[:3]] == [1, 2, 3]
    deep = "<div>" * 2000 + "深层文字，" * 5 + "<font>" * 2000 + "未闭合标签里的文字"
    lines, _ = read_html(deep, "deep.html")
    assert [line.text for line in lines] == ["深层文字，" * 5 + "未闭合标签里的文字"]


_ODD_VALUES = ["", "-1", "x", "99999", "0", "1.5", "%9", "FFFFFFFF", "none"]
_NUMERIC_ATTR = re.compile(rb'(w:(?:val|char|ilvl|numId|abstractNumId)="[^"]*")')


@settings(max_examples=40, deadline=None)
@given(
    path=st.sampled_from([p for p in CASES if p.suffix == ".docx"]),
    seed=st.integers(0, 2**32),
)
def test_fuzz_docx_reader_odd_attribute_values(path: Path, seed: int) -> None:
    """Well-formed packages with nonsense in w:val attributes read without raising."""
    rnd = random.Random(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename in ("word/document.xml", "word/numbering.xml", "word/styles.xml"):
                parts = _NUMERIC_ATTR.split(blob)
                for i in range(1, len(parts), 2):
                    if rnd.random() < 0.1:
                        name = parts[i].split(b"=")[0]
                        parts[i] = name + b'="' + rnd.choice(_ODD_VALUES).encode() + b'"'
                blob = b"".join(parts)
            dst.writestr(info, blob)
    lines, _ = read_docx(out.getvalue(), path.name)
    assert all(line.text and line.lineno >= 1 for line in lines)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("区政府班子对照检查材料_某某区人民政府", "区政府班子对照检查材料"),
        ("区委班子对照检查材料 - 某某文库", "区委班子对照检查材料"),
        ("对照检查材料——中国共产党新闻网", "对照检查材料"),
        ("关于A_B的对照检查材料", "关于A_B的对照检查材料"),
        ("某某同志对照检查材料 - 第一部分", "某某同志对照检查材料 - 第一部分"),
        # a blog's repost, in either script
        ("【转载】县委常委班子民主生活会对照检查材料 | 基层治理观察笔记", "县委常委班子民主生活会对照检查材料"),
        ("[轉]縣委常委班子民主生活會對照檢查材料 - 某某的部落格", "縣委常委班子民主生活會對照檢查材料"),
        ("區政府班子對照檢查材料_某某區人民政府門戶網站", "區政府班子對照檢查材料"),
        ("转：区委班子对照检查材料——某某论坛", "区委班子对照检查材料"),
    ],
)
def test_html_title_loses_the_site_name(title: str, expected: str) -> None:
    _, meta = read_html(f"<html><head><title>{title}</title></head><body></body></html>", "t")
    assert meta["title"] == expected


@pytest.mark.parametrize(
    ("title", "author", "expected"),
    [
        ("Microsoft Word - 对照检查材料.doc", "Administrator", {"title": "对照检查材料"}),
        ("", "微软用户", {}),
        ("区委班子对照检查材料", "张三", {"title": "区委班子对照检查材料", "author": "张三"}),
    ],
)
def test_docx_core_properties_without_machine_noise(
    title: str, author: str, expected: dict
) -> None:
    doc = docx.Document()
    doc.core_properties.title, doc.core_properties.author = title, author
    doc.core_properties.created = dt.datetime(2022, 1, 5, tzinfo=dt.timezone.utc)
    doc.add_paragraph("正文")
    buf = io.BytesIO()
    doc.save(buf)
    assert read_docx(buf.getvalue(), "x.docx")[1] == {**expected, "date": "2022-01-05"}


def test_docx_without_core_properties_gives_no_invented_metadata() -> None:
    doc = docx.Document()
    doc.add_paragraph("正文")
    buf, out = io.BytesIO(), io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "_rels/.rels":
                blob = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", blob)
            if name != "docProps/core.xml":
                dst.writestr(name, blob)
    assert read_docx(out.getvalue(), "x.docx") == ([SourceLine("正文", 1, "")], {})


@pytest.mark.parametrize(
    ("fmt", "numbers", "expected"),
    [
        (
            "chineseCounting",
            [1, 10, 11, 20, 21, 99, 100, 101, 110],
            "一 十 十一 二十 二十一 九十九 一百 一百零一 一百一十",
        ),
        ("chineseCountingThousand", [1000, 1001, 1010], "一千 一千零一 一千零一十"),
        ("chineseLegalSimplified", [1, 12], "壹 壹拾贰"),
        ("ideographTraditional", [1, 3, 10, 11], "甲 丙 癸 甲"),
        ("decimalEnclosedCircle", [1, 20, 21], "① ⑳ 21"),
        ("decimalEnclosedParen", [1, 3], "⑴ ⑶"),
        ("decimalFullWidth", [12], "１２"),
        ("upperRoman", [14], "XIV"),
        ("lowerLetter", [1, 28], "a bb"),
        ("decimalZero", [7], "07"),
        ("someFutureFormat", [3], "3"),
    ],
)
def test_word_number_formats(fmt: str, numbers: list[int], expected: str) -> None:
    assert " ".join(format_number(n, fmt) for n in numbers) == expected


def test_start_override_restarts_levels_at_their_override() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    lvl = '<w:lvl w:ilvl="{0}"><w:numFmt w:val="decimal"/><w:lvlText w:val="{1}"/></w:lvl>'
    over = '<w:lvlOverride w:ilvl="{0}"><w:startOverride w:val="{1}"/></w:lvlOverride>'
    xml = (
        f'<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="1">'
        f"{lvl.format(0, '%1.')}{lvl.format(1, '%1.%2')}</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        f'<w:num w:numId="2"><w:abstractNumId w:val="1"/>{over.format(0, 1)}{over.format(1, 5)}'
        "</w:num></w:numbering>"
    )
    numbering = Numbering.from_xml(etree.fromstring(xml))
    calls = [("1", 0), ("1", 1), ("1", 0), ("2", 0), ("2", 1), ("2", 1), ("1", 0)]
    labels = [numbering.next_label(num, ilvl)[0] for num, ilvl in calls]
    assert labels == ["1.", "1.1", "2.", "1.", "1.5", "1.6", "2."]


def test_html_title_outside_head_is_not_body_text() -> None:
    lines, meta = read_html("<title>标题</title><p>正文内容</p>", "bare.html")
    assert (lines, meta) == ([SourceLine("正文内容", 1, "")], {"title": "标题"})


def test_docx_drops_invisible_format_characters_as_text_readers_do() -> None:
    doc = docx.Document()
    doc.add_paragraph("一是政治敏\u200b锐性不\u00ad强。")
    buf = io.BytesIO()
    doc.save(buf)
    lines, _ = read_docx(buf.getvalue(), "x.docx")
    assert [line.text for line in lines] == ["一是政治敏锐性不强。"]


def test_layout_table_row_headings_are_the_aspects_of_their_section() -> None:
    from generator.parse.report import build_outline

    lines, _ = read_docx((FIXTURES / "layout-table.docx").read_bytes(), "layout-table.docx")
    section = build_outline(lines).stack.roots[0]
    # (the long left cell is text: the row it heads adds no aspect)
    assert [(kid.cls, kid.heading) for kid in section.kids] == [
        ("subsection", "思想认识方面"), ("subsection", "落实制度方面")]
    assert [k.heading for k in section.kids[0].kids] == ["对新发展理念理解不深", "学习成果转化不够"]


def test_a_data_table_is_read_a_row_per_line_its_items_are_points() -> None:
    """A Word table of problems or measures (a header of short cells, one naming the items) is
    read as a text table is: a row per line, cells between │; each row is a point whose lead is
    the items' cell. A form or layout table keeps a paragraph per line."""
    from generator.parse.report import build_outline
    from generator.parse.tables import table_rows

    doc = docx.Document()
    doc.add_paragraph("三、整改措施")
    table = doc.add_table(rows=3, cols=4)
    rows = [("序号", "整改事项", "具体措施", "完成时限"),
            ("1", "深化理论学习", "每月集中学习一次。", "长期坚持"),
            ("2", "改进调研方式", "每季度蹲点调研一周。", "年底前")]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    form = doc.add_table(rows=1, cols=2)
    form.rows[0].cells[0].text = "本人签名"
    form.rows[0].cells[1].text = "王某某"
    buf = io.BytesIO()
    doc.save(buf)
    lines, _ = read_docx(buf.getvalue(), "x.docx")
    assert [line.text for line in lines] == [
        "三、整改措施", "│序号│整改事项│具体措施│完成时限│",
        "│1│深化理论学习│每月集中学习一次。│长期坚持│", "│2│改进调研方式│每季度蹲点调研一周。│年底前│",
        "本人签名", "王某某"]
    body, _ = table_rows(lines)
    section = build_outline(body).stack.roots[0]
    assert [kid.heading for kid in section.kids] == ["深化理论学习", "改进调研方式"]


def test_a_web_page_data_table_is_read_as_the_word_one() -> None:
    """The same in a web page: a problem list in an HTML table (its header in th or td
    cells) is read a row per line, each row a point led by the problems' cell; a two-column
    layout table is still read a cell per line."""
    from generator.parse.report import build_outline
    from generator.parse.tables import table_rows

    page = (
        "<html><body><div id='content'><h1>中共某某区司法局党组对照检查材料</h1>"
        "<p>按照区委要求，局党组认真查摆问题，现将对照检查情况报告如下。</p><p>二、存在的问题</p>"
        "<table><tr><th>序号</th><th>存在问题</th><th>整改措施</th><th>时限</th></tr>"
        "<tr><td>1</td><td>普法宣传形式单一；群众参与度不高</td><td>开展以案释法。</td>"
        "<td>2024年6月</td></tr>"
        "<tr><td>2</td><td><p>调解组织<b>作用</b>发挥不够</p></td><td>规范调解流程。</td>"
        "<td>长期</td></tr></table>"
        "<table><tr><td>填报人</td><td>某某某</td></tr></table></div></body></html>")
    lines, _ = read_html(page, "x.html")
    assert [line.text for line in lines][3:] == [
        "│序号│存在问题│整改措施│时限│", "│1│普法宣传形式单一；群众参与度不高│开展以案释法。│2024年6月│",
        "│2│调解组织作用发挥不够│规范调解流程。│长期│", "填报人", "某某某"]
    body, _ = table_rows(lines[2:])
    section = build_outline(body).stack.roots[0]
    assert [p.lead for p in build_outline(body).passages if p.kind == "point"] == [
        "普法宣传形式单一", "调解组织作用发挥不够"]
    assert section.role == "problems"


def test_a_form_row_label_above_the_report_is_text() -> None:
    """A registration form's row label (分管工作 | its long text) before the report's first
    section is the preamble's text, not a section: the report's 一、 opens the first one."""
    from generator.parse.report import build_outline

    doc = docx.Document()
    form = doc.add_table(rows=1, cols=2)
    form.rows[0].cells[0].text = "分管工作"
    form.rows[0].cells[1].text = ("负责农业农村、水利、林业等方面工作，分管县农业农村局、县水利局、"
                                  "县林业局和县供销合作社，联系县气象局。")
    for text in ("一、存在的问题", "（一）理论学习方面", "1.学习不够深入。平时满足于读文件。"):
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    lines, _ = read_docx(buf.getvalue(), "x.docx")
    assert lines[0].style == "cell"
    roots = build_outline(lines).stack.roots
    assert [(node.heading, node.role) for node in roots] == [("存在的问题", "problems")]
    assert [k.heading for k in roots[0].kids[0].kids] == ["学习不够深入"]


def test_a_number_alone_in_a_layout_tables_first_cell_numbers_the_text_beside_it() -> None:
    """A report laid out as a two-column table (一、 | 存在的问题, 1. | 学习不够深入。…): each
    number is read with the text of its row's next cell, so the outline is the report's."""
    from generator.parse.report import build_outline

    doc = docx.Document()
    doc.add_paragraph("中共桂溪镇委员会领导班子2023年度民主生活会对照检查材料")
    rows = [("一、", "存在的问题"), ("（一）", "在理论学习方面"),
            ("1.", "学习的系统性不够。满足于读原文、记笔记，研讨交流不深。"),
            ("2.", "学用结合不紧。对产业发展中的新问题研究不透。"),
            ("二、", "整改措施"), ("1.", "健全学习制度。每月集中学习两次。"), ("", "")]
    table = doc.add_table(rows=len(rows), cols=2)
    for row, (number, text) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = number, text
    lines, _ = read_docx(_saved(doc), "x.docx")
    assert [line.text for line in lines[1:4]] == [
        "一、存在的问题", "（一）在理论学习方面", "1.学习的系统性不够。满足于读原文、记笔记，研讨交流不深。"]
    roots = build_outline(lines[1:]).stack.roots
    assert [(node.heading, node.role) for node in roots] == [
        ("存在的问题", "problems"), ("整改措施", "measures")]
    assert [k.heading for k in roots[0].kids[0].kids] == ["学习的系统性不够", "学用结合不紧"]


def _saved(doc: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_symbol_font_bullets_are_read_as_the_glyphs_they_show() -> None:
    """Bullets typed with Insert ▸ Symbol (a Wingdings ``w:sym`` in the private-use area, then
    a tab) open list items: read as the glyph, they are the section's points."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from generator.parse.report import build_outline

    doc = docx.Document()
    doc.add_paragraph("三、整改措施")
    for lead, rest in (("加强学习。", "每月集中学习一次。"), ("改进作风。", "每季度下基层一周。")):
        p = doc.add_paragraph()
        sym = OxmlElement("w:sym")
        sym.set(qn("w:font"), "Wingdings")
        sym.set(qn("w:char"), "F0D8")
        p.add_run()._r.append(sym)
        p.add_run()._r.append(OxmlElement("w:tab"))
        p.add_run(lead).bold = True
        p.add_run(rest)
    lines, _ = read_docx(_saved(doc), "x.docx")
    assert [line.text for line in lines[1:]] == ["➢\t加强学习。每月集中学习一次。",
                                                  "➢\t改进作风。每季度下基层一周。"]
    section = build_outline(lines).stack.roots[0]
    assert [kid.heading for kid in section.kids] == ["加强学习", "改进作风"]


def test_a_title_set_only_in_the_first_page_header_opens_the_lines() -> None:
    """A report whose title is the first page's own header (Word's different first page),
    the body opening with the preamble, gets that title as its first lines; a running header
    on the other pages, or a header the body repeats, adds nothing."""
    def report(first: list[str] | None, body_title: str | None = None) -> list[str]:
        doc = docx.Document()
        section = doc.sections[0]
        section.header.paragraphs[0].text = "王某某同志个人对照检查材料"
        if first is not None:
            section.different_first_page_header_footer = True
            header = section.first_page_header
            header.paragraphs[0].text = first[0]
            for text in first[1:]:
                header.add_paragraph(text)
        for text in filter(None, (body_title, "按照要求，现将个人对照检查情况报告如下。",
                                  "一、存在的问题")):
            doc.add_paragraph(text)
        lines, _ = read_docx(_saved(doc), "x.docx")
        return [line.text for line in lines]

    title = ["某某中心副主任王某某", "2024年度民主生活会个人对照检查材料"]
    assert report(title)[:3] == [*title, "按照要求，现将个人对照检查情况报告如下。"]
    assert report(None)[0] == "按照要求，现将个人对照检查情况报告如下。"
    assert report(["某某中心"])[0] == "按照要求，现将个人对照检查情况报告如下。"
    assert report(title, body_title="".join(title))[0] == "".join(title)


def test_text_an_anti_copy_page_hides_is_not_text() -> None:
    """Decoy characters hidden inline (display:none, font-size:0) or by a class the page's own
    stylesheet hides are not the report's text; visible small text is."""
    page = ("<html><head><style>.cp{display:none} .note { font-size: 0.8em }</style></head>"
            "<body><p>1.政治判断力<span style=\"display:none\">qY8z</span>还不够强。对"
            "<font style=\"font-size:0px;color:#fff\">本文来源某网站</font>苗头性问题"
            "<i class=\"cp\">原创</i>研判不足。<span class=\"note\">（注）</span></p></body></html>")
    lines, _ = read_html(page, "x.html")
    assert [line.text for line in lines] == ["1.政治判断力还不够强。对苗头性问题研判不足。（注）"]


def test_a_bold_lead_closed_by_a_comma_ends_at_the_comma() -> None:
    """``1.学习不够深入，`` in bold, its evidence in plain text on: the lead is the bold words
    (as in Markdown), not the whole clause to the full stop."""
    from generator.parse.report import build_outline

    doc = docx.Document()
    doc.add_paragraph("一、存在的问题")
    for lead, rest in (("1.学习不够深入，", "平时满足于读文件，联系实际思考少。"),
                       ("2.调研不够经常", "，到基层去得少。")):
        p = doc.add_paragraph()
        p.add_run(lead).bold = True
        p.add_run(rest)
    lines, _ = read_docx(_saved(doc), "x.docx")
    assert [line.lead_end for line in lines] == [0, 9, 8]
    section = build_outline(lines).stack.roots[0]
    assert [kid.heading for kid in section.kids] == ["学习不够深入", "调研不够经常"]


def _with_chunks(chunks: list[tuple[str, str, bytes]]) -> bytes:
    """A .docx of a paragraph, one ``w:altChunk`` per ``(partname, content type, bytes)``,
    then a closing paragraph, as OA systems and docx4j export it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.add_paragraph("开头的段落")
    closing = doc.add_paragraph("结尾的段落")
    for partname, content_type, blob in chunks:
        part = Part(PackURI(partname), content_type, blob, doc.part.package)
        chunk = OxmlElement("w:altChunk")
        chunk.set(qn("r:id"), doc.part.relate_to(part, RT.A_F_CHUNK))
        closing._p.addprevious(chunk)
    return _saved(doc)


def test_an_altchunk_is_read_where_it_stands_by_its_formats_reader() -> None:
    """A .docx whose text is an embedded HTML page (``w:altChunk``, as OA exports make it)
    reads as that page would; a plain-text chunk and a nested .docx are read in place too."""
    page = ("<html><head><meta charset=\"gbk\"><title>标题</title><style>p{margin:0}</style>"
            "</head><body><p class=\"bt\">某某局党组对照检查材料</p><p><b>一、存在的问题</b></p>"
            "<p><b>1.学习不够深入。</b>平时满足于读文件。</p>\n<p>2.调研不够经常。</p>"
            "</body></html>")
    inner = docx.Document()
    inner.add_paragraph("二、整改措施")
    data = _with_chunks([
        ("/word/afchunk1.htm", "text/html", page.encode("gbk")),
        ("/word/afchunk2.txt", "text/plain", "三、其他\n\n补充说明。".encode()),
        ("/word/afchunk3.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         _saved(inner)),
    ])
    lines, _ = read_docx(data, "x.docx")
    expected_html, _ = read_html(page, "x.html")
    assert [line.text for line in lines] == [
        "开头的段落", *(line.text for line in expected_html), "三、其他", "补充说明。",
        "二、整改措施", "结尾的段落"]
    assert [line.style for line in lines[1:5]] == [line.style for line in expected_html]
    assert [line.lineno for line in lines] == list(range(1, len(lines) + 1))


def test_an_article_held_only_in_a_scripts_json_state_is_the_body() -> None:
    """A server-rendered page saves as an empty skeleton; its article is an HTML string in
    the JSON a script assigns (``\\u003C`` escapes, a trailing ``;``). That string is read as
    the body, never the script run; other articles' titles in the state stay out."""
    import json

    article = ("<p style=\"text-align:center\"><strong>某某乡党委班子对照检查材料</strong></p>"
               + "<p><strong>一、存在的问题</strong></p>"
               + "".join(f"<p>{i}.工作作风还不够扎实，深入基层调研的次数偏少，第{i}条。</p>"
                         for i in range(1, 9)))
    state = {"user": {"name": "某号"}, "article": {"title": "平台标题", "content": article},
             "recommend": [{"title": "另一篇对照检查材料", "content": "<p>" + "别的" * 150}]}
    escaped = (json.dumps(state, ensure_ascii=False).replace("<", "\\u003C")
               .replace(">", "\\u003E").replace("/", "\\u002F"))
    page = ("<html><head><title>平台标题</title></head>\n<body><div id=\"app\">"
            "<div class=\"skeleton\"><div class=\"sk-line\"></div></div></div>\n"
            "<noscript>请开启JavaScript</noscript>\n"
            f"<script>window.__INITIAL_STATE__ = {escaped};</script>\n</body></html>")
    lines, meta = read_html(page, "x.html")
    texts = [line.text for line in lines]
    assert texts[:3] == ["某某乡党委班子对照检查材料", "一、存在的问题",
                         "1.工作作风还不够扎实，深入基层调研的次数偏少，第1条。"]
    assert len(texts) == 10 and not any("别的" in t or "另一篇" in t for t in texts)
    assert {line.lineno for line in lines} == {4}
    assert meta["title"] == "平台标题"
    # A page that shows its article keeps it, whatever its scripts hold.
    shown = page.replace("<div class=\"sk-line\"></div>", article.replace("第", "见第"))
    assert [line.text for line in read_html(shown, "x.html")[0]][2].endswith("见第1条。")


def test_an_mhtml_page_is_read_as_its_html_part(tmp_path: Path) -> None:
    """A page saved as one file (.mht, MIME multipart/related) reads as the page: its first
    text/html part, quoted-printable in gb2312 (read as GB18030, which holds the GBK
    characters such pages use), with an image part beside it that is not text."""
    import base64
    import quopri

    from generator.readers import read_source

    page = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            "<title>某某局召开民主生活会</title></head><body><div class=\"TRS_Editor\">"
            + "".join(f"<p>　　{i}、张喆同志所在支部学习不够深入，联系实际不够紧密，第{i}条。</p>\n"
                      for i in range(1, 6))
            + "</div></body></html>")
    body = quopri.encodestring(page.encode("gb18030")).replace(b"\n", b"\r\n")
    boundary = b"----=_NextPart_000_0000_01D9"
    data = b"\r\n".join([
        b"From: <saved>", b"Subject: =?gb2312?B?" + base64.b64encode("某某页".encode("gbk"))
        + b"?=", b"MIME-Version: 1.0",
        b"Content-Type: multipart/related; type=\"text/html\"; boundary=\"" + boundary + b"\"",
        b"", b"--" + boundary, b"Content-Type: text/html; charset=\"gb2312\"",
        b"Content-Transfer-Encoding: quoted-printable", b"", body,
        b"--" + boundary, b"Content-Type: image/gif", b"Content-Transfer-Encoding: base64",
        b"", base64.b64encode(b"GIF89a\x01\x00\x01\x00"), b"--" + boundary + b"--", b""])
    path = tmp_path / "page.mht"
    path.write_bytes(data)
    doc = read_source(path, tmp_path)
    assert doc.format == "mht" and doc.encoding == "gb18030"
    assert [line.text for line in doc.lines] == [
        f"{i}、张喆同志所在支部学习不够深入，联系实际不够紧密，第{i}条。" for i in range(1, 6)]
    assert doc.meta["title"] == "某某局召开民主生活会"
    # The same page embedded in a .docx (an altChunk of type message/rfc822) reads the same.
    lines, _ = read_docx(_with_chunks([("/word/page.mht", "message/rfc822", data)]), "x.docx")
    assert [line.text for line in lines[1:-1]] == [line.text for line in doc.lines]


def test_an_rtf_file_as_wps_saves_it_reads_a_paragraph_a_line(tmp_path: Path) -> None:
    """RTF under ``\\ansicpg936``: GBK bytes as ``\\'hh``, curly quotes as ``\\uN?``, one
    paragraph per ``\\par``; the running header, the footer's page field, the font table and
    the document properties are not body text (the properties are metadata)."""
    from generator.readers import read_source

    def esc(text: str) -> str:
        out = []
        for char in text:
            if char in "“”":
                out.append(f"\\u{ord(char)}?")
            elif ord(char) > 127:
                out.append("".join(f"\\'{b:02x}" for b in char.encode("gbk")))
            else:
                out.append(char)
        return "".join(out)

    paragraphs = ["某某局党组对照检查材料", "一、存在的问题",
                  "①学习“不够”深入。平时满足于读文件。", "二、整改措施", "1.加强学习。"]
    rtf = ("{\\rtf1\\ansi\\ansicpg936\\uc1\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 "
           + esc("仿宋") + ";}}\n{\\stylesheet{\\qj\\f0 Normal;}}{\\*\\generator WPS Office;}"
           + "{\\info{\\title " + esc("材料") + "}{\\creatim\\yr2020\\mo1\\dy9\\hr8}}\n"
           + "{\\header\\pard\\qr " + esc("页眉里的单位名称") + "\\par}\n"
           + "{\\footer\\pard\\qc - {\\field{\\*\\fldinst PAGE}{\\fldrslt 1}} -\\par}\n"
           + "".join(f"\\pard\\qj\\f0{{\\b\\loch\\af0\\dbch\\f0 {esc(p)}}}\\par\r\n"
                     for p in paragraphs) + "}")
    path = tmp_path / "report.rtf"
    path.write_bytes(rtf.encode("ascii"))
    doc = read_source(path, tmp_path)
    assert [line.text for line in doc.lines] == paragraphs
    assert doc.meta["title"] == "材料" and doc.meta["date"] == "2020-01-09"


def test_a_portal_title_row_outside_the_article_cell_is_kept() -> None:
    """A county portal's table layout: the title in a row of its own, the date/source row, then
    the row whose cell holds the article. The title (and the furniture line) is read before the
    text; the navigation and the breadcrumb are not."""
    body = "".join(f"<p>{n}、问题{n}的表现很具体，需要认真整改落实到位。</p>" for n in range(1, 9))
    page = ("<html><head><title>某县人大召开民主生活会</title></head><body>"
            "<table><tr><td class='nav'><a href='/'>首页</a> | <a href='/a/'>人大要闻</a></td></tr>"
            "</table><table>"
            "<tr><td class='weizhi'>位置：<a href='/'>首页</a> &gt;&gt; <a href='/b/'>党建</a></td></tr>"
            "<tr><td class='biaoti'>中共某县人大常委会党组2022年度民主生活会对照检查材料</td></tr>"
            "<tr><td class='xinxi'>发布时间：2023-02-14　来源：县人大办公室</td></tr>"
            f"<tr><td class='zw'><div class='TRS_Editor'>{body}</div></td></tr></table></body></html>")
    lines, _ = read_html(page, "x.html")
    assert [line.text for line in lines[:3]] == [
        "中共某县人大常委会党组2022年度民主生活会对照检查材料", "发布时间：2023-02-14　来源：县人大办公室",
        "1、问题1的表现很具体，需要认真整改落实到位。"]


def test_docx_table_header_cells_in_bold_are_labels_not_headings() -> None:
    """A table's header row (方面 | 存在的问题, set in bold) labels its columns: plain text, not
    headings of the report, in a layout table of aspects and their problems."""
    doc = docx.Document()
    doc.add_paragraph("二、存在的问题")
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ["方面", "存在的问题"], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].text = "理论学习方面"
    table.rows[1].cells[1].text = ("1.学习不够系统。中心组学习以传达文件为主，专题研讨偏少，"
                                   "结合工作实际交流不够深入，学习成果转化运用不够。")
    buf = io.BytesIO()
    doc.save(buf)
    lines, _ = read_docx(buf.getvalue(), "x.docx")
    assert [(line.text, line.style) for line in lines[1:3]] == [("方面", ""), ("存在的问题", "")]


def test_html_nested_lists_give_their_items_depth() -> None:
    """Numbers an <ol> draws say nothing of the level in nested lists: each item's line carries
    its list's nesting depth, as an indented Markdown list item does."""
    page = ("<ol><li>存在的问题<ol><li>理论学习方面<ol><li>学习不深。平时学得少。</li></ol></li>"
            "</ol></li></ol>")
    lines, _ = read_html(page, "x.html")
    assert [(line.text, line.depth) for line in lines] == [
        ("1.存在的问题", 0), ("1.理论学习方面", 1), ("1.学习不深。平时学得少。", 2)]


def test_a_bold_lead_after_a_plain_number_ends_where_the_bold_does() -> None:
    """``3.<strong>抓落实不够有力</strong>，…``: the number outside the bold lead, the lead
    closed by a comma; the lead is the bold words, as when the number is bold too."""
    from generator.parse.report import build_outline

    page = ("<body><p>一、存在的问题</p>"
            "<p>1.<strong>理论学习不够深入。</strong>平时读文件多，研讨少。</p>"
            "<p>2.<b>抓落实不够有力</b>，部署多、督办少。</p>"
            "<p>3.<strong>联系群众不够紧密</strong>、下基层少。</p></body>")
    lines, _ = read_html(page, "x.html")
    assert [line.lead_end for line in lines] == [0, 11, 9, 10]
    section = build_outline(lines).stack.roots[0]
    assert [kid.heading for kid in section.kids] == ["理论学习不够深入", "抓落实不够有力",
                                                   "联系群众不够紧密"]


def test_a_numbered_word_heading_that_goes_on_ends_at_its_sentence() -> None:
    """Heading 2 ``（二）担当精神还有差距。面对…``: the heading is its first sentence, the rest
    the aspect's text (as a plain （二） line is read)."""
    from generator.parse.report import build_outline

    doc = docx.Document()
    doc.add_heading("一、问题产生的原因", level=1)
    doc.add_heading("（一）理想信念有所淡化。对理论学习的重要性认识不足，满足于完成任务。", level=2)
    doc.add_heading("（二）担当精神还有差距。面对改革中的矛盾，存在求稳怕乱的心态。", level=2)
    lines, _ = read_docx(_saved(doc), "x.docx")
    section = build_outline(lines).stack.roots[0]
    assert [kid.heading for kid in section.kids] == ["理想信念有所淡化", "担当精神还有差距"]
