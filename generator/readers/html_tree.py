"""Parse HTML with the stdlib parser (it records source lines) plus HTML's implied end tags.

``html.parser`` builds the tree exactly as tagged, so ``<p>一<p>二<p>三`` (common in old portal
pages) nests every paragraph inside the previous one: thousands of levels deep, which makes
text scoring quadratic and walks recursive. Browsers close the open ``<p>`` (or ``<li>``,
``<td>``…) first; this applies the same rules from the HTML standard's tree construction
("close a p element", list items, table cells) before each start tag. lxml's HTML parser does
this too, but through BeautifulSoup it loses line numbers, and on its own it silently drops
everything nested deeper than 256 levels.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

#: Start tags that close an open <p> ("has a p element in button scope").
_CLOSES_P = frozenset(
    ("address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
     "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
     "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p", "pre",
     "section", "summary", "table", "ul", "dd", "dt", "xmp")
)  # fmt: skip
#: Elements a search for an open <p> does not look past.
_P_SCOPE = frozenset(
    ("applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button")
)
#: Start tag -> (open elements it closes, elements that stop the search).
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "table", "td", "th", "body"})),
    "dt": (frozenset({"dd", "dt"}), frozenset({"dl", "table", "td", "th", "body"})),
    "dd": (frozenset({"dd", "dt"}), frozenset({"dl", "table", "td", "th", "body"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "body"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table", "body"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table", "body"})),
    "option": (frozenset({"option"}), frozenset({"select", "body"})),
}


class ImpliedEndSoup(BeautifulSoup):
    """A BeautifulSoup tree (``html.parser``) in which start tags close what browsers close."""

    def handle_starttag(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name in _SIBLINGS:
            closes, stops = _SIBLINGS[name]
            self._close_open(closes, stops)
        if name in _CLOSES_P:
            self._close_open(frozenset({"p"}), _P_SCOPE)
        return super().handle_starttag(name, *args, **kwargs)

    def _close_open(self, closes: frozenset[str], stops: frozenset[str]) -> None:
        if not any(self.open_tag_counter.get(name) for name in closes):
            return  # the common case, and it keeps deep nesting linear
        for tag in reversed(self.tagStack[1:]):
            if tag.name in closes:
                self._popToTag(tag.name)
                return
            if tag.name in stops:
                return


def parse(text: str) -> BeautifulSoup:
    """Parse a page; tags carry ``sourceline`` (1-based, of the start tag)."""
    return ImpliedEndSoup(text, "html.parser")
