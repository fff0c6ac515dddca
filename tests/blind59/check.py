"""Check the blind59 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged; only this docstring adapted).  It calls the
shared verifier tests/blindcheck.py.  Each report is decoded with its manifest encoding and the BOM
(or its absence) is checked: `utf-8-sig` must start with a BOM (r07, r12), every other codec must
not.  The .txt and .md files are read as they are (utf-8, utf-8-sig, gbk, gb18030).  The two .docx
files (r04: every paragraph a cell of a borderless two-column table; r10: paragraphs built of
soft line breaks `w:br`) are read from `word/document.xml` in document order.  The two .html files
(r05, pdf2htmlEX output, one `<div>` per printed line; r13, a portal page in GBK) have <head>,
scripts and tags dropped, block ends turned into line breaks and entities decoded.

Text and gold strings are NFKC-normalised; whitespace (incl. CR, LF, TAB, U+3000), zero-width
spaces, soft hyphens, `**` `__` (so r11's `**街道` redaction marks drop out on both sides) and
footnote marks are ignored.  Then every title, heading and lead must occur in document order.
Run: python tests/blind59/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
