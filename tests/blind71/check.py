"""Check the blind71 gold against its reports (standard library only).

Copied from blind64's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  blind71 holds text pulled out of PDFs and scans.  Decodes each
report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig` and `utf-16` must
start with a BOM, every other codec must not.  The nine .txt files (utf-8 r01 r05 r08 r09, gbk r02 r06,
gb18030 r03 r07, utf-16 r04) and the two .md files (r10, r11: PDF-to-Markdown converter output) are
read as they are.  The two .html files (r12, r13) are pdf2htmlEX-like pages, one absolutely
positioned `<div>` per printed line; <head> and <style> are dropped, tags stripped (each `</div>`
becomes a line break) and entities decoded.

Both the text and the gold strings are NFKC-normalised before comparison, so Kangxi radical code
points (U+2F00 `⼀` ...) compare equal to the ordinary characters and full-width digits to ASCII;
whitespace (the PDF line breaks inside words and sentences, the spaces of `存 在 的 问 题`, U+3000),
zero-width space, soft hyphen, `**` `__` and footnote marks `[1]`..`[99]` are ignored.  Then it
verifies that the title, every heading and every lead of the manifest occur in the text in document
order.  Running headers and footers were never placed inside a gold string, so they do not break one.
Run: python tests/blind71/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
