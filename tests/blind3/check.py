"""Check the blind3 gold against its reports (standard library only).

Decodes each report with its manifest encoding (and checks the BOM), strips HTML tags and
entities from .html files, then verifies that the title, every heading and every lead of the
manifest occur in the text in document order, ignoring whitespace, ZWSP (U+200B), soft hyphens
(U+00AD) and Markdown emphasis marks (`__`).  Run: python tests/blind3/check.py
"""
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOMS = {'utf-8-sig': b'\xef\xbb\xbf', 'utf-16': (b'\xff\xfe', b'\xfe\xff')}


def norm(s):
    return re.sub(r'[\s\u200b\u00ad\u3000]|__', '', s)


def load(rep):
    with open(os.path.join(HERE, 'reports', rep['file']), 'rb') as fh:
        raw = fh.read()
    enc = rep['encoding']
    problems = []
    if enc in BOMS and not raw.startswith(BOMS[enc]):
        problems.append('missing BOM')
    if enc not in BOMS and (raw.startswith(b'\xef\xbb\xbf') or raw.startswith(b'\xff\xfe')):
        problems.append('unexpected BOM')
    text = raw.decode(enc)
    if rep['file'].endswith('.html'):
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
    print(f'{total} strings, {bad} not found in order')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
