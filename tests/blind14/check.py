"""Check the blind14 gold against its reports (standard library only).

Adapted from blind13's check.py.  Decodes each report with its manifest encoding and checks the
BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not
(r08 is Big5).  The .docx file (r05) has `encoding: null` and is read straight from the package
XML (zipfile + ElementTree): `word/document.xml` in document order, the text of every `w:t`
(table cells included; `mc:Fallback` copies and `w:delText` left out).  .html files (r03, r14 are
Word "Web page" exports): <head>, <script>, <style> and comments are dropped, tags stripped (so
`<o:p>`, `<![if ...]>` and the `<span>` fragments inside words vanish) and entities decoded.  .md
and .txt files are taken as they are.

Both the text and the gold strings are NFKC-normalised before comparison (so `Ⅰ` = `I`, `㈠` =
`(一)`, `⑴` = `(1)`, `（` = `(`); whitespace (incl. CR, LF, TAB, U+3000, NBSP, U+2028, U+2029),
zero-width space U+200B, soft hyphen, the Markdown emphasis marks `**` `__` and footnote reference
marks `[1]`..`[99]` are ignored -- so a gold string matches text that OCR or a line wrap broke
across lines or spaced out (r01, r09, r13, r18) and a lead carrying a footnote mark (r03).  OCR
damage is NOT repaired: `—` stays `—`, `o` stays `o`; the gold strings carry the damage as the
file has it.  Then it verifies that the title, every heading and every lead of the manifest occur
in the text in document order.
Run: python tests/blind14/check.py [-v]   (-v also prints each file's Han character count)

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
