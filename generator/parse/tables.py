"""Text tables: a problem list written as a Markdown pipe table (``| 1 | 学习不深 | … |``),
drawn with box-drawing characters (``│ 1 │ 理论学习 │ 学习不深 │``), or laid out with blanks
(``1    学习不深    整改措施``: a header and two rows at least, each of three cells or more).

Each data row is a point whose lead is the cell under the header that names the problems
(问题, 存在问题, 主要问题…), or in the measures section the first that names the problems or
the measures (整改措施, 整改事项…); the other cells (序号, an aspect label, 具体表现) are its
text. Rows become lines of style :data:`ROW` with the lead cell's span; the table's rule
lines (``├──┼──┤``, ``|---|---|``) carry no text and are lifted out like page furniture. A
table without such a header is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.models import SourceLine
from generator.parse.numbering import SECTION, SUBSECTION, match_marker
from generator.parse.roles import detect_role

ROW = "row"
#: A row's aspect cell (and the cells before it) split off the row: a subsection heading
#: over the rows down to the next aspect (a 检视方面 column whose cells are merged down).
ROW_ASPECT = "row-aspect"
_SEPARATORS = "│┃║|"
#: A row: opens with a cell separator and has at least two more.
_ROW = re.compile(rf"^[{_SEPARATORS}](?:[^{_SEPARATORS}]*[{_SEPARATORS}]){{2,}}")
#: A row of one cell spanning the table (│理论学习方面│), inside a table only.
_SPAN_ROW = re.compile(rf"^[{_SEPARATORS}][^{_SEPARATORS}]*[^{_SEPARATORS}\s][^{_SEPARATORS}]*"
                       rf"[{_SEPARATORS}]\s*$")
#: A rule line: only frame characters, dashes, colons and spaces.
_RULE = re.compile(r"^[\s┌┬┐├┼┤└┴┘─━│┃║═╔╦╗╠╬╣╚╩╝╒╤╕╞╪╡╘╧╛+\-|:]+$")
#: The header naming the problems' column, and in the measures section the measures'.
_LEAD_HEADER = re.compile(r"问题|問題")
#: A column that files the rows (问题类别, 问题类型, 问题领域): not their items.
_CATEGORY_HEADER = re.compile(r"类别|類別|类型|類型|领域|領域|方面")
_BLANKS = re.compile(r"\s+")
#: The header of a column naming the aspects the problems are grouped by.
_ASPECT_HEADER = re.compile(r"方面|类别|類別|领域|領域")
_MEASURE_HEADER = re.compile(r"措施|举措|舉措|整改事项|整改內容|整改内容")
#: The column naming a section's own items, beside the problems' (措施 in the measures).
_ROLE_HEADERS = {"measures": _MEASURE_HEADER, "causes": re.compile(r"原因|根源")}
#: What parts the cells of a table laid out with blanks (a PDF's or a web page's copy): a
#: tab, two spaces or more, two ideographic spaces or more.
_GAP = re.compile(r"\t+| {2,}|\u3000{2,}")
_BLANK = re.compile(r"[ \t\u3000]+")
#: The first cell of such a table's header, and of its rows.
_HEADER_CELL = re.compile(r"序号|序號|编号|編號")
_NUMBER_CELL = re.compile(r"\d{1,3}[.．、]?")
#: Styles of a section heading by markup (Markdown ## and Word's Heading 1).
_SECTION_STYLES = ("h1", "h2")


def table_rows(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(lines, rules)``: the rows of each problem table styled :data:`ROW`, its rule lines
    lifted out."""
    out: list[SourceLine] = []
    rules: list[SourceLine] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and not lines[j].style and (
                _RULE.match(lines[j].text) and any(c in lines[j].text for c in "─━═-")
                or _ROW.match(lines[j].text) or j > i and _SPAN_ROW.match(lines[j].text)):
            j += 1
        if j == i:  # (a table laid out with blanks: its rows only, no rules)
            j = _gap_rows(lines, i)
        block = lines[i:j]
        rows = [line for line in block if not _RULE.match(line.text)]
        column = _lead_column(rows[0].text, _role(out)) if rows else -1
        if column < 0:
            out.append(lines[i])
            i += 1
            continue
        aspect = _aspect_column(rows, column)
        after_row = False
        for line in block:
            if _RULE.match(line.text):
                rules.append(line)
                after_row = False
                continue
            if _SPAN_ROW.match(line.text) and line is not rows[0]:
                # a row of one cell across the table (│理论学习方面│): the aspect of the rows
                # under it, as a merged aspect column's cell is
                start, end = _trimmed(line.text, *_cells(line.text)[0])
                # (│（一）理论学习方面│: the aspect's own number is no part of its name)
                number = match_marker(line.text[start:end])
                if number is not None and number.cls in (SECTION, SUBSECTION):
                    start += len(number.text)
                out.append(SourceLine(line.text, line.lineno, ROW_ASPECT, lead_end=end,
                                      lead_start=start))
                after_row = False
                continue
            out += _row(line, column, aspect, header=line is rows[0], wrapped=after_row)
            after_row = True
        i = j
    return out, rules


