"""Check the blind74 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The set holds copies saved from WeChat articles, note apps and forums.  The .txt files are read as
they are: r04 (a forum post, CRLF) in GB18030, r10 in UTF-8.  The .md files (r02, r08, r11 in
UTF-8, r05 in UTF-8 with a BOM) are read as they are, `**` ignored.  The .html files (r01, r06, r12
and the look-alike r13 saved from WeChat, r03 a Feishu export, r09 a blog post) have <head>,
<script>, <style> and comments dropped, tags stripped (block ends become line breaks) and entities
decoded, so a title is read from the page body, not from <title>.  The .docx file (r07, a Word file
saved from a WeChat article) has `encoding: null` and is read straight from `word/document.xml`.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind74/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
