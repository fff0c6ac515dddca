"""Check the blind10 gold against its reports (standard library only).

Decodes each report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig`
and `utf-16` must start with a BOM, every other codec must not.  Container formats have
`encoding: null` and are opened with their own rules:

- .docx: read straight from the package XML (zipfile + ElementTree, python-docx is not needed):
  `word/document.xml` in document order, the text of every `w:t` (text boxes included, `mc:Fallback`
  copies and `w:delText` left out; `w:br`/`w:cr` are line breaks).  A `w:altChunk` (r11: the whole
  report is an embedded HTML part, as OA systems export it) is replaced, in place, by the text of the
  part it points to (decoded with the charset the part declares, tags stripped as for .html).
- .mht (r12, a web page saved as a single file by a browser): parsed as a MIME message with the
  `email` package; the text/html part is taken, its quoted-printable transfer encoding undone and its
  bytes decoded with the part's charset; then as .html.
- .rtf (r15): a small RTF reader: groups of the destinations `fonttbl`, `colortbl`, `stylesheet`,
  `info`, `header*`, `footer*`, `pict` and every `{\\*\\…}` group are skipped; `\\'hh` bytes are decoded
  with the code page of `\\ansicpgN`; `\\uN` gives the character N and skips `\\ucN` fallback characters;
  `\\par`, `\\line` are line breaks, `\\tab` a tab.
- .html: a script that assigns `window.__INITIAL_STATE__ = {…}` (r13, a server-side-rendered news
  page whose visible body is empty until the script runs) is replaced by the `title` and `content`
  of its `article` object (JSON; `content` is HTML); then <head>, remaining <script>, <style> and
  comments are dropped, tags stripped and entities decoded.
- .txt: BBCode tags (`[b]`, `[/b]`, `[size=4]`, `[color=#…]`, `[align=center]`, `[list=1]`, `[*]`,
  `[quote]`, `[font=…]`, `[url=…]`, `[hr]`, `[attach]…[/attach]`; r14) are dropped.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
U+3000, NBSP, U+2028, U+2029) and the Markdown emphasis marks `**` `__` are ignored.  Then it
verifies that the title, every heading and every lead of the manifest occur in the text in
document order.
Run: python tests/blind10/check.py
"""
import email
import html
import json
import os
import posixpath
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from email import policy