def _gap_cells(text: str) -> list[tuple[int, int]]:
    """Spans of the cells of a row laid out with blanks (its indentation excluded): apart by
    wide gaps, or by single blanks in a row that has none (an HTML copy, whose blanks the
    page collapses)."""
    spans, start = [], len(text) - len(text.lstrip())
    gaps = _GAP if _GAP.search(text, start) else _BLANK
    for gap in gaps.finditer(text, start):
        if gap.start() > start:
            spans.append((start, gap.start()))
        start = gap.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _gap_rows(lines: Sequence[SourceLine], i: int) -> int:
    """The end of a table laid out with blanks starting at ``lines[i]``: a header whose first
    cell is 序号, then rows whose first cell is a number, three cells or more each (with
    single blanks, exactly as many as the header's); ``i`` when there is none such."""
    def cells(k: int) -> list[str]:
        line = lines[k]
        return [] if line.style else [line.text[a:b] for a, b in _gap_cells(line.text)]

    head = cells(i)
    if len(head) < 3 or not _HEADER_CELL.fullmatch(head[0]):
        return i
    loose = not _GAP.search(lines[i].text.strip())
    j = i + 1
    while j < len(lines) and len(row := cells(j)) >= 3 and _NUMBER_CELL.fullmatch(row[0]) \
            and (not loose or len(row) == len(head) and not _GAP.search(lines[j].text.strip())):
        j += 1
    return j if j - i >= 3 else i


def _cells(text: str) -> list[tuple[int, int]]:
    """Spans of the cells between separators, the text before the first one excluded (or
    between the blanks of a table laid out with them)."""
    first = next((i for i, c in enumerate(text) if c in _SEPARATORS), -1)
    if first < 0 or text[:first].strip():
        return _gap_cells(text)
    spans, start = [], first + 1
    for k in range(first + 1, len(text)):
        if text[k] in _SEPARATORS:
            spans.append((start, k))
            start = k + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _lead_column(header: str, role: str) -> int:
    """The column of the leads: the problems'; in the measures section the first column of
    problems or measures, the one that names the row's item (序号 | 问题 | 整改措施 | 时限:
    the problem it rectifies; 序号 | 整改事项 | 具体措施: the item), as two blind sets' gold
    reads such tables; in the causes section, the causes' (序号 | 原因 | 说明)."""
    cells = [_BLANKS.sub("", header[a:b]) for a, b in _cells(header)]  # (类　别: 类别)
    own = _ROLE_HEADERS.get(role)
    return next((k for k, cell in enumerate(cells) if not _CATEGORY_HEADER.search(cell) and (
        _LEAD_HEADER.search(cell) or own is not None and own.search(cell))), -1)


def _aspect_column(rows: Sequence[SourceLine], lead: int) -> int:
    """The column before the leads' that groups the rows by aspect (检视方面), or -1: its
    cells are merged down over the rows of one aspect (empty in all but its first row). A
    column repeating its aspect in every row groups nothing: the rows are one list."""
    cells = [_BLANKS.sub("", rows[0].text[a:b]) for a, b in _cells(rows[0].text)]
    found = [k for k, cell in enumerate(cells[:lead])
             if _ASPECT_HEADER.search(cell) and not _LEAD_HEADER.search(cell)]
    if not found:
        return -1
    column = found[0]
    values = [line.text[slice(*spans[column])].strip() for line in rows[1:]
              if len(spans := _cells(line.text)) > max(column, lead)
              and line.text[slice(*spans[lead])].strip()]
    merged = any(not v for v in values) and bool(values) and bool(values[0])
    return column if merged else -1


def _role(before: Sequence[SourceLine]) -> str:
    """The role of the last section heading before the table (整改措施: measures)."""
    for line in reversed(before):
        marker = match_marker(line.text)
        if line.style in _SECTION_STYLES or marker is not None and marker.cls == SECTION:
            return detect_role(line.text)
    return ""


def _row(line: SourceLine, column: int, aspect: int, header: bool, wrapped: bool
         ) -> list[SourceLine]:
    """The row as a :data:`ROW` line; a point's with its lead cell's span. (A row right
    under another with no rule between and an empty first cell continues its cells.) A row
    whose aspect cell is filled is cut after that cell: a :data:`ROW_ASPECT` line (the
    aspect cell's span as its lead), then the point's row."""
    cells = _cells(line.text)
    text = line.text
    # (the first cell tells a wrapped row, unless it is the merged aspect's: then the next)
    first = cells[1] if aspect == 0 and len(cells) > 1 else cells[0] if cells else (0, 0)
    if header or column >= len(cells) or (wrapped and not text[slice(*first)].strip()):
        return [SourceLine(text, line.lineno, ROW)]
    start, end = _trimmed(text, *cells[column])
    row = SourceLine(text, line.lineno, ROW, lead_end=end if end > start else 0,
                     lead_start=start)
    if aspect < 0:
        return [row]
    a_start, a_end = _trimmed(text, *cells[aspect])
    if a_end <= a_start:
        return [row]
    cut = cells[aspect][1]
    return [SourceLine(text[:cut], line.lineno, ROW_ASPECT, lead_end=a_end, lead_start=a_start),
            SourceLine(text[cut:], line.lineno, ROW, lead_end=max(end - cut, 0),
                       lead_start=start - cut)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A cell's span without the blanks around its text."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
