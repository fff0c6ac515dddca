"""Check the blind58 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged, in tests/blindcheck.py; only this docstring
adapted).  Decodes each report with its manifest encoding and checks the BOM (or its absence):
`utf-8-sig` must start with a BOM, every other codec must not.  The .txt and .md files are read as
they are (utf-8, utf-8-sig, gbk, gb18030; r02 and r07 with CRLF); r06 carries hard line breaks
inside words and page-furniture lines, which the whitespace-blind comparison passes over.  The three
.docx files (r04, r08, r11) have `encoding: null` and are read straight from `word/document.xml`
(zipfile + ElementTree).  The two .html files (r05 utf-8, r09 gbk) are read with <head> dropped and
tags stripped.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace, zero-width
space, soft hyphen, the Markdown emphasis marks `**` `__` and footnote marks `[1]`..`[99]` are
ignored.  Then it verifies that the title, every heading and every lead of the manifest occur in the
text in document order.
Run: python tests/blind58/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
