"""Check the blind6 gold against its reports (standard library only).

Decodes each report with its manifest encoding (and checks the BOM, or its absence).  Reads .docx
files straight from the package XML (zipfile + ElementTree, so python-docx is not needed): it walks
`word/document.xml` in document order and takes the text of every `w:t` — including runs inside
tracked insertions (`w:ins`) and paragraphs inside text boxes (`w:txbxContent`) — while leaving
out tracked deletions (`w:delText`) and the `mc:Fallback` copy of a text box (which repeats the
`mc:Choice` copy).  For .html/.htm files it drops <head>, <script>, <style> and comments, strips the
remaining tags and decodes entities.  Then it verifies that the title, every heading and every
lead of the manifest occur in the text in document order, ignoring whitespace (incl. CR, U+000B,
U+3000 and NBSP) and Markdown emphasis marks (`__`, `**`).
Run: python tests/blind6/check.py

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
