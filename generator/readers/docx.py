"""Read a Word ``.docx`` report into SourceLines: one per paragraph, with heading/bold/list styles.

Paragraphs are taken from the document body in order, table cells included. Word keeps what a
reader sees as structure outside the text (heading styles, bold runs, automatic numbers), so this
reader turns each into the same signals a plain-text copy would carry: a style on the line and the
list number put back in front of the text.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import _Element

from generator.chars import BLANKS, drop_invisible
from generator.models import SourceLine
from generator.readers.docx_chunks import ChunkError, chunk_lines, chunk_part
from generator.readers.docx_numbering import Numbering
from generator.readers.docx_styles import Styles, num_pr, outline_level, toggle
from generator.readers.meta_values import GENRE_WORDS
from generator.readers.tables import HEADER_CELL, data_header, row_line
from generator.readers.text import AFTER_LEAD, bold_runs

log = logging.getLogger(__name__)

#: Stripped from both ends of every line: indentation (ASCII, no-break, ideographic, en/em/thin
#: spaces, zero-width space, stray BOM) as the plain-text reader strips it; trailing whitespace
#: of any kind goes too.
EDGE_BLANKS = BLANKS

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose text Word does not display as part of the paragraph.
_SKIP = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:p"), _MC_FALLBACK}


#: Wingdings / Symbol bullet glyphs (``w:sym`` codes in the private-use area) → the Unicode
#: character each one shows.
SYMBOL_BULLETS = {"F06C": "●", "F06E": "■", "F071": "❑", "F075": "◆", "F076": "❖",
                  "F0A7": "▪", "F0A8": "□", "F0B7": "•", "F0D8": "➢", "F0E8": "➔", "F0FC": "✔"}


class DocxError(ValueError):
    """The bytes are not a readable .docx package; the message says how to fix it."""


@dataclass(slots=True)
class _Paragraph:
    """A paragraph's visible text as segments split at soft breaks, each a list of (text, bold)."""

    segments: list[list[tuple[str, bool]]]

    def texts(self) -> list[str]:
        return ["".join(t for t, _ in seg) for seg in self.segments]

    def bold_opening(self, index: int) -> str:
        """The bold text segment ``index`` opens with (``""`` if it opens otherwise)."""
        out = []
        for text, bold in self.segments[index]:
            if not bold and text.strip(EDGE_BLANKS):
                break
            out.append(text if bold else "")
        return "".join(out).lstrip(EDGE_BLANKS)

    def all_bold(self, index: int) -> bool:
        pieces = [(t, b) for t, b in self.segments[index] if t.strip(EDGE_BLANKS)]
        return bool(pieces) and all(b for _, b in pieces)


def _run_text(run: _Element) -> Iterator[str]:
    for child in run:
        tag = child.tag
        if tag == qn("w:t"):
            yield child.text or ""
        elif tag in (qn("w:tab"), qn("w:ptab")):
            yield "\t"
        elif tag in (qn("w:br"), qn("w:cr")):
            yield "\n"
        elif tag == qn("w:noBreakHyphen"):
            yield "-"
        elif tag == qn("w:ruby"):
            # Phonetic guide (拼音指南): the base text is the text; the annotation is not.
            for base_run in child.iterfind(f"{qn('w:rubyBase')}/{qn('w:r')}"):
                yield from _run_text(base_run)
        elif tag == qn("w:sym"):
            code = child.get(qn("w:char"), "")
            # Symbol-font glyphs live in the private-use area and mean nothing as text, but
            # the bullets typed with them (Insert ▸ Symbol) are read as the glyphs they show.
            if re.fullmatch(r"[0-9A-Fa-f]{1,4}", code) and 0 < int(code, 16) < 0xE000:
                yield chr(int(code, 16))
            elif code.upper() in SYMBOL_BULLETS:
                yield SYMBOL_BULLETS[code.upper()]


