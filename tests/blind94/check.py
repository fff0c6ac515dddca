"""Check the blind94 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The .txt files are read as they are: r01 and r10 in UTF-8, r05 and r12 in UTF-8 with a BOM
(`utf-8-sig`), r03 (CRLF) and r08 in GBK, the look-alike r13 in GB18030.  The .md files (r04, r09)
are UTF-8.  The .html file (r07, a county middle school's news page) has <head>, <script>, <style>
and comments dropped, tags stripped (block ends become line breaks) and entities decoded, so the
title is read from the page body, not from <title>.  The .docx files (r02, r06, r11) have
`encoding: null` and are read straight from `word/document.xml` (`mc:Fallback` copies and
`w:delText` left out, `w:br` as a line break).

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind94/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
