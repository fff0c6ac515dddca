"""Data tables in Word and web files: a problem or rectification list (序号 | 问题 | 整改措施 |
完成时限) is read a row per line, its cells between │ marks, as a text table is written, so that
:mod:`generator.parse.tables` reads each row as a point. A layout or form table is not one."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A header cell naming its items' column: problems (问题, 存在问题) or measures (整改措施,
#: 整改事项), as :mod:`generator.parse.tables` reads a text table's header.
ITEM_HEADER = re.compile(r"问题|問題|措施|举措|舉措|整改事项|整改内容|整改內容")
#: A header cell's label is at most this long (序号, 检视方面, 存在的问题, 整改措施).
HEADER_CELL = 12
#: The separator the row's cells are written between.
CELL = "│"


def data_header(cells: Sequence[str]) -> bool:
    """Whether a table's first row is a data table's header: three or more short labels, one
    naming the items."""
    return (len(cells) >= 3 and all(len(c) <= HEADER_CELL for c in cells)
            and any(ITEM_HEADER.search(c) for c in cells))


def row_line(cells: Sequence[str]) -> str:
    """A row as a text table writes it: │a│b│c│."""
    return CELL + CELL.join(cells) + CELL


_SEPARATORS = re.compile(r"[│┃║|]")


def header_row(text: str) -> bool:
    """Whether ``text`` is a data table's header row as a report holds it (│序号│问题│整改措施│
    or a Markdown table's | 序号 | 问题 | 整改措施 |): column labels, nothing to classify."""
    text = text.strip()
    if len(text) < 2 or not (_SEPARATORS.match(text) and _SEPARATORS.match(text[-1])):
        return False
    return data_header([cell.strip() for cell in _SEPARATORS.split(text[1:-1])])
