"""Check the blind70 gold against its reports (standard library only).

Copied from blind64's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The .txt files (r01, r03, r05, r08 in utf-8; r02 in GBK with CRLF, r07 in GBK) and the .md files
(r04, r11, r12) are read as they are, so the box-drawing table of r05 (`│` borders), the
tab-separated 整改清单 of r07 and the pipe table of r04 are read cell by cell along each line.
The .html files (r06, r13) have <head>, <script>, <style> and comments dropped, tags stripped
(block ends, incl. `</td>` and `</tr>`, become line breaks) and entities decoded, so the titles
are read from the page body, not from <title>.  The .docx files (r09, r10) have `encoding: null`
and are read straight from `word/document.xml` (`mc:Fallback` copies and `w:delText` left out,
`w:br` as a line break); the cells of their `w:tbl` tables are paragraphs like any other.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind70/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
