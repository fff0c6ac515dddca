"""Check the blind84 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The seven .txt files are read as they are: r01 (CRLF) and r10 in GBK, r06 (CRLF) in GB18030, r03,
r07 and r09 (CRLF) in UTF-8, r04 in UTF-8 with a BOM (`utf-8-sig`).  The six .docx files (r02, r05,
r08, r11, r12 and the look-alike r13) have `encoding: null` and are read straight from
`word/document.xml` (`mc:Fallback` copies and `w:delText` left out, `w:br` as a line break; r02's
table cells are read row by row, each cell paragraph as a line).

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP), zero-width space, soft hyphen, the Markdown emphasis marks `**` `__`
(so the redaction mark `**市` in r04 reads as `市`) and footnote reference marks `[1]`..`[99]` are
ignored, which also absorbs r06's quotes on their own lines, r07's hard line breaks and r10's
stray spaces.  Then it verifies that the title, every heading and every lead of the manifest occur
in the text in document order.
Run: python tests/blind84/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
