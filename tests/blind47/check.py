"""Check the blind47 gold against its reports (standard library only).

Copied from blind18's check.py (reading logic unchanged; only this docstring adapted).  Decodes each
report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig` and `utf-16` must
start with a BOM, every other codec must not.  All 14 files of blind47 are .txt or .md (utf-8 or
gbk) and are read as they are; the .docx and .html branches are kept unchanged but unused here.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, U+2003 from `&emsp;`, NBSP, U+2028, U+2029), zero-width space U+200B, soft hyphen,
the Markdown emphasis marks `**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then
it verifies that the title, every heading and every lead of the manifest occur in the text in
document order.  The seven look-alikes have `sections: []`, so only their titles are checked.
Run: python tests/blind47/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
