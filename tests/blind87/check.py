"""Check the blind87 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` and `utf-16` must start with a BOM, every other codec must not.
The .txt files are read as they are: r09 and r13 in UTF-8, r08 (CRLF) in UTF-8 with a BOM
(`utf-8-sig`), r01 (CRLF) in GBK, r11 (one line, no line break) in GB18030, r03 (CRLF) in UTF-16 LE
with a BOM (`utf-16`).  The .md files (r05, r12) are UTF-8.  The .html files (r06, a city bureau's
portal page, and r10, a 范文 site's page) have <head>, <script>, <style> and comments dropped, tags
stripped (block ends become line breaks) and entities decoded.  r07.mht (a browser-saved page) is
read from its first text/html part (quoted-printable, charset gb2312 read as gb18030).  r04.docx has
`encoding: null` and is read straight from `word/document.xml`.
r02.rtf CANNOT be read here: blindcheck has no RTF reader and decodes it as plain ASCII, so its 31
strings are reported as not found; check them with `python tests/blind87/check_rtf.py`.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind87/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
