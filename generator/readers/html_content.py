"""Find a saved web page's article: strip page furniture, then score containers like Readability.

Saved copies of reports come from government portals and document-sharing sites whose text sits
among menus, breadcrumbs, share buttons, "related documents" lists and footers. Mozilla's
Readability heuristic (score paragraphs by length and punctuation, credit their ancestors, damp
link-heavy blocks) finds the article without per-site rules; the thresholds are tuned for Chinese,
which packs more content into fewer characters than English.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

#: Never content: code, embedded objects, forms and site navigation.
DROP_TAGS = (
    "script", "style", "noscript", "iframe", "frame", "frameset", "template", "object", "embed",
    "applet", "svg", "math", "canvas", "form", "button", "select", "input", "textarea", "nav",
    "aside", "dialog", "head", "link", "meta", "base", "audio", "video", "map",
)  # fmt: skip
_UNLIKELY = re.compile(
    r"-ad-|^ad$|\bads?\b|banner|breadcrumb|crumb|combx|comment|community|disqus|footer|header"
    r"|menu|related|remark|replies|rss|sidebar|skyscraper|social|sponsor|pagination|pager|popup"
    r"|share|login|toolbar|copyright|position|location|weizhi|download|recommend|qrcode|erweima",
    re.I,
)
_MAYBE = re.compile(r"article|body|column|content|main|zoom|trs_editor|detail|text|zhengwen", re.I)
_POSITIVE = re.compile(
    r"article|body|content|entry|main|page|post|text|blog|story|zoom|trs_editor|detail|zhengwen"
    r"|neirong|wenzhang",
    re.I,
)
_NEGATIVE = re.compile(
    r"-ad-|hidden|banner|combx|comment|contact|foot|masthead|media|meta|promo|related|scroll"
    r"|share|sidebar|sponsor|shopping|tags|tool|widget|nav|menu|login|download|recommend",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PUNCT = re.compile(r"[，,、；;。：]")
_BLOCKISH = ("p", "div", "section", "article", "table", "ul", "ol", "dl", "pre", "blockquote")
_SCORED = ("p", "pre", "td", "section", "div")
_MIN_TEXT = 10


def _signature(tag: Tag) -> str:
    classes = tag.get("class") or []
    return " ".join([*classes, str(tag.get("id") or "")])


def _hidden(tag: Tag) -> bool:
    return (
        tag.has_attr("hidden")
        or str(tag.get("aria-hidden", "")).lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))
    )


def clean(soup: BeautifulSoup) -> None:
    """Remove everything that is never article text, in place."""
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        # An <article>'s own <header> holds its title; the page's header and footer do not.
        if tag.name == "footer" or tag.find_parent("article") is None:
            tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "article", "main"):
            continue
        sig = _signature(tag)
        if _hidden(tag) or (_UNLIKELY.search(sig) and not _MAYBE.search(sig)):
            tag.decompose()


def text_of(tag: Tag) -> str:
    return re.sub(r"\s+", "", tag.get_text())


def link_density(tag: Tag) -> float:
    total = len(text_of(tag))
    if not total:
        return 0.0
    return sum(len(text_of(a)) for a in tag.find_all("a")) / total


def _class_weight(tag: Tag) -> int:
    sig = _signature(tag)
    return (25 if _POSITIVE.search(sig) else 0) - (25 if _NEGATIVE.search(sig) else 0)


def _initial(tag: Tag) -> float:
    base = {"div": 5, "article": 10, "main": 10, "pre": 3, "td": 3, "blockquote": 3}.get(
        tag.name, 0
    )
    if tag.name in ("address", "ol", "ul", "dl", "dd", "dt", "li", "form"):
        base = -3
    elif tag.name in ("h1", "h2", "h3", "h4", "h5", "h6", "th"):
        base = -5
    return base + _class_weight(tag)


def _is_leaf_text(tag: Tag) -> bool:
    """A paragraph-like element: a <div> counts only when it has no block children."""
    return tag.name != "div" or tag.find(_BLOCKISH) is None


def score(root: Tag) -> dict[Tag, float]:
    """Readability scores: each paragraph credits its parent fully, grandparent half, and so on."""
    scores: dict[Tag, float] = {}
    for para in root.find_all(_SCORED):
        if not _is_leaf_text(para):
            continue
        text = text_of(para)
        if len(text) < _MIN_TEXT:
            continue
        points = 1 + len(_PUNCT.findall(text)) + min(len(text) // 100, 3)
        for depth, ancestor in enumerate(para.parents):
            if depth >= 5 or not isinstance(ancestor, Tag) or ancestor.name == "[document]":
                break
            if ancestor not in scores:
                scores[ancestor] = _initial(ancestor)
            scores[ancestor] += points / (1 if depth == 0 else 2 if depth == 1 else depth * 3)
    return {tag: s * (1 - link_density(tag)) for tag, s in scores.items()}


def _keep_sibling(sib: Tag, top_score: float, scores: dict[Tag, float]) -> bool:
    if sib.name in ("h1", "h2", "h3", "h4"):
        return True
    if scores.get(sib, 0) >= max(10.0, top_score * 0.2):
        return True
    text = text_of(sib)
    # Readability's rule for loose paragraphs beside the article: long and not link lists.
    return len(text) >= 40 and link_density(sib) < 0.25


def _siblings(top: Tag, top_score: float, scores: dict[Tag, float]) -> list[Tag]:
    kept: list[Tag] = []
    header = seen_top = False
    for sib in top.parent.children if top.parent is not None else [top]:
        if not isinstance(sib, Tag):
            continue
        if sib is top:
            kept.append(sib)
            seen_top = True
        elif _keep_sibling(sib, top_score, scores) or (header and link_density(sib) < 0.5):
            kept.append(sib)
        # Between the article's heading and its text sit date/source/view-count lines: keep
        # them, so later stages can recognise them as furniture instead of losing them here.
        header = not seen_top and (header or sib.name in ("h1", "h2", "h3", "h4"))
    return kept


def _is_root(tag: Tag) -> bool:
    return tag.parent is None or tag.name in ("body", "html", "[document]")


def main_content(soup: BeautifulSoup) -> list[Tag]:
    """The article's elements in document order (the top candidate and its content siblings)."""
    body = soup.body or soup
    scores = score(body)
    if not scores:
        return [body]
    top = max(scores, key=lambda t: (scores[t], -len(list(t.parents))))
    top_score = scores[top]
    while not _is_root(top):
        kept = _siblings(top, top_score, scores)
        # Text split over sibling containers (one <div> per page on document-sharing sites):
        # the article is their parent, and the parent's own siblings may hold its title.
        if any(scores.get(sib, 0) >= top_score * 0.2 for sib in kept if sib is not top):
            top = top.parent
            continue
        return kept
    return [top]
