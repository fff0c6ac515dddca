"""The blind sets' gold verifier (standard library only), shared by their ``check.py``.

Decodes each report of ``<set>/manifest.json`` with its manifest encoding and checks the BOM
(or its absence): ``utf-8-sig`` and ``utf-16`` must start with a BOM, every other codec must
not. .txt and .md files are read as they are; .docx files (``encoding: null``) straight from
``word/document.xml`` (``mc:Fallback`` copies and ``w:delText`` left out, ``w:br`` as a line
break); .html files with <head>, <script>, <style> and comments dropped, tags stripped (block
ends become line breaks) and entities decoded. Text and gold strings are NFKC-normalised;
whitespace, zero-width spaces, soft hyphens, ``**`` / ``__`` and footnote marks ``[1]``..``[99]``
are ignored. Then every title, heading and lead must occur in the text in document order.

Each set's ``check.py`` (``python tests/blindN/check.py [-v]``) calls :func:`main` with its folder;
its docstring says how that set's files are laid out. Blind writers copied blind18's verifier
unchanged into every set; the copies were folded into this module in session 18.
"""
import email
import html
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

BOMS = {'utf-8-sig': (b'\xef\xbb\xbf',), 'utf-16': (b'\xff\xfe', b'\xfe\xff')}
ANY_BOM = (b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff')
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
MC = '{http://schemas.openxmlformats.org/markup-compatibility/2006}'


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return re.sub(r'[\s\u200b\u00ad\u3000\u00a0\u2028\u2029]|__|\*\*|\[\d{1,2}\]', '', s)


def html_text(text):
    text = re.sub(r'(?is)<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->', '', text)
    text = re.sub(r'(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>|</td>|</tr>|</section>', '\n', text)
    text = re.sub(r'<[^>]+>', '', text)
    return html.unescape(text)


def read_docx(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read('word/document.xml'))
    out = []

    def walk(el):
        tag = el.tag
        if tag == MC + 'Fallback' or tag == W + 'delText':
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


def load(rep, here):
    path = os.path.join(here, 'reports', rep['file'])
    problems = []
    ext = rep['file'].rsplit('.', 1)[1]
    if ext == 'docx':
        return norm(read_docx(path)), problems
    with open(path, 'rb') as fh:
        raw = fh.read()
    enc = rep['encoding']
    if enc in BOMS and not raw.startswith(BOMS[enc]):
        problems.append('missing BOM')
    if enc not in BOMS and raw.startswith(ANY_BOM):
        problems.append('unexpected BOM')
    if ext in ('mht', 'mhtml'):  # a saved web archive: its first text/html part
        part = next(p for p in email.message_from_bytes(raw).walk()
                    if p.get_content_type() == 'text/html')
        charset = (part.get_content_charset() or 'utf-8').replace('gb2312', 'gb18030')
        return norm(html_text(part.get_payload(decode=True).decode(charset))), problems
    text = raw.decode(enc)
    if ext in ('html', 'htm'):
        text = html_text(text)
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


def main(here):
    verbose = '-v' in sys.argv
    with open(os.path.join(here, 'manifest.json'), encoding='utf-8') as fh:
        man = json.load(fh)
    bad = total = 0
    for rep in man['reports']:
        text, problems = load(rep, here)
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
        if verbose:
            print(rep['file'], len(re.findall(r'[\u4e00-\u9fff]', text)), 'Han characters')
    print(f"{len(man['reports'])} reports, {total} strings, {bad} not found in order")
    return 1 if bad else 0

