"""Check the blind54 gold against its reports (standard library only).

Copied from blind45's check.py (only this docstring adapted); the reading logic is the shared
verifier tests/blindcheck.py.  Decodes each report with its manifest encoding and checks the BOM (or
its absence): `utf-8-sig` must start with a BOM, every other codec must not.  The nine .txt files
(utf-8, utf-8-sig or gbk) and the two .md files (r03 utf-8, r10 utf-8-sig) are read as they are.
The .docx file (r05) has `encoding: null` and is read straight from the package XML
(`word/document.xml`, the text of every `w:t`).  The .html file (r07) has its <head> dropped, tags
stripped and entities decoded.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP), zero-width space U+200B, soft hyphen, the Markdown emphasis marks `**` `__`
and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title, every
heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind54/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
