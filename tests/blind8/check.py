"""Check the blind8 gold against its reports (standard library only).

Decodes each report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig`
and `utf-16` must start with a BOM (`utf-16` accepts FF FE and FE FF, r04 is big-endian), every
other codec must not (r12 is `utf-16-le` without BOM).  Reads .docx files straight from the
package XML (zipfile + ElementTree, python-docx is not needed): it walks `word/document.xml` in
document order and takes the text of every `w:t` — in tables, content controls (`w:sdt`) and runs
with hidden formatting (`w:vanish`) too — while leaving out tracked deletions (`w:delText`) and
`mc:Fallback` copies.  For .html/.htm files it drops <head>, <script>, <style> and comments, strips
the remaining tags and decodes entities.  For .md files it drops `~~…~~` strike-through spans
(deleted text kept in the copy) and the emphasis marks `**`, `__`, `==`.

Both the text and the gold strings are NFKC-normalised before comparison, so the Kangxi radicals
of r09 (`⼀` U+2F00, `⽅⾯` …) and the small-form punctuation of r10 (`﹑` U+FE51, `﹙﹚`) compare equal to
the ordinary characters the gold is written in; traditional-script gold (r10) is written in the
file's own script.  Whitespace (incl. CR, U+000B, U+3000, NBSP, U+2028, U+2029) is ignored.
Then it verifies that the title, every heading and every lead of the manifest occur in the text in
document order.
Run: python tests/blind8/check.py

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