def _runs(el: _Element) -> Iterator[_Element]:
    """Runs displayed as part of this paragraph (not deleted, not in a nested text box)."""
    for child in el:
        if child.tag == qn("w:r"):
            yield child
        elif child.tag not in _SKIP and isinstance(child.tag, str):
            yield from _runs(child)


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.styles = Styles(doc.styles.element)
        self.numbering = Numbering.from_xml(_numbering_root(doc))

    def paragraph(self, p: _Element) -> _Paragraph:
        ppr = p.find(qn("w:pPr"))
        p_style = _style_id(ppr, "w:pStyle") or self.styles.default_para
        segments: list[list[tuple[str, bool]]] = [[]]
        for run in _runs(p):
            if toggle(run.find(qn("w:rPr")), "w:vanish"):
                continue  # hidden text: Word neither shows nor prints it
            bold = self._bold(run, p_style)
            for piece in _run_text(run):
                if piece == "\n":
                    segments.append([])
                elif piece := drop_invisible(piece):  # as the text readers do on decoding
                    segments[-1].append((piece, bold))
        return _Paragraph(segments)

    def _bold(self, run: _Element, p_style: str | None) -> bool:
        rpr = run.find(qn("w:rPr"))
        for value in (
            toggle(rpr),
            self.styles.first(_style_id(rpr, "w:rStyle"), "bold"),
            self.styles.first(p_style, "bold"),
            self.styles.default_bold,
        ):
            if value is not None:
                return bool(value)
        return False

    def heading(self, ppr: _Element | None) -> int:
        direct = outline_level(ppr)
        if direct is not None:
            return direct
        style = _style_id(ppr, "w:pStyle") or self.styles.default_para
        return int(self.styles.first(style, "heading") or 0)

    def label(self, ppr: _Element | None) -> tuple[str, str] | None:
        """The rendered list number and its separator, advancing the list's counters."""
        style = _style_id(ppr, "w:pStyle") or self.styles.default_para
        styled = self.styles.first(style, "num")
        direct = num_pr(ppr)
        num_id = (direct[0] if direct and direct[0] else None) or (styled[0] if styled else None)
        if not num_id or num_id == "0":
            return None
        ilvl = next((x[1] for x in (direct, styled) if x and x[1] is not None), None)
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style) or 0
        return self.numbering.next_label(num_id, ilvl)


def _style_id(props: _Element | None, tag: str) -> str | None:
    el = props.find(qn(tag)) if props is not None else None
    return el.get(qn("w:val")) if el is not None else None


def _numbering_root(doc: Document) -> _Element | None:
    try:
        return doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _separator(label: str, suffix: str) -> str:
    if suffix == "space":
        return " "
    if suffix == "nothing":
        return ""
    # A tab after "一、" or "（1）" is just alignment; keep a bare number apart from the text.
    return " " if label[-1:].isascii() and label[-1:].isalnum() else ""


def _body_blocks(doc: Document) -> Iterator[_Element]:
    """The body's paragraphs and altChunks (embedded files), in document order."""
    for p in doc.element.body.iter(qn("w:p"), qn("w:altChunk")):
        # A text box is stored twice (DrawingML and a VML fallback); read it once.
        if not any(a.tag == _MC_FALLBACK for a in p.iterancestors()):
            yield p


#: A layout table's row heading is at most this long (理论学习方面, 政治素质方面).
_ROW_HEADING = 30


def _row_heading(p: _Element, text: str) -> bool:
    """Whether ``p`` is a layout table's row heading: the only text of the first cell of a
    row whose other cells hold longer text (a two-column table of aspects and their
    problems). A header row (检视方面 | 具体问题) has no longer text beside it."""
    cell = p.getparent()
    if cell is None or cell.tag != qn("w:tc") or len(text) > _ROW_HEADING or "。" in text:
        return False
    row = cell.getparent()
    cells = [c for c in row if c.tag == qn("w:tc")] if row is not None else []
    if len(cells) < 2 or cells[0] is not cell or len(cell.findall(qn("w:p"))) > 1:
        return False
    return any(len("".join(c.itertext())) > 2 * _ROW_HEADING for c in cells[1:])


#: A number alone (一、, （一）, 1., ①): a layout table's first cell numbering the text beside it.
_LONE_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]"
                          r"|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                          r"|\d{1,2}[.、．]|[①-⑳]|第[一二三四五六七八九十]{1,3}[，,、]?)$")


def _row_of(p: _Element) -> _Element | None:
    cell = p.getparent()
    return cell.getparent() if cell is not None and cell.tag == qn("w:tc") else None


def _row_number(p: _Element, text: str) -> bool:
    """Whether ``p`` is a number alone in the first cell of a table row of two cells (a
    two-column layout: 一、 | 存在的主要问题, 1. | 贯彻落实…): the number of the next cell's
    text (a data table's 序号 cell, 1 | 制定清单 | 3月底, is no such number)."""
    row = _row_of(p)
    if row is None or not _LONE_NUMBER.match(text):
        return False
    cells = [c for c in row if c.tag == qn("w:tc")]
    return len(cells) == 2 and cells[0] is p.getparent() and len(cells[0].findall(qn("w:p"))) == 1


