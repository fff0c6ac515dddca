"""Check the blind52 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier tests/blindcheck.py.  Decodes each report with its manifest encoding and checks the
BOM (or its absence): `utf-8-sig` must start with a BOM, every other codec must not.  The .txt and
.md files are read as they are (utf-8, utf-8-sig or gbk).  The two .docx files (r04, r09) have
`encoding: null` and are read straight from the package XML (`word/document.xml`, the text of every
`w:t` in document order).  The .html file (r13) has its <head> dropped and its tags stripped.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace, zero-width
spaces, soft hyphens and the Markdown emphasis marks `**` `__` are ignored.  Then it verifies that
the title, every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind52/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
