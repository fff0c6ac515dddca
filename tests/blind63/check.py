"""Check the blind63 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged; only this docstring adapted).  Decodes each
report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig` and `utf-16` must
start with a BOM, every other codec must not.  The .txt and .md files are read as they are (utf-8,
utf-8-sig, gbk or gb18030; r05 carries hard line breaks inside words and page-number lines).  The
.docx files (r03, r09, r12) have `encoding: null` and are read straight from the package XML
(zipfile + ElementTree): `word/document.xml` in document order, the text of every `w:t`
(`mc:Fallback` copies and `w:delText` left out), `w:br` as a line break.  The .html files (r06,
r11) have <head> dropped, tags stripped and entities decoded.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, U+2003 from `&emsp;`, NBSP, U+2028, U+2029), zero-width space U+200B, soft hyphen,
the Markdown emphasis marks `**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then
it verifies that the title, every heading and every lead of the manifest occur in the text in
document order.
Run: python tests/blind63/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
