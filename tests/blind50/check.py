"""Check the blind50 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged, in tests/blindcheck.py; only this
docstring adapted).  Decodes each report with its manifest encoding and checks the BOM (or its
absence): `utf-8-sig` (r03, r10) and `utf-16` (r08, a Word "Unicode text" export) must start with
a BOM, every other codec must not.  The .txt and .md files are read as they are (utf-8, utf-8-sig,
gbk, gb18030, utf-16).  The two .docx files (r05, r09) have `encoding: null` and are read straight
from `word/document.xml` (r09's footnote texts live in `word/footnotes.xml` and are not read; the
reference runs carry no text).  The .html files (r07 utf-8, r12 gbk Word-HTML) have <head> dropped
and tags stripped.

Both the text and the gold strings are NFKC-normalised before comparison (so r08's full-width
digits and letters and r11's ASCII punctuation compare as printed); whitespace (incl. CR, LF, TAB,
U+3000, NBSP), zero-width space, soft hyphen, `**` `__` and footnote reference marks `[1]`..`[99]`
(r06) are ignored.  Then it verifies that the title, every heading and every lead of the manifest
occur in the text in document order.
Run: python tests/blind50/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
