"""Find an article that a page holds only as data: server-rendered state a script assigns.

Self-media platforms and single-page apps save as an empty skeleton (``<div id="app">`` with
placeholder boxes) plus a script such as ``window.__INITIAL_STATE__ = {…};`` whose JSON holds the
article as an HTML string (``"content": "\\u003Cp\\u003E…"``). Browsers show that text only after
running the page's code. This module never runs a script: it parses JSON literals with
:mod:`json` and returns the one HTML string that is the article, for the HTML reader to read as
the page's body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

#: Keys that name an article's body in the state of the platforms seen.
CONTENT_KEYS = frozenset(("content", "articlecontent", "body", "html", "contenthtml",
                          "articlebody", "richtext", "text"))
#: Subtrees that hold other articles (lists of titles, summaries), never this one.
_ELSEWHERE = re.compile(r"recommend|related|comment|^hot|rank|list$|feed|^ads?$|^next|^prev",
                        re.I)
#: An HTML-ish string: it has the tags an article is written with.
_HTMLISH = re.compile(r"<(?:p|div|br|section|span|strong|b|h[1-6]|li|table)\b[^<>]*>", re.I)
#: A string shorter than this is a summary or a title, not an article.
MIN_ARTICLE = 200
_ASSIGN = re.compile(r"=\s*(?=\{)")
_JSON_TYPES = {"", "text/javascript", "application/javascript", "application/json",
               "module"}


@dataclass(frozen=True, slots=True)
class StateArticle:
    html: str
    """The article as HTML."""
    lineno: int
    """The line of the page source where the JSON that holds it starts."""


def state_article(soup: BeautifulSoup) -> StateArticle | None:
    """The article HTML held in a script's JSON (the longest found), or None."""
    best: tuple[int, int, str, int] | None = None  # (by content key, length, html, line)
    for script in soup.find_all("script"):
        if script.get("src") or str(script.get("type") or "").lower() not in _JSON_TYPES:
            continue
        text = "".join(str(s) for s in script.contents)
        for value, offset in _json_objects(text):
            for keyed, html in _html_strings(value):
                found = (int(keyed), len(html), html,
                         (script.sourceline or 1) + text[:offset].count("\n"))
                if best is None or found[:2] > best[:2]:
                    best = found
    if best is None:
        return None
    return StateArticle(best[2], best[3])


def _json_objects(text: str) -> list[tuple[object, int]]:
    """JSON objects assigned in a script (``x = {…};``), or the script's whole text when it is
    one (``<script type="application/json">``), with their offsets."""
    decoder = json.JSONDecoder()
    starts = [m.end() for m in _ASSIGN.finditer(text)]
    if text.lstrip().startswith("{"):
        starts.insert(0, len(text) - len(text.lstrip()))
    found: list[tuple[object, int]] = []
    end = 0
    for start in starts:
        if start < end:
            continue  # inside an object read already
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            continue  # a JavaScript literal, not JSON: never evaluated
        found.append((value, start))
    return found


def _html_strings(value: object) -> list[tuple[bool, str]]:
    """HTML strings long enough to be an article, each with whether its key names content."""
    out: list[tuple[bool, str]] = []
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        key, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((str(k), v) for k, v in node.items() if not _ELSEWHERE.search(str(k)))
        elif isinstance(node, list):
            stack.extend((key, v) for v in node)
        elif isinstance(node, str) and len(node) >= MIN_ARTICLE and _HTMLISH.search(node):
            out.append((key.lower() in CONTENT_KEYS, node))
    return out
