"""Check the blind92 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The set holds copies saved from new media and note apps.  The .txt files are read as they are:
r03 (a chat export, CRLF) in UTF-8 with a BOM (`utf-8-sig`), r07 (an app copy with emoji marks,
CRLF) in GB18030, r09 (a WeChat copy) in UTF-8.  The .md files are r02 and r08 in UTF-8, r05
(CRLF) in GBK and r11 in UTF-8 with a BOM.  The .html files (r01, r10, r13 WeChat articles, r04 a
今日头条 page, r06 a study-app page, r12 a 百家号 page; all UTF-8) have <head>, <script>, <style>
and comments dropped, tags stripped (block ends become line breaks) and entities decoded, so the
titles are read from the page body, not from <title>.  There are no .docx files in this set.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind92/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
