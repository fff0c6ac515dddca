"""Check the blind49 gold against its reports (standard library only).

Copied from blind45's check.py (reading logic unchanged, in tests/blindcheck.py; only this docstring
adapted).  The set is "copies as they are found": 6 .txt (utf-8, utf-8-sig, gbk, gb18030), 2 .md,
2 .docx and 3 .html.  Each report is decoded with its manifest encoding and the BOM (or its absence)
is checked: `utf-8-sig` must start with a BOM, every other codec must not.  The .docx files (r01,
r11; `encoding: null`) are read straight from `word/document.xml` (`w:delText` of tracked deletions
left out, inserted runs kept).  The .html files (r02, r07, r10) have <head>, <script>, <style> and
comments dropped, tags stripped and entities decoded; their site navigation, metadata lines, table
of contents (r07) and footer stay in the text.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, `**` `__` and footnote marks
are ignored, so r04's hard line breaks inside words, r08's curly quotes on lines of their own and
r09's spaces inside words do not matter.  Then it verifies that the title, every heading and every
lead of the manifest occur in the text in document order.
Run: python tests/blind49/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