def _header_cell(p: _Element) -> bool:
    """Whether ``p`` is in the header row of a table (its first row, every cell a short label:
    方面 | 存在的问题): a column's label, set in bold, not a heading of the report."""
    cell = p.getparent()
    row = cell.getparent() if cell is not None and cell.tag == qn("w:tc") else None
    table = row.getparent() if row is not None else None
    if table is None or table.tag != qn("w:tbl") or table.find(qn("w:tr")) is not row:
        return False
    cells = [c for c in row if c.tag == qn("w:tc")]
    return (len(cells) >= 2 and len(table.findall(qn("w:tr"))) >= 2
            and all(len("".join(t.text or "" for t in c.iter(qn("w:t"))).strip()) <= HEADER_CELL
                    for c in cells))


def _data_row(p: _Element, reader: _Reader, tables: dict[_Element, bool]) -> _Element | None:
    """The row of a data table ``p`` sits in, or None. A data table (序号 | 整改事项 | 具体措施
    | 责任领导 | 完成时限) has a header row of three or more short cells, one naming its items,
    and no table inside it; it is read a row per line, its cells between │ marks, as a text
    table is written (a layout or form table is read a paragraph per line)."""
    cell = p.getparent()
    row = cell.getparent() if cell is not None and cell.tag == qn("w:tc") else None
    table = row.getparent() if row is not None else None
    if table is None or table.tag != qn("w:tbl"):
        return None
    if table not in tables:
        # (under a caption row spanning the table, 上年度查摆问题整改情况一览表, the next)
        rows = table.findall(qn("w:tr"))[:2]
        first = next((r for r in rows if len(r.findall(qn("w:tc"))) > 1), None)
        header = [_cell_text(reader, c) for c in first.findall(qn("w:tc"))] if first is not None \
            else []
        tables[table] = (data_header(header)
                         and len(table.findall(qn("w:tr"))) >= 2
                         and not any(t is not table for t in table.iter(qn("w:tbl"))))
    return row if tables[table] else None


def _cell_text(reader: _Reader, cell: _Element) -> str:
    """A table cell's visible text, its paragraphs run together."""
    return "".join(t.strip(EDGE_BLANKS).rstrip() for p in cell.iter(qn("w:p"))
                   for t in reader.paragraph(p).texts())


def _lines(reader: _Reader, p: _Element, lineno: int) -> Iterator[SourceLine]:
    ppr = p.find(qn("w:pPr"))
    para = reader.paragraph(p)
    level = reader.heading(ppr)
    label = reader.label(ppr)
    texts = [t.strip(EDGE_BLANKS).rstrip() for t in para.texts()]
    for i, text in enumerate(texts):
        if not text:
            continue
        style = f"h{min(level, 6)}" if level else ""
        # 1.学习不够深入，(bold) 平时…: a bold lead closed by a comma ends there, as in Markdown
        bold = para.bold_opening(i)
        lead_end = len(bold) if 0 < len(bold) < len(text) and (
            bold[-1] in AFTER_LEAD or text[len(bold)] in AFTER_LEAD) else 0
        runs = bold_runs(para.segments[i], text, str)
        if label is not None:
            number = label[0] + _separator(*label)
            text, lead_end = number + text, lead_end and lead_end + len(number)
            runs = tuple((start + len(number), end + len(number)) for start, end in runs)
            style = style or "list"
            label = None
        if not style and para.all_bold(i) and not _header_cell(p):
            style = "bold"
        if not style and len(texts) == 1 and _row_heading(p, text):
            style = "cell"
        yield SourceLine(text, lineno, style, lead_end, bold_runs=runs)


def _open(data: bytes, name: str) -> Document:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise DocxError(
            "an old Word 97-2003 .doc (or WPS .wps) file, not .docx: open it, save as .docx"
        )
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # zipfile, zlib, lxml and python-docx each raise their own types
        log.debug("%s: python-docx failed", name, exc_info=True)
        why = _why(exc)
        raise DocxError(
            f"not a readable .docx file: {why}; open it in Word, save as .docx"
        ) from exc


def _why(exc: Exception) -> str:
    """Say what is wrong with the package in a user's words, not python-docx's."""
    if isinstance(exc, zipfile.BadZipFile):
        return "not a zip package (a renamed .doc, .pdf or web page?)"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"its XML is damaged ({exc.msg})"
    if isinstance(exc, ValueError) and "content type" in str(exc):
        return "a Word template or macro-enabled file (.dotx/.docm), not a plain document"
    if isinstance(exc, KeyError):
        return f"a part of the package is missing ({exc})"
    return f"{type(exc).__name__}: {exc}"