HERE = os.path.dirname(os.path.abspath(__file__))
BOMS = {'utf-8-sig': (b'\xef\xbb\xbf',), 'utf-16': (b'\xff\xfe', b'\xfe\xff')}
ANY_BOM = (b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff')
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
MC = '{http://schemas.openxmlformats.org/markup-compatibility/2006}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
PR = '{http://schemas.openxmlformats.org/package/2006/relationships}'
BBCODE = (r'\[/?(?:b|i|u|s|size|color|font|align|list|quote|url|hr|indent|backcolor|p|attach|img)'
          r'(?:=[^\]\n]*)?\]|\[\*\]')


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return re.sub(r'[\s\u200b\u00ad\u3000\u00a0\u2028\u2029]|__|\*\*', '', s)


def html_charset(raw):
    m = re.search(rb'charset\s*=\s*["\']?([\w-]+)', raw[:2000], re.I)
    return m.group(1).decode('ascii') if m else 'utf-8'


def html_text(text):
    def ssr(m):
        dec = json.JSONDecoder()
        obj, _ = dec.raw_decode(m.group(1).strip())
        art = obj['article']
        return '<h1>' + art['title'] + '</h1>\n' + art['content']
    text = re.sub(r'(?is)<script\b[^>]*>\s*window\.__INITIAL_STATE__\s*=\s*(.*?)</script>', ssr, text)
    text = re.sub(r'(?is)<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->', '', text)
    text = re.sub(r'(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>|</tr>', '\n', text)
    text = re.sub(r'<[^>]+>', '', text)
    return html.unescape(text)


def read_docx(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read('word/document.xml'))
        rels = ET.fromstring(z.read('word/_rels/document.xml.rels'))
        targets = {r.get('Id'): r.get('Target') for r in rels.iter(PR + 'Relationship')}
        out = []

        def walk(el):
            tag = el.tag
            if tag == MC + 'Fallback' or tag == W + 'delText':
                return
            if tag == W + 'altChunk':
                target = targets[el.get(R + 'id')].lstrip('/')
                name = target if target.startswith('word/') else posixpath.join('word', target)
                raw = z.read(name)
                out.append(html_text(raw.decode(html_charset(raw))))
                return
            if tag == W + 't' and el.text:
                out.append(el.text)
            elif tag == W + 'tab':
                out.append('\t')
            elif tag in (W + 'br', W + 'cr'):
                out.append('\n')
            for child in el:
                walk(child)
            if tag == W + 'p':
                out.append('\n')
        walk(root.find(W + 'body'))
    return ''.join(out)


def read_mht(raw):
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == 'text/html':
            data = part.get_payload(decode=True)
            return html_text(data.decode(part.get_content_charset() or html_charset(data)))
    raise ValueError('no text/html part')


SKIP_DEST = {'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'header', 'headerl', 'headerr',
             'headerf', 'footer', 'footerl', 'footerr', 'footerf', 'listtable', 'listoverridetable'}


def read_rtf(raw):
    s = raw.decode('latin-1')
    m = re.search(r'\\ansicpg(\d+)', s)
    cp = 'cp' + m.group(1) if m else 'cp1252'
    out, pending = [], bytearray()
    stack, skip, uc, to_skip = [], False, 1, 0
    tok = re.compile(r"\\'([0-9a-fA-F]{2})|\\([a-zA-Z]+)(-?\d+)? ?|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.S)

    def flush():
        if pending:
            out.append(pending.decode(cp))
            pending.clear()
    i = 0
    for m in tok.finditer(s):
        hexb, word, arg, sym, brace, txt = m.groups()
        if to_skip and (hexb or txt):
            if txt:
                n = min(to_skip, len(txt))
                to_skip -= n
                txt = txt[n:]
                if not txt:
                    continue
            else:
                to_skip -= 1
                continue
        if brace == '{':
            stack.append((skip, uc))
            i = m.end()
            continue
        if brace == '}':
            flush()
            skip, uc = stack.pop() if stack else (False, 1)
            continue
        if skip:
            continue
        if hexb:
            pending += bytes([int(hexb, 16)])
            continue
        flush()
        if word:
            if word in SKIP_DEST and m.start() == i:
                skip = True
            elif word == 'uc':
                uc = int(arg or 1)
            elif word == 'u':
                n = int(arg)
                out.append(chr(n + 65536 if n < 0 else n))
                to_skip = uc
            elif word in ('par', 'line', 'sect', 'page'):
                out.append('\n')
            elif word == 'tab':
                out.append('\t')
        elif sym:
            if sym == '*' and m.start() == i:
                skip = True
            elif sym in '\\{}':
                out.append(sym)
            elif sym == '~':
                out.append('\u00a0')
        elif txt:
            out.append(txt)
    flush()
    return ''.join(out)


def load(rep):
    path = os.path.join(HERE, 'reports', rep['file'])
    problems = []
    ext = rep['file'].rsplit('.', 1)[1]
    if ext == 'docx':
        return norm(read_docx(path)), problems
    with open(path, 'rb') as fh:
        raw = fh.read()
    if ext == 'mht':
        return norm(read_mht(raw)), problems
    if ext == 'rtf':
        return norm(read_rtf(raw)), problems
    enc = rep['encoding']
    if enc in BOMS and not raw.startswith(BOMS[enc]):
        problems.append('missing BOM')
    if enc not in BOMS and raw.startswith(ANY_BOM):
        problems.append('unexpected BOM')
    text = raw.decode(enc)
    if ext in ('html', 'htm'):
        text = html_text(text)
    if ext == 'txt':
        text = re.sub(BBCODE, '', text)
    return norm(text), problems


def strings(rep):
    if rep.get('title'):
        yield 'title', rep['title']
    for s in rep['sections']:
        if s['heading']:
            yield 'heading', s['heading']
        for ss in s['subsections']:
            if ss['heading']:
                yield 'subheading', ss['heading']
            for p in ss['points']:
                yield 'lead', p
        for p in s['points']:
            yield 'lead', p


def main():
    with open(os.path.join(HERE, 'manifest.json'), encoding='utf-8') as fh:
        man = json.load(fh)
    bad = total = 0
    for rep in man['reports']:
        text, problems = load(rep)
        pos = 0
        for kind, s in strings(rep):
            total += 1
            i = text.find(norm(s), pos)
            if i < 0:
                bad += 1
                j = text.find(norm(s))
                problems.append(f"{kind} {'out of order' if j >= 0 else 'not found'}: {s}")
            else:
                pos = i + len(norm(s))
        for p in problems:
            print(rep['file'], p)
    print(f"{len(man['reports'])} reports, {total} strings, {bad} not found in order")
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
