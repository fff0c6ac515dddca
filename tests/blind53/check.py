"""Check the blind53 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged, in tests/blindcheck.py; only this docstring
adapted).  Decodes each report with its manifest encoding and checks the BOM (or its absence):
`utf-8-sig` (r01) and `utf-16` (r08) must start with a BOM, every other codec must not.  The .txt
files (r01, r03, r07, r08, r10, r13; utf-8, utf-8-sig, gbk, gb18030, utf-16) and the .md files
(r04, r09; utf-8, read as they are, HTML tags included) are read as they are.  The .docx files (r02,
r06, r11) have `encoding: null` and are read straight from `word/document.xml` (numbering from
numPr, comments in comments.xml and table cell borders leave no text there).  The .html files (r05
utf-8, r12 gbk Word "save as web page") have <head> and comments dropped and tags stripped.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP), zero-width space, soft hyphen, `**` `__` and footnote marks `[1]`..`[99]`
are ignored.  Then it verifies that the title, every heading and every lead of the manifest occur in
the text in document order.
Run: python tests/blind53/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
