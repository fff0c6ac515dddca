"""Check the blind80 gold against its reports (standard library only).

Copied from blind72's check.py (reading logic unchanged; only this docstring adapted); it calls the
shared verifier `tests/blindcheck.py`.  Decodes each report with its manifest encoding and checks
the BOM (or its absence): `utf-8-sig` must start with a BOM, every other codec must not.
The set is 13 pages saved from government and Party web portals.  The .html/.htm files (r01, r02,
r05-r08, r10-r13) have <head>, <script>, <style> and comments dropped, tags stripped (block ends
become line breaks) and entities decoded, so titles are read from the page body, not from <title>;
r02.htm is GBK (its page declares charset=gb2312), r10.htm UTF-8 with CRLF, the others UTF-8.
The .txt files are read as they are: r04 in UTF-8 with a BOM and CRLF, r09 in GB18030.
r03.mht is an MHTML file (one text/html part, quoted-printable, charset gb2312): this verifier
reads it as plain ASCII and therefore cannot find its 30 strings; the README says how they were
verified instead (decode the MIME part, then the same html and normalisation steps).

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
LF, TAB, U+3000, NBSP from `&nbsp;`), zero-width space, soft hyphen, the Markdown emphasis marks
`**` `__` and footnote reference marks `[1]`..`[99]` are ignored.  Then it verifies that the title,
every heading and every lead of the manifest occur in the text in document order.
Run: python tests/blind80/check.py [-v]   (-v also prints each file's Han character count)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import main  # noqa: E402  (the shared verifier: tests/blindcheck.py)

if __name__ == '__main__':
    sys.exit(main(HERE))
