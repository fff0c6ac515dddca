"""Read a saved web page into SourceLines: the article's blocks, one line each, as text only.

Markup never survives this reader: scripts and styles are removed before any text is taken, and
what remains is taken as characters (``&lt;script&gt;`` in the page is the literal text
``<script>``, escaped again when the site renders it). Line numbers are the page source's, so
the source view and error messages point at the saved file; that is why the stdlib
``html.parser`` is used (see ``html_tree`` for why not lxml).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString, Script, Stylesheet, TemplateString

from generator.chars import BLANKS
from generator.models import SourceLine
from generator.readers.html_content import clean, main_content
from generator.readers.html_layout import Layout, box_of
from generator.readers.html_meta import metadata, sniff_html_encoding
from generator.readers.html_state import state_article
from generator.readers.html_tree import parse
from generator.readers.tables import data_header, row_line
from generator.readers.text import AFTER_LEAD, bold_runs

__all__ = ["EDGE_BLANKS", "read_html", "sniff_html_encoding"]

log = logging.getLogger(__name__)

#: Stripped from both ends of every line: indentation (ASCII, no-break, ideographic, en/em/thin
#: spaces, zero-width space, stray BOM) as the plain-text reader strips it; trailing whitespace
#: of any kind goes too.
EDGE_BLANKS = BLANKS
_BLANKS = EDGE_BLANKS + "\n\r\f"
_BLOCKS = frozenset(
    ("address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
     "h6", "header", "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary",
     "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul")
)  # fmt: skip
#: Elements whose lines take a style of their own: headings, and a picture's caption (page
#: furniture, lifted out of the body by ``parse.repair``).
_HEADINGS = {"h1": "h1", "h2": "h2", "h3": "h3", "h4": "h4", "figcaption": "caption"}
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_WEIGHT = re.compile(r"(?<![-\w])font-weight\s*:\s*([a-z0-9]+)", re.I)
_MSO_LIST = re.compile(r"mso-list\s*:\s*ignore", re.I)
_NOT_TEXT = (PreformattedString, Script, Stylesheet, TemplateString)


@dataclass(frozen=True, slots=True)
class _Context:
    heading: str = ""
    bold: bool = False
    pre: bool = False


def _bold(tag: Tag, inherited: bool) -> bool:
    # An inline style wins over the element's default, as in CSS: <b style="font-weight:400">.
    match = _WEIGHT.search(str(tag.get("style") or ""))
    if match is None:
        return inherited or tag.name in ("b", "strong")
    value = match.group(1).lower()
    if value.isdigit():
        return int(value) >= 600
    return value in ("bold", "bolder")


@dataclass(slots=True)
class _Lines:
    """Accumulates inline text into lines; a block boundary or <br> ends the current line."""

    lines: list[SourceLine] = field(default_factory=list)
    pieces: list[tuple[str, bool, bool]] = field(default_factory=list)
    """(text, bold, preformatted) as found in the page, whitespace not yet collapsed."""
    started: bool = False
    """Whether the current line has visible text yet (its style and line number are set)."""
    style: str = ""
    lineno: int = 0
    depth: int = -1
    """The current line's list nesting depth (0 = outermost), -1 outside lists."""
    numbers: dict[int, int] = field(default_factory=dict)
    """Last number drawn in each <ol> (by element identity)."""
    cursor: int = 1
    """Best-known source line of the parser's position (last tag start plus newlines since)."""
    layout: Layout | None = None
    """The page's positioned text boxes, when it is drawn so (see ``html_layout``)."""
    numbered: bool = False
    """Whether the current line holds a list number and nothing after it yet: the block
    that opens the item (<li><p>…) goes on the number's line."""

    def add(self, text: str, ctx: _Context) -> None:
        base = self.cursor
        self.cursor += text.count("\n")
        if not ctx.pre:
            self._piece(text, ctx, base + text[: len(text) - len(text.lstrip())].count("\n"))
            return
        first, *rest = text.split("\n")
        self._piece(first, ctx, base)
        for offset, part in enumerate(rest, start=1):
            self.end()
            self._piece(part, ctx, base + offset)

    def add_marker(self, text: str, ctx: _Context, line: int, depth: int = -1) -> None:
        """Start the line with a list number; the line's style becomes ``list``, its depth
        that of the list (in nested lists the number says nothing of the level)."""
        self._piece(text, ctx, line)
        self.style = self.style or "list"
        self.depth = depth
        self.numbered = True

    def _piece(self, text: str, ctx: _Context, line: int) -> None:
        if not text:
            return
        self.numbered = self.numbered and not text.strip(_BLANKS)
        if not self.started and text.strip(_BLANKS):
            self.started, self.lineno, self.style = True, line, ctx.heading
        self.pieces.append((text, ctx.bold, ctx.pre))

    def trim(self) -> None:
        """Drop the source whitespace between two boxes of one paragraph."""
        while self.pieces and not self.pieces[-1][2] and not self.pieces[-1][0].strip(_BLANKS):
            self.pieces.pop()

    def end(self) -> None:
        text = _render(self.pieces).strip(EDGE_BLANKS).rstrip()
        if text:
            visible = [b for t, b, _ in self.pieces if t.strip(_BLANKS)]
            style = self.style or ("bold" if all(visible) else "")
            runs = bold_runs([(t, b and not pre) for t, b, pre in self.pieces], text,
                             _collapse)
            self.lines.append(SourceLine(text, self.lineno, style, self._lead_end(text),
                                         self.depth, bold_runs=runs))
        self.pieces, self.started, self.depth, self.numbered = [], False, -1, False

    def _lead_end(self, text: str) -> int:
        """Where a bold lead closed by a comma ends (``<b>1.学习不够深入</b>，平时…``), as the
        Markdown and docx readers read it; 0 if the line does not open so."""
        opening = []
        for piece in self.pieces:
            if not piece[1] and piece[0].strip(_BLANKS):
                if any(p[0].strip(_BLANKS) for p in opening) or not _NUMBER_ONLY.match(
                        piece[0].strip(_BLANKS)):
                    break
                opening.append(piece)  # 3.<b>lead</b>，…: the number outside the bold
                continue
            opening.append(piece if piece[1] else ("", False, False))
        bold = _render(opening).strip(EDGE_BLANKS).rstrip()
        size = len(bold)
        if 0 < size < len(text) and text.startswith(bold) and (
                bold[-1] in AFTER_LEAD or text[size] in AFTER_LEAD):
            return size
        return 0


