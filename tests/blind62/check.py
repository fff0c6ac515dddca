"""Check the blind62 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged; only this docstring adapted).  Decodes each
report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig` and `utf-16` must
start with a BOM, every other codec must not.  The .txt and .md files are read as they are (utf-8,
utf-8-sig, gbk, gb18030 or utf-16); the two .html files (r02 utf-8, r12 gbk) with <head>, scripts,
styles and comments dropped and tags stripped.  The three .docx files (r03, r08, r09) have
`encoding: null` and are read straight from the package XML (zipfile + ElementTree):
`word/document.xml` in document order, the text of every `w:t` (`mc:Fallback` copies and
`w:delText` left out), `w:tab` as a tab, `w:br` as a line break, table cells included.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP, U+2028, U+2029), zero-width space U+200B, soft hyphen, the Markdown emphasis
marks `**` `__` (here also r04's redaction asterisks) and footnote reference marks `[1]`..`[99]`
are ignored.  Then it verifies that the title, every heading and every lead of the manifest occur
in the text in document order.
Run: python tests/blind62/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
