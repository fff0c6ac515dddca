"""Check the blind68 gold against its reports (standard library only).

Copied from blind64's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  The nine .docx files (r01-r09, `encoding: null`) are read
straight from `word/document.xml`: `mc:Fallback` copies (r01's VML text box) and `w:delText`
(r03's tracked deletions) are left out, `w:ins` text is kept, `w:br` counts as a line break, and
headers, footers, footnotes, comments and numbering.xml are not read, so automatic numbers
(r02, r06, r07, r09) are not text.  The .txt files are decoded with their manifest encoding
(r10 `utf-16` with BOM, r11 `gbk`, both CRLF) and read as they are; the Word web page r12.html
(`gbk`, charset gb2312) has <head>, <script>, <style> and comments dropped, tags stripped (block
ends become line breaks) and entities decoded; r13.md (pandoc-style, utf-8) is read as it is.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP), zero-width space, soft hyphen, the Markdown emphasis marks `**` `__` and
footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title, every
heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind68/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
