"""Check the blind9 gold against its reports (standard library only).

Decodes each report with its manifest encoding and checks the BOM (or its absence): `utf-8-sig`
and `utf-16` must start with a BOM, every other codec must not.  Reads .docx files straight from
the package XML (zipfile + ElementTree, python-docx is not needed): first the text of the
first-page header (`w:headerReference w:type="first"`, r08 has its title there only), then
`word/document.xml` in document order, taking the text of every `w:t` — text boxes (`w:txbxContent`)
included — while leaving out `mc:Fallback` copies (the VML duplicate of a text box) and tracked
deletions (`w:delText`); `w:br` and `w:cr` are line breaks.  For .html files it first drops the
anti-copy decoys (r06: elements whose inline style says `display:none` or `font-size:0`, and
elements of a class that the page's own `<style>` hides), then <head>, <script>, <style> and
comments, strips the remaining tags and decodes entities.  For .txt files e-mail quote marks
(`>` at the start of a line, r10) are dropped.

Both the text and the gold strings are NFKC-normalised before comparison; whitespace (incl. CR,
U+3000, NBSP, U+2028, U+2029) and the Markdown emphasis marks `**` `__` are ignored.  Then it
verifies that the title, every heading and every lead of the manifest occur in the text in
document order.
Run: python tests/blind9/check.py
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
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
PR = '{http://schemas.openxmlformats.org/package/2006/relationships}'


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return re.sub(r'[\s\u200b\u00ad\u3000\u00a0\u2028\u2029]|__|\*\*', '', s)


def xml_text(root):
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
    walk(root)
    return ''.join(out)


def read_docx(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read('word/document.xml'))
        rels = ET.fromstring(z.read('word/_rels/document.xml.rels'))
        targets = {r.get('Id'): r.get('Target') for r in rels.iter(PR + 'Relationship')}
        parts = []
        for ref in root.iter(W + 'headerReference'):
            if ref.get(W + 'type') == 'first':
                parts.append(xml_text(ET.fromstring(z.read('word/' + targets[ref.get(R + 'id')]))))
                break
    parts.append(xml_text(root.find(W + 'body')))
    return ''.join(parts)


def drop_hidden(text):
    hidden_classes = set()
    for css in re.findall(r'(?is)<style\b[^>]*>(.*?)</style>', text):
        for sel, body in re.findall(r'([^{}]+)\{([^}]*)\}', css):
            if re.search(r'display\s*:\s*none|font-size\s*:\s*0(?![.\d]*[1-9])', body):
                hidden_classes.update(re.findall(r'\.([\w-]+)', sel))
    pat_style = r'style="[^"]*(?:display\s*:\s*none|font-size\s*:\s*0(?:px)?\s*[;"])[^"]*"'
    pat_class = r'class="(?:{})"'.format('|'.join(map(re.escape, hidden_classes))) if hidden_classes else None
    for pat in (pat_style, pat_class):
        if pat:
            text = re.sub(r'(?is)<(\w+)\b[^>]*' + pat + r'[^>]*>.*?</\1>', '', text)
    return text


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
        text = drop_hidden(text)
        text = re.sub(r'(?is)<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->', '', text)
        text = re.sub(r'<[^>]+>', '', text)
        text = html.unescape(text)
    if rep['file'].endswith('.txt'):
        text = re.sub(r'(?m)^[ \t]*(?:>[ \t]?)+', '', text)
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
