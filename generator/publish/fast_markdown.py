"""MkDocs hook (``hooks:`` in mkdocs.yml): render the generator's own Markdown quickly.

Generated pages are Markdown (see :mod:`generator.site.markdown`), written in a small, regular
subset: raw HTML widget blocks, ``#`` headings and paragraphs with a closing attribute list,
pipe tables, and inline backslash escapes, entities, ``**strong**``, ``<span>`` and links
with a title and an attribute list. Python-Markdown renders that subset correctly but spends
most of a 10,000-report build in its general machinery (HTML block parsing, inline pattern
passes, MkDocs' guesses for every link). Pages whose front matter says ``generated: true`` are
rendered here in one linear pass instead; anything outside the subset makes the page fall back
to Python-Markdown untouched, so the hook can only change speed, never meaning. A test builds
the seeds with and without this hook and compares every page's content element by element.
"""

from __future__ import annotations

import posixpath
import re
from html import escape, unescape
from typing import Any

from mkdocs.utils import get_relative_url

_PLACEHOLDER = "ARCHIVEFASTMARKDOWNPLACEHOLDER"
_stash: dict[str, str] = {}
_resolved: dict[tuple[str, str], str] = {}
_ESCAPABLE = set("\\`*_{}[]()#+-.!|")
_ATTR_LINE = re.compile(r"^\{: (.*) \}$")
_HEADING = re.compile(r"^(#{1,6}) (.*?)(?: \{: ([^{}\n]*) \})? *$")
_ATTR = re.compile(r'#([\w-]+)|\.([\w-]+)|([\w-]+)="([^"]*)"')
_LINK = re.compile(r'\[((?:\\.|[^\\\]\[])*)\]\(([^ ()"]*)(?: "((?:\\.|[^"\\])*)")?\)'
                   r"(?:\{: ([^{}\n]*) \})?")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_BLOCK_TAG = re.compile(r"<(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|"
                        r"footer|form|h[1-6]|header|hr|nav|ol|p|pre|section|table|ul)[\s>]")
_SPECIAL = re.compile(r"[\\\\&<*\[\]_`>]")
_SPAN = re.compile(r'<span class="[\w -]+">|</span>')


class Unsupported(Exception):
    """The page uses Markdown outside the generator's subset: let Python-Markdown have it."""


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    if not page.meta.get("generated"):
        return markdown
    try:
        html = render(markdown, lambda path: _resolve(path, page, files))
    except Unsupported:
        return markdown
    _stash[page.file.src_uri] = html
    return _PLACEHOLDER


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    rendered = _stash.pop(page.file.src_uri, None)
    if rendered is None:
        return html
    return html.replace(f"<p>{_PLACEHOLDER}</p>", rendered, 1)


def _resolve(url: str, page: Any, files: Any) -> str:
    """A link to a docs file, as MkDocs rewrites it: relative to the page's URL."""
    path, _, fragment = url.partition("#")
    if not path or ":" in path or path.startswith("/"):
        return url  # same page, another scheme, or absolute: MkDocs leaves these alone
    # Pages of one folder at one URL depth link alike (report pages share thousands of
    # targets), except to themselves.
    src = page.file.src_uri
    key = (posixpath.dirname(src), page.file.dest_uri.count("/"), path)
    rel = _resolved.get(key)
    if rel is None or posixpath.normpath(posixpath.join(key[0], path)) == src:
        file = files.get_file_from_path(posixpath.normpath(posixpath.join(key[0], path)))
        if file is None:
            raise Unsupported(url)  # MkDocs reports the broken link
        rel = get_relative_url(file.url, page.file.url)
        if file is not page.file:
            _resolved[key] = rel
    return rel + (f"#{fragment}" if fragment else "")


def render(markdown: str, resolve: Any = lambda url: url) -> str:
    """HTML of a page in the generator's Markdown subset (raises :class:`Unsupported`)."""
    out = []
    for block in re.split(r"\n{2,}", markdown.strip("\n")):
        if _BLOCK_TAG.match(block):
            out.append(block.strip())
        elif block.startswith("#"):
            out.append(_heading(block, resolve))
        elif block.startswith("|"):
            out.append(_table(block, resolve))
        elif block.strip():
            out.append(_paragraph(block, resolve))
    return "\n".join(out)


