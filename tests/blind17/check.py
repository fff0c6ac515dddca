"""Check the blind17 gold against its reports (standard library only).

Adapted from blind16's check.py (reading logic unchanged).  Decodes each report with its manifest
encoding and checks the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every
other codec must not.  The .docx files (r01-r08) have `encoding: null` and are read straight from
the package XML (zipfile + ElementTree): `word/document.xml` in document order, the text of every
`w:t` (`mc:Fallback` copies and `w:delText` left out), `w:br` as a line break.  The walk goes
through every element, so text inside a body-level `w:sdt` content control (r03), a table of
contents `w:sdt` (r08), `w:hyperlink` (r05, r08) and table cells (r02's 版头 and 版记) is read; field
codes (`w:instrText`) and `w:softHyphen` carry no `w:t` and are not read, field results (the cached
page numbers of r08's contents) are.  Comments (`word/comments.xml`), headers and footers live in
other parts and are not read.
.html files (r09-r16): <head>, <script>, <style> and comments are dropped, tags stripped (`<br>`,
`</p>`, `</div>`, `</li>`, `</td>`, `</tr>`, `</h*>` become line breaks) and entities decoded.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, U+2003 from `&emsp;`, NBSP, U+2028, U+2029), zero-width space U+200B, soft hyphen,
the Markdown emphasis marks `**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then
it verifies that the title, every heading and every lead of the manifest occur in the text in
document order.
Run: python tests/blind17/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
