"""Check the blind44 gold against its reports (standard library only).

Copied from blind18's check.py (reading logic unchanged; only this docstring adapted).  Decodes each
report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig` and `utf-16` must
start with a BOM, every other codec must not.  All blind44 files (.txt in utf-8 or gbk, one .md) are
read as they are; the page furniture of the copies (page numbers, running titles, site lines) stays
in the text and is simply skipped over by the in-order search.

Both the text and the gold strings are NFKC-normalised before comparison (so full-width digits read
as ASCII); whitespace (incl. CR, LF, TAB, U+3000, U+2003 from `&emsp;`, NBSP, U+2028, U+2029), so
also the hard line breaks and doubled spaces of the PDF copies, zero-width space U+200B, soft
hyphen, the Markdown emphasis marks `**` `__` and footnote reference marks `[1]`..`[99]` are
ignored.  Then it verifies that the title, every heading and every lead of the manifest occur in
the text in document order.
Run: python tests/blind44/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
