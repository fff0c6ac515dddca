"""Check the blind5 gold against its reports (standard library only, plus python-docx for .docx).

Decodes each report with its manifest encoding (and checks the BOM, or its absence); reads .docx
files with python-docx, walking the document body in order and taking the paragraphs of both
top-level paragraphs and table cells (no headers/footers); for .html files drops <head>, <script>,
<style> and comments, strips the remaining tags and decodes entities.  Then verifies that the
title, every heading and every lead of the manifest occur in the text in document order, ignoring
whitespace (incl. CR, U+3000 and NBSP) and Markdown emphasis marks (`__`, `**`).
Run: python tests/blind5/check.py
"""
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOMS = {'utf-8-sig': b'\xef\xbb\xbf', 'utf-16': (b'\xff\xfe', b'\xfe\xff')}


def norm(s):
    return re.sub(r'[\s\u200b\u00ad\u3000\u00a0]|__|\*\*', '', s)


def read_docx(path):
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        return None
    doc = docx.Document(path)
    out = []

    def walk(parent_elm, parent):
        for child in parent_elm.iterchildren():
            tag = child.tag.rsplit('}', 1)[-1]
            if tag == 'p':
                out.append(Paragraph(child, parent).text)
            elif tag == 'tbl':
                table = Table(child, parent)
                for row in table.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell._tc, cell)
    walk(doc.element.body, doc)
    return '\n'.join(out)


def load(rep):
    path = os.path.join(HERE, 'reports', rep['file'])
    problems = []
    if rep['file'].endswith('.docx'):
        text = read_docx(path)
        if text is None:
            return None, ['python-docx not installed: skipped']
        return norm(text), problems
    with open(path, 'rb') as fh:
        raw = fh.read()
    enc = rep['encoding']
    if enc in BOMS and not raw.startswith(BOMS[enc]):
        problems.append('missing BOM')
    if enc not in BOMS and (raw.startswith(b'\xef\xbb\xbf') or raw.startswith(b'\xff\xfe')):
        problems.append('unexpected BOM')
    text = raw.decode(enc)
    if rep['file'].endswith(('.html', '.htm')):
        text = re.sub(r'(?is)<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->', '', text)
        text = re.sub(r'<[^>]+>', '', text)
        text = html.unescape(text)
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
        if text is None:
            for p in problems:
                print(rep['file'], p)
            continue
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
