"""Check the blind3 gold against its reports (standard library only).

Decodes each report with its manifest encoding (and checks the BOM), strips HTML tags and
entities from .html files, then verifies that the title, every heading and every lead of the
manifest occur in the text in document order, ignoring whitespace, ZWSP (U+200B), soft hyphens
(U+00AD) and Markdown emphasis marks (`__`).  Run: python tests/blind3/check.py

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
