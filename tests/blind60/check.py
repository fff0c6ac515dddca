"""Check the blind60 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier tests/blindcheck.py.  Decodes each report with its manifest encoding and checks the
BOM (or its absence): `utf-8-sig` must start with a BOM, every other codec must not.  The .txt and
.md files are read as they are (utf-8, utf-8-sig, gbk or gb18030).  The three .docx files (r02,
r08, r10) have `encoding: null` and are read straight from `word/document.xml`.  The two .html
files (r04, r09) are read with <head> dropped, tags stripped and entities decoded.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (so r11's hard
line breaks inside words), zero-width spaces, soft hyphens, `**` and footnote marks are ignored.
Then it verifies that the title, every heading and every lead of the manifest occur in the text in
document order.
Run: python tests/blind60/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
