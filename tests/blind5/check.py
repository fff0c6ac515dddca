"""Check the blind5 gold against its reports (standard library only, plus python-docx for .docx).

Decodes each report with its manifest encoding (and checks the BOM, or its absence); reads .docx
files with python-docx, walking the document body in order and taking the paragraphs of both
top-level paragraphs and table cells (no headers/footers); for .html files drops <head>, <script>,
<style> and comments, strips the remaining tags and decodes entities.  Then verifies that the
title, every heading and every lead of the manifest occur in the text in document order, ignoring
whitespace (incl. CR, U+3000 and NBSP) and Markdown emphasis marks (`__`, `**`).
Run: python tests/blind5/check.py

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