#: A list number alone, written outside the bold lead after it (``3.<b>…</b>``).
_NUMBER_ONLY = re.compile(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                          r"|[一二三四五六七八九十]{1,3}(?:、|是))$")


def _render(pieces: list[tuple[str, bool, bool]]) -> str:
    """Join pieces as a browser shows them: collapsible whitespace collapsed across elements."""
    out: list[str] = []
    run: list[str] = []
    for text, _, pre in pieces:
        if pre:
            out.append(_collapse("".join(run)))
            run = []
            out.append(text)
        else:
            run.append(text)
    out.append(_collapse("".join(run)))
    return "".join(out)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("F", "W", "H")


def _collapse(text: str) -> str:
    # CSS Text 3 segment-break rule: a line break in the source between two East Asian wide
    # characters disappears (汉字 wrapped in the HTML source are one word), otherwise a space.
    def repl(match: re.Match[str]) -> str:
        if "\n" in match.group():
            before = text[match.start() - 1] if match.start() else ""
            after = text[match.end()] if match.end() < len(text) else ""
            if before and after and _wide(before) and _wide(after):
                return ""
        return " "

    return _COLLAPSIBLE.sub(repl, text)


def _walk(roots: list[Tag], out: _Lines) -> None:
    """Visit the elements in document order with an explicit stack: unclosed inline tags in
    damaged pages nest deeper than Python's recursion limit."""
    stack: list[tuple[Tag | NavigableString, _Context, bool]] = [
        (root, _Context(), False) for root in reversed(roots)
    ]
    while stack:
        node, ctx, leaving = stack.pop()
        if leaving:
            out.end()
        elif isinstance(node, Tag):
            stack.extend(_enter(node, ctx, out))
        elif not isinstance(node, _NOT_TEXT):
            out.add(str(node), ctx)


def _enter(
    tag: Tag, ctx: _Context, out: _Lines
) -> list[tuple[Tag | NavigableString, _Context, bool]]:
    """Start an element; return what to visit next, in stack order (last is visited first)."""
    if tag.sourceline:
        # The parser records where a start tag begins; its text begins after the tag's own
        # line breaks (Word's HTML export wraps long style attributes).
        wrapped = sum(v.count("\n") for v in tag.attrs.values() if isinstance(v, str))
        out.cursor = tag.sourceline + wrapped
    if tag.name == "br":
        out.end()
        return []
    if _MSO_LIST.search(str(tag.get("style") or "")):
        _word_list_number(tag, ctx, out)
        return []
    inner = _Context(
        heading=_HEADINGS.get(tag.name, ctx.heading),
        bold=_bold(tag, ctx.bold) or tag.name in ("h5", "h6"),
        pre=ctx.pre or tag.name in ("pre", "textarea", "listing"),
    )
    if tag.name == "table" and out.layout is None and _data_table(tag):
        _table_rows(tag, out)
        return []
    todo = [(child, inner, False) for child in reversed(list(tag.children))]
    if tag.name not in _BLOCKS:
        return todo
    if out.layout is not None:
        # a reader layer's positioned lines: the geometry decides where a paragraph ends,
        # across the pages that hold them too
        box = box_of(tag)
        if box is not None:
            if out.layout.continues(box):
                out.trim()
            else:
                out.end()
            return todo
        if tag.find(lambda t: box_of(t) is not None):
            return todo
    if not out.numbered:  # (<li><p>text</p></li>: the number and its text are one line)
        out.end()
    if tag.name == "li":
        _list_number(tag, inner, out)
    return [(tag, inner, True), *todo]