# Core properties that name a machine, a template or a pirated Windows build, not a person:
# Word fills "author" from the OS user name, and many copies were written on such systems.
_JUNK_AUTHOR = re.compile(
    r"^(?:administrator|admin|user|users?\d*|pc|owner|microsoft|microsoft office user|"
    r"python-docx|windows 用户|微软用户|微软中国|雨林木风|番茄花园|深度技术|系统之家|"
    r"lenovo|dell|hp|asus|acer|thinkpad|china|sky123\.org|[a-z]?\d*)$",
    re.I,
)
_TITLE_NOISE = re.compile(r"^microsoft word\s*-\s*|\.docx?$", re.I)


def _meta(doc: Document) -> dict[str, str]:
    package = doc.part.package
    if not any(rel.reltype == RT.CORE_PROPERTIES for rel in package.rels.values()):
        return {}  # python-docx would invent "Word Document" and today's date
    props = doc.core_properties
    author = (props.author or "").strip()
    meta = {
        "title": _TITLE_NOISE.sub("", (props.title or "").strip()).strip(),
        "author": "" if _JUNK_AUTHOR.match(author) else author,
    }
    if props.created is not None:
        meta["date"] = props.created.date().isoformat()
    return {k: v for k, v in meta.items() if v}


def _header_title(doc: Document, reader: _Reader) -> list[SourceLine]:
    """The title lines of a report whose title is set in its first page's own header (Word's
    "different first page") and not in the body: they open its lines (as line 1)."""
    section = doc.sections[0] if doc.sections else None
    if section is None or not section.different_first_page_header_footer:
        return []
    header = section.first_page_header
    if header.is_linked_to_previous:
        return []
    texts = [t.strip(EDGE_BLANKS).rstrip() for p in header._element.iter(qn("w:p"))
             for t in reader.paragraph(p).texts()]
    texts = [t for t in texts if t]
    if not texts or len("".join(texts)) > 120 or not GENRE_WORDS.search("".join(texts)):
        return []
    return [SourceLine(text, 1) for text in texts]


def _chunk(doc: Document, chunk: _Element, name: str, depth: int, lineno: int
           ) -> list[SourceLine]:
    """An altChunk's lines where it stands, numbered on from ``lineno`` (one per line)."""
    part = chunk_part(doc.part, chunk)
    if part is None:
        log.warning("%s: altChunk without its part", name)
        return []
    try:
        found = chunk_lines(part, name, depth)
    except ChunkError as exc:
        raise DocxError(f"{exc}; open it in Word, save as .docx") from exc
    return [replace(line, lineno=lineno + i) for i, line in enumerate(found)]


def read_docx(data: bytes, name: str, _depth: int = 0) -> tuple[list[SourceLine], dict]:
    """Read ``.docx`` bytes into lines (lineno = 1-based paragraph index) and metadata hints.

    An altChunk (a file embedded whole, which Word converts on opening) is read where it
    stands by its format's reader (:mod:`generator.readers.docx_chunks`); each of its lines
    counts as a paragraph. Raises DocxError (its message names no file) when ``data`` is not
    a .docx package. The dict holds core properties ``title``, ``author`` and ``date``
    (``YYYY-MM-DD``), each only when non-empty.
    """
    doc = _open(data, name)
    reader = _Reader(doc)
    lines: list[SourceLine] = []
    tables: dict[_Element, bool] = {}
    rows_read: set[_Element] = set()
    number: tuple[str, _Element | None] | None = None  # a number alone in a row's first cell
    lineno = 0
    for p in _body_blocks(doc):
        lineno += 1
        if p.tag == qn("w:altChunk"):
            chunk = _chunk(doc, p, name, _depth, lineno)
            lines.extend(chunk)
            lineno += max(len(chunk) - 1, 0)
            continue
        row = _data_row(p, reader, tables)
        if row is None:
            got = list(_lines(reader, p, lineno))
            if number is not None and got and number[1] is _row_of(p):
                got[0] = replace(got[0], text=number[0] + got[0].text,
                                 lead_end=got[0].lead_end and got[0].lead_end + len(number[0]))
            elif number is not None:
                lines.append(SourceLine(number[0], lineno - 1))
            number = None
            if len(got) == 1 and _row_number(p, got[0].text):
                number = (got[0].text, _row_of(p))  # its text is in the next cell
                continue
            lines.extend(got)
        elif row not in rows_read:
            rows_read.add(row)
            cells = [_cell_text(reader, cell) for cell in row.findall(qn("w:tc"))]
            if any(cells):
                lines.append(SourceLine(row_line(cells), lineno))
    if number is not None:
        lines.append(SourceLine(number[0], lineno))
    title = _header_title(doc, reader)
    opening = "".join(line.text for line in lines[:3])
    if title and not any(line.text in opening or opening[:20] in line.text for line in title):
        lines = [*title, *lines]  # (a title the body repeats is the body's)
    log.debug("%s: %d lines from docx", name, len(lines))
    return lines, _meta(doc)
