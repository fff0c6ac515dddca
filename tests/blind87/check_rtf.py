"""Check blind87's RTF report(s) against the gold (standard library only).

tests/blindcheck.py (which check.py calls) has no RTF reader: it decodes r02.rtf as plain ASCII,
so the \\'xx GBK escapes never match and check.py reports r02's 31 strings as not found.  This
script reads each .rtf of the manifest with a minimal RTF reader (groups, control words, \\'xx
bytes decoded with the \\ansicpg code page, \\uN with \\uc skipping, \\par / \\line as line breaks,
\\fonttbl / \\colortbl / \\stylesheet / \\info and \\* destinations skipped) and then runs the same
normalisation and in-order search as blindcheck.  Run: python tests/blind87/check_rtf.py
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from blindcheck import norm, strings  # noqa: E402

SKIP = {'fonttbl', 'colortbl', 'stylesheet', 'info', 'generator', 'pict', 'header', 'footer'}
TOKEN = re.compile(rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.S)


def rtf_text(raw):
    cp = 'cp1252'
    m = re.search(rb'\\ansicpg(\d+)', raw)
    if m:
        cp = 'cp' + m.group(1).decode()
    out, buf = [], bytearray()
    stack, skip, uc, pending = [], False, 1, 0

    def flush():
        if buf:
            out.append(buf.decode(cp, errors='replace'))
            buf.clear()
    for t in TOKEN.finditer(raw):
        word, arg, hexb, sym, brace, txt = t.groups()
        if brace == b'{':
            stack.append((skip, uc))
            continue
        if brace == b'}':
            flush()
            skip, uc = stack.pop() if stack else (False, 1)
            continue
        if pending and (hexb or txt):
            pending -= 1
            if txt and len(txt) > 1:
                txt = txt[1:]
            else:
                continue
        if word:
            w = word.decode()
            if w in SKIP:
                skip = True
            elif w == 'uc':
                uc = int(arg)
            elif w == 'u' and not skip:
                flush()
                n = int(arg)
                out.append(chr(n + 65536 if n < 0 else n))
                pending = uc
            elif w in ('par', 'line') and not skip:
                flush()
                out.append('\n')
            elif w == 'tab' and not skip:
                flush()
                out.append('\t')
        elif sym:
            if sym == b'*':
                skip = True
            elif not skip and sym in b'\\{}':
                buf.extend(sym)
        elif hexb and not skip:
            buf.append(int(hexb, 16))
        elif txt and not skip:
            buf.extend(txt)
    flush()
    return ''.join(out)


def main():
    with open(os.path.join(HERE, 'manifest.json'), encoding='utf-8') as fh:
        man = json.load(fh)
    bad = total = 0
    for rep in man['reports']:
        if not rep['file'].endswith('.rtf'):
            continue
        with open(os.path.join(HERE, 'reports', rep['file']), 'rb') as fh:
            text = norm(rtf_text(fh.read()))
        pos = 0
        for kind, s in strings(rep):
            total += 1
            i = text.find(norm(s), pos)
            if i < 0:
                bad += 1
                print(rep['file'], kind, 'not found in order:', s)
            else:
                pos = i + len(norm(s))
        if '-v' in sys.argv:
            print(rep['file'], len(re.findall(r'[\u4e00-\u9fff]', text)), 'Han characters')
    print(f'rtf: {total} strings, {bad} not found in order')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
