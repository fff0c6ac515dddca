"""Check the blind85 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The set is copies saved from the web.  The .html files (r01, r05, r07, r09, r11 and the look-alike
r13 in UTF-8; r03 in GBK, declared by its `<meta charset>`) have <head>, <script>, <style> and
comments dropped, tags stripped (block ends and <br> become line breaks) and entities decoded
(`&nbsp;` indentation), so titles are read from the page body, not from <title>.  The .md files
(r02, r06, r12 in UTF-8, r10 in UTF-8 with a BOM) and the .txt files (r04, UTF-8 with CRLF, and
r08, GB18030) are read as they are, page furniture included.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind85/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
