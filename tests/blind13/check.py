"""Check the blind13 gold against its reports (standard library only).

Adapted from blind12's check.py.  Decodes each report with its manifest encoding and checks the
BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The .docx files have `encoding: null` and are read straight from the package XML (zipfile +
ElementTree, python-docx is not needed): `word/document.xml` in document order, the text of every
`w:t` (table cells and text-box content included; `mc:Fallback` copies and `w:delText` left out;
`w:br`/`w:cr` are line breaks, every paragraph ends a line).  So a tracked insertion (`w:ins`,
r16) is read as accepted text and a tracked deletion (`w:del`) is not read; comments
(`word/comments.xml`, r16) are not read; the title in r10's text box is read once (from
`mc:Choice`, not from the VML fallback).  Headers and footers are not read.  .html files: <head>,
<script>, <style> and comments are dropped, tags stripped and entities decoded.  .md and .txt
files are taken as they are.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP, U+2028, U+2029), zero-width space U+200B, soft hyphen and the Markdown
emphasis marks `**` `__` are ignored -- so a gold string matches text that a PDF extraction broke
across lines (r01, r11, r18), as long as no page furniture falls inside it.  Then it verifies that
the title, every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind13/check.py [-v]   (-v also prints each file's Han character count)

The checker this set's writer wrote was folded into the shared verifier (tests/blindcheck.py)
in session 19: it finds the same strings (and the same count) in this set.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
