"""Markdown output: escaping corpus text, attribute lists, and the Markdown template environment.

Generated pages are Markdown a person can read (headings as ``##``, a point as a paragraph that
begins with its number and its ``**lead**``, passage ids as ``{: #p-xxxxxx }`` attribute lists).
Corpus text is untrusted: :func:`escape` is the one function that puts it into Markdown, so that
Markdown, HTML and template syntax in a report render as the characters they are.

Two contexts exist on a page and must not be mixed: Markdown text (escaped here) and small raw
HTML widgets (escaped by Jinja's HTML autoescaping in :mod:`generator.site.render`), because
Python-Markdown leaves raw HTML blocks untouched and would show a backslash escape literally.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.site.urls import relative_docs
from generator.taxonomy.index import category_path

#: Python-Markdown's backslash-escapable characters with the extensions in mkdocs.yml
#: (``attr_list``, ``tables``); a backslash before any other character would stay visible.
_BACKSLASHED = "\\`*_{}[]()#+-.!|"
#: HTML syntax is written as entities. Other ASCII punctuation has no meaning with these
#: extensions where escaped text can stand (one line per block, never a whole-line ``===``).
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: C0 controls are not text (Python-Markdown uses STX/ETX internally): they become spaces.
_CONTROLS = {chr(c): " " for c in range(32)}
_BLANK_CONTROLS = str.maketrans(_CONTROLS)
_TABLE = str.maketrans({**_CONTROLS, **{c: "\\" + c for c in _BACKSLASHED}, **_ENTITIES})
_SPACES = re.compile(r"^ +| {2,}")


def escape(text: str) -> str:
    """Corpus text as Markdown inline text that renders back to exactly ``text`` (line breaks,
    control characters and runs of spaces become single spaces: whitespace is not content
    here)."""
    out = str(text).translate(_TABLE)
    if "  " in out or out.startswith(" "):
        out = _SPACES.sub(lambda m: "&#32;" * len(m.group()) if m.start() == 0 else " ", out)
    return out


def strong(text: str) -> str:
    """``**text**``; surrounding whitespace stays outside the markers (Markdown ignores
    ``**`` next to a space), and blank text gets no markers."""
    text = text.translate(_BLANK_CONTROLS)
    core = text.strip()
    if not core:
        return escape(text)
    head, tail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{escape(head)}**{escape(core)}**{escape(tail)}"


_CLASS = re.compile(r"[A-Za-z][\w-]*")


def span(inner: str, *classes: str) -> str:
    """``inner`` (Markdown already escaped by :func:`escape`, :func:`strong` or
    :func:`link`) in an inline ``<span class="...">``: both Python-Markdown and the fast path
    pass the tags through and render what is between them as Markdown. Classes are generated
    names, never corpus text."""
    for c in classes:
        if not _CLASS.fullmatch(c):
            raise ValueError(f"unsafe class name {c!r}")
    return f'<span class="{" ".join(classes)}">{inner}</span>'


def attrs(anchor: str = "", *classes: str, **data: str) -> str:
    """An attribute list, ``{: #anchor .class data-key="value" }``. Values are generated (paths,
    roles, ids), never corpus text; quotes and braces are still refused."""
    parts = [f"#{anchor}"] if anchor else []
    parts += [f".{c}" for c in classes]
    for key, value in data.items():
        if any(ch in value for ch in '"{}\n'):
            raise ValueError(f"unsafe attribute value {value!r}")
        parts.append(f'{key.replace("_", "-")}="{value}"')
    return "{: " + " ".join(parts) + " }"


def link(text: str, url: str, title: str = "", *classes: str) -> str:
    """A Markdown link to a generated URL, with an optional tooltip and classes. The title
    may hold corpus text: escaped, with ``"`` (which would end it) made full-width."""
    tip = f' "{escape(title.replace(chr(34), "＂"))}"' if title else ""
    cls = "{: " + " ".join(f".{c}" for c in classes) + " }" if classes else ""
    return f"[{escape(text)}]({url}{tip}){cls}"


def tidy(text: str) -> str:
    """Template output without trailing spaces (template loops leave them; escaped text never
    ends a line with a space that matters)."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` in a Markdown template is escaped unless it is already Markup."""
    if value is None or isinstance(value, Markup):
        return value if value is not None else ""
    return Markup(escape(str(value)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates that write Markdown (``*.md.j2``): output is Markdown-escaped by default."""
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=False,
                      finalize=_finalize, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    # Links in Markdown point at docs files, relative to the page's own file (as on a code
    # host); MkDocs turns them into the pages' URLs.
    env.filters["rel"] = lambda path, target: Markup(relative_docs(path, target))
    env.globals["cat_path"] = category_path
    env.filters["attrs"] = lambda anchor, *classes, **data: Markup(attrs(anchor, *classes, **data))
    return env
