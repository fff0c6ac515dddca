"""Check the blind93 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The .txt files are read as they are: r01, r09 (CRLF) and r11 in UTF-8, r05 in UTF-8 with a BOM
(`utf-8-sig`), r02 (CRLF) and r07 in GBK, the look-alike r13 in GB18030.  The .md files (r04,
r10) are UTF-8.  The .docx files (r03 with a 序号 / 检视问题 / 整改措施 / 进展情况 table, r06, r08
with an appendix after the signature, r12) have `encoding: null` and are read straight from
`word/document.xml` (`mc:Fallback` copies and `w:delText` left out, `w:br` as a line break; a
table cell's paragraphs are read in row order like any other paragraph).

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind93/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
