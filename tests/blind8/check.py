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
"""
import html
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BOMS = {'utf-8-sig': (b'\xef\xbb\xbf',), 'utf-16': (b'\xff\xfe', b'\xfe\xff')}
ANY_BOM = (b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff')
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
MC = '{http://schemas.openxmlformats.org/markup-compatibility/2006}'


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return re.sub(r'[\s\u200b\u00ad\u3000\u00a0\u2028\u2029]|__|\*\*|==', '', s)


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


def load(rep):
    path = os.path.join(HERE, 'reports', rep['file'])
    problems = []
    if rep['file'].endswith('.docx'):
        return norm(read_docx(path)), problems
    with open(path, 'rb') as fh:
        raw = fh.read()
    enc = rep['encoding']
    if enc in BOMS and not raw.startswith(BOMS[enc]):
        problems.append('missing BOM')
    if enc not in BOMS and raw.startswith(ANY_BOM):
        problems.append('unexpected BOM')
    text = raw.decode(enc)
    if rep['file'].endswith(('.html', '.htm')):
        text = re.sub(r'(?is)<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->', '', text)
        text = re.sub(r'<[^>]+>', '', text)
        text = html.unescape(text)
    if rep['file'].endswith('.md'):
        text = re.sub(r'~~.*?~~', '', text, flags=re.S)
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