def _cells(row: Tag) -> list[Tag]:
    return row.find_all(("td", "th"), recursive=False)


def _cell_text(cell: Tag) -> str:
    return _collapse("".join(s for s in cell.strings if not isinstance(s, _NOT_TEXT))
                     ).strip(EDGE_BLANKS).rstrip()


def _data_table(table: Tag) -> bool:
    """A problem or rectification list (序号 | 问题 | 整改措施 | 完成时限), as the Word reader
    finds one (:func:`generator.readers.tables.data_header`), with no table inside it."""
    rows = table.find_all("tr")
    return (len(rows) >= 2 and table.find("table") is None
            and data_header([_cell_text(c) for c in _cells(rows[0])]))


def _table_rows(table: Tag, out: _Lines) -> None:
    """A data table a row per line, its cells between │ marks (its line: the row's)."""
    out.end()
    for row in table.find_all("tr"):
        cells = [_cell_text(c) for c in _cells(row)]
        if any(cells):
            out.lines.append(SourceLine(row_line(cells), row.sourceline or out.cursor))


def _word_list_number(tag: Tag, ctx: _Context, out: _Lines) -> None:
    """Word's HTML export writes a list number as text padded with spaces that imitate the
    tab after it; keep the number and drop the padding, as the docx reader does."""
    number = _COLLAPSIBLE.sub(" ", tag.get_text()).strip(EDGE_BLANKS)
    if number:
        tail = " " if number[-1].isascii() and number[-1].isalnum() else ""
        out.add(number + tail, ctx)


def _list_number(li: Tag, ctx: _Context, out: _Lines) -> None:
    """Browsers draw an <ol>'s numbers; put them in the text, as the docx reader does."""
    parent = li.parent
    if not isinstance(parent, Tag) or parent.name != "ol":
        return
    if id(parent) not in out.numbers:
        start = str(parent.get("start", "1")).strip()
        out.numbers[id(parent)] = int(start) if start.isdigit() else 1
    else:
        out.numbers[id(parent)] += 1
    depth = sum(1 for a in li.parents if a.name in ("ol", "ul")) - 1
    out.add_marker(f"{out.numbers[id(parent)]}.", ctx, li.sourceline or out.cursor, depth)


def read_html(text: str, name: str) -> tuple[list[SourceLine], dict]:
    """Read a decoded saved web page into article lines and metadata hints.

    ``lineno`` is the line of the page source where the block's text starts. ``<h1>``–``<h4>``
    give ``"h1"``..``"h4"``, bold-only blocks ``"bold"``, ``<ol>`` items ``"list"``. The dict
    holds ``title`` (og:title, else ``<title>``) and ``date`` (``YYYY-MM-DD`` when it parses).
    A page whose visible body is an empty skeleton and whose article is an HTML string in a
    script's JSON (server-rendered state) is read from that string (:mod:`.html_state`); its
    lines carry the line where the JSON starts.
    """
    # html.parser counts only "\n" as a line end; CR-only files would otherwise be one line.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    soup = parse(text)
    meta = metadata(soup)
    state = state_article(soup)  # before clean() drops the scripts
    lines = _article(soup)
    if state is not None:
        # A skeleton page whose article is only in its scripts' JSON: read that as the body.
        held = [replace(line, lineno=state.lineno) for line in _article(parse(state.html), True)]
        if _length(held) >= STATE_ARTICLE_MIN and _length(lines) * 3 < _length(held):
            lines = held
    log.debug("%s: %d lines from html", name, len(lines))
    return lines, meta


#: Text from a script's JSON is read only when it is at least this long (an article, not a
#: summary) and three times as long as the page's visible article.
STATE_ARTICLE_MIN = 200


def _length(lines: list[SourceLine]) -> int:
    return sum(len(line.text) for line in lines)


def _article(soup: BeautifulSoup, whole: bool = False) -> list[SourceLine]:
    """The article's lines: furniture removed, then the main content found (``whole``: all of
    what is left, for HTML that is the article by definition)."""
    clean(soup)
    roots = [soup] if whole else main_content(soup)
    out = _Lines(layout=Layout.of(roots))
    _walk(roots, out)
    out.end()
    return out.lines
