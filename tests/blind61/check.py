"""Check the blind61 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier tests/blindcheck.py.  Decodes each report with its manifest encoding and checks the
BOM (or its absence): `utf-8-sig` must start with a BOM (r07.md, r09.txt), every other codec must
not.  The .txt and .md files are read as they are (utf-8, utf-8-sig, gbk or gb18030; r09 is hard
wrapped at 34 characters with page lines `第N页 共4页` between paragraphs, r06 uses ASCII
punctuation).  The .docx files (r04 direct formatting, r08 heading styles) have `encoding: null` and
are read straight from `word/document.xml`.  The .html files (r05 utf-8, r10 gbk with a form table)
have <head> dropped and tags stripped.

Both the text and the gold strings are NFKC-normalised before comparison (so `(一)` `,` `:` `;`
match their full-width forms); whitespace (incl. the hard line breaks of r09), `**` and footnote
marks are ignored.  Then it verifies that the title, every heading and every lead of the manifest
occur in the text in document order.
Run: python tests/blind61/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