def _heading(block: str, resolve: Any) -> str:
    m = _HEADING.match(block)
    if m is None or "\n" in block:
        raise Unsupported(block[:40])
    if "#" not in (m.group(3) or ""):
        raise Unsupported("heading without an id")  # MkDocs' toc extension would make one
    tag = f"h{len(m.group(1))}"
    return f"<{tag}{_attrs(m.group(3))}>{_inline(m.group(2).rstrip(), resolve)}</{tag}>"


def _paragraph(block: str, resolve: Any) -> str:
    lines = block.split("\n")
    attrs = ""
    m = _ATTR_LINE.match(lines[-1])
    if m and len(lines) > 1:
        attrs, lines = _attrs(m.group(1)), lines[:-1]
    for line in lines:
        if line[:1] in ("-", "+", ">", " ", "\t", "=") or re.match(r"\d+[.)]", line):
            raise Unsupported(line[:40])
    return f"<p{attrs}>{_inline(chr(10).join(lines), resolve)}</p>"


def _table(block: str, resolve: Any) -> str:
    rows = [_cells(line) for line in block.split("\n")]
    if len(rows) < 2 or not all(set(c) <= set("-: ") for c in rows[1]):
        raise Unsupported("table")
    head = "".join(f"<th>{_inline(c, resolve)}</th>" for c in rows[0])
    body = "\n".join("<tr>\n" + "\n".join(f"<td>{_inline(c, resolve)}</td>" for c in r)
                     + "\n</tr>" for r in rows[2:])
    return (f"<table>\n<thead>\n<tr>\n{head}\n</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n"
            "</table>")


def _cells(line: str) -> list[str]:
    line = line.rstrip(" ")
    if not (line.startswith("|") and line.endswith("|")):
        raise Unsupported(line[:40])
    cells, cur, i = [], [], 1
    while i < len(line) - 1:
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) - 1:
            cur.append(line[i:i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur).strip())
    return cells


def _attrs(spec: str | None) -> str:
    if not spec:
        return ""
    ids, classes, other = [], [], []
    for m in _ATTR.finditer(spec):
        if m.group(1):
            ids.append(m.group(1))
        elif m.group(2):
            classes.append(m.group(2))
        else:
            other.append((m.group(3), m.group(4)))
    parts = [f' class="{" ".join(classes)}"'] if classes else []
    parts += [f' {k}="{escape(v)}"' for k, v in other]
    parts += [f' id="{ids[-1]}"'] if ids else []
    return "".join(parts)


def _inline(text: str, resolve: Any) -> str:
    """Escapes, entities, ``**strong**``, ``<span>`` and links, in one left-to-right pass."""
    out: list[str] = []
    i, n, strong = 0, len(text), False
    while i < n:
        m = _SPECIAL.search(text, i)
        if m is None:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        i = m.start()
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE:
            out.append(escape(text[i + 1], quote=False))
            i += 2
        elif ch == "&":
            m = _ENTITY.match(text, i)
            out.append(m.group() if m else "&amp;")
            i = m.end() if m else i + 1
        elif ch == "<":
            m = _SPAN.match(text, i)
            if m is None:
                raise Unsupported(text[i:i + 20])
            out.append(m.group())
            i = m.end()
        elif text.startswith("**", i):
            out.append("</strong>" if strong else "<strong>")
            strong = not strong
            i += 2
        elif ch == "[":
            m = _LINK.match(text, i)
            if m is None:
                raise Unsupported(text[i:i + 20])
            out.append(_link(m, resolve))
            i = m.end()
        else:  # a lone \\, or * _ ` ] > outside the subset
            raise Unsupported(text[i:i + 20])
    if strong:
        raise Unsupported("unclosed **")
    return "".join(out)


def _link(m: re.Match[str], resolve: Any) -> str:
    href = escape(resolve(m.group(2)))
    title = f' title="{escape(_unescape(m.group(3)))}"' if m.group(3) is not None else ""
    return (f'<a{_attrs(m.group(4))} href="{href}"{title}>'
            f"{_inline(m.group(1), lambda u: u)}</a>")


def _unescape(text: str) -> str:
    """A link title's text: backslash escapes resolved, entities decoded."""
    return unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text))
