"""Check the blind65 gold against its reports (standard library only).

Copied from blind64's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The .txt files are read as they are: r01 (utf-8, PDF export with a cover page), r02 (utf-8-sig,
WeChat article), r03 (gbk, CRLF, OCR), r04 (gb18030, document-sharing copy), r05 (utf-16 with BOM,
CRLF, forwarded e-mail).  The .md files (r09, r10, r11) are read as they are (utf-8).  The .html
files (r06, r07, r08 in GBK with CRLF) have <head>, <script>, <style> and comments dropped, tags
stripped (block ends become line breaks) and entities decoded, so the titles are read from the
page body, not from <title>.  The .docx files (r12, r13) have `encoding: null` and are read straight
from `word/document.xml` (`mc:Fallback` copies and `w:delText` left out, `w:br` as a line break):
r12's tracked deletions (`w:del`) are not text, its insertions (`w:ins`) are; the comments of r12
and r13 live in `word/comments.xml`, which is not read.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind65/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
