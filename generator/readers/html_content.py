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

from generator.readers.meta_values import GENRE_WORDS

#: Never content: code, embedded objects, forms, site navigation; ruby annotations (pinyin
#: drawn above characters would otherwise be interleaved with them).
DROP_TAGS = (
    "script", "style", "noscript", "iframe", "frame", "frameset", "template", "object", "embed",
    "applet", "svg", "math", "canvas", "button", "select", "input", "textarea", "nav",
    "aside", "dialog", "head", "title", "link", "meta", "base", "audio", "video", "map", "rt",
    "rp",
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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden"
                           r"|(?<![-\w])font-size\s*:\s*0(?:px|pt|em|rem|%)?\s*(?:;|!|$)", re.I)
#: A page's CSS rule for one class (``.cp{display:none}``, ``span.x { font-size: 0 }``): anti-copy
#: pages hide decoy characters inside the text with it.
_CLASS_RULE = re.compile(r"(?:^|[}\s,])[a-z]*\.([\w-]+)\s*\{([^{}]*)\}", re.I)
_PUNCT = re.compile(r"[，,、；;。：]")
_BLOCKISH = ("p", "div", "section", "article", "table", "ul", "ol", "dl", "pre", "blockquote")
_SCORED = ("p", "pre", "td", "section", "div")
_MIN_TEXT = 10


def _signature(tag: Tag) -> str:
    classes = tag.get("class") or []
    return " ".join([*classes, str(tag.get("id") or "")])


def _hidden(tag: Tag, hidden_classes: frozenset[str] = frozenset()) -> bool:
    return (
        tag.has_attr("hidden")
        or str(tag.get("aria-hidden", "")).lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))
        or bool(hidden_classes and hidden_classes.intersection(tag.get("class") or ()))
    )


def hidden_classes(root: Tag) -> frozenset[str]:
    """Classes the page's own ``<style>`` hides (display:none, visibility:hidden, font-size:0)."""
    found = set()
    for style in root.find_all("style"):
        for name, body in _CLASS_RULE.findall(style.get_text()):
            if _HIDDEN_STYLE.search(body):
                found.add(name)
    return frozenset(found)


def _revealed_later(tag: Tag) -> bool:
    """Hidden article containers that the site's script reveals after loading (WeChat's
    ``#js_content`` is ``visibility: hidden`` in every saved copy): named like content, long."""
    return bool(_MAYBE.search(_signature(tag))) and len(text_of(tag)) >= 100


def _droppable(tag: Tag, in_article: bool, hidden: frozenset[str] = frozenset()) -> bool:
    if tag.name in DROP_TAGS or tag.name == "footer":
        return True
    if tag.name == "form":
        # Search and login boxes go; ASP.NET sites wrap the whole page in one <form>.
        return len(text_of(tag)) < 100
    if _hidden(tag, hidden):
        return not _revealed_later(tag)
    if tag.name == "header":
        # An article's own <header> holds its title; the page's header holds menus.
        titled = tag.find(("h1", "h2")) is not None and link_density(tag) < 0.5
        return not (in_article or titled)
    if tag.name in ("html", "body", "article", "main"):
        return False
    sig = _signature(tag)
    return bool(_UNLIKELY.search(sig)) and not _MAYBE.search(sig)


def clean(root: Tag) -> None:
    """Remove everything that is never article text, in place, in one walk of the tree.

    A removed element's subtree is not visited: bs4 turns attribute access on decomposed
    elements into searches, which made a find-all-then-remove loop quadratic.
    """
    hidden = hidden_classes(root)
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        node, in_article = stack.pop()
        for child in list(node.children):
            if not isinstance(child, Tag):
                continue
            if _droppable(child, in_article, hidden):
                child.decompose()
            else:
                stack.append((child, in_article or child.name == "article"))


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
    # <body class="…page…"> would otherwise outscore every real container on class alone.
    return base + (0 if tag.name in ("body", "html") else _class_weight(tag))


def _paragraphs(root: Tag) -> list[Tag]:
    """Paragraph-like elements; a <div> counts only when it holds no block element, a <td>
    only when it holds no table (a layout cell around a table of its own is not a paragraph:
    the cells of that table are).

    One pass, bottom-up: asking each <div> with ``find`` is quadratic on deeply nested pages.
    """
    tags = [t for t in root.descendants if isinstance(t, Tag)]
    has_block: set[int] = set()
    has_table: set[int] = set()
    for tag in reversed(tags):
        if (tag.name in _BLOCKISH or id(tag) in has_block) and tag.parent is not None:
            has_block.add(id(tag.parent))
        if (tag.name == "table" or id(tag) in has_table) and tag.parent is not None:
            has_table.add(id(tag.parent))
    return [t for t in tags if t.name in _SCORED and not (
        t.name == "div" and id(t) in has_block or t.name == "td" and id(t) in has_table)]


class Scores:
    """Scores keyed by element identity: bs4 hashes and compares tags by their markup, which
    is slow (re-serialises the subtree) and wrong (two identical paragraphs are one key)."""

    def __init__(self) -> None:
        self._tags: dict[int, Tag] = {}
        self._scores: dict[int, float] = {}

    def add(self, tag: Tag, points: float) -> None:
        if id(tag) not in self._tags:
            self._tags[id(tag)] = tag
            self._scores[id(tag)] = _initial(tag)
        self._scores[id(tag)] += points

    def get(self, tag: Tag) -> float:
        return self._scores.get(id(tag), 0.0)

    def damp_links(self) -> None:
        for key, tag in self._tags.items():
            self._scores[key] *= 1 - link_density(tag)

    def best(self) -> Tag | None:
        """Highest score; ties go to the outermost element."""
        if not self._tags:
            return None
        key = max(self._tags, key=lambda k: (self._scores[k], -len(list(self._tags[k].parents))))
        return self._tags[key]


def score(root: Tag) -> Scores:
    """Readability scores: each paragraph credits its parent fully, grandparent half, and so on."""
    scores = Scores()
    for para in _paragraphs(root):
        text = text_of(para)
        if len(text) < _MIN_TEXT:
            continue
        points = 1 + len(_PUNCT.findall(text)) + min(len(text) // 100, 3)
        for depth, ancestor in enumerate(para.parents):
            if depth >= 5 or not isinstance(ancestor, Tag) or ancestor.name == "[document]":
                break
            scores.add(ancestor, points / (1 if depth == 0 else 2 if depth == 1 else depth * 3))
    scores.damp_links()
    return scores


_TITLE_TAGS = ("h1", "h2", "h3", "h4")
_TITLE_SIG = re.compile(r"title|biaoti", re.I)


def _is_title(tag: Tag) -> bool:
    """A heading, or what portals use instead: a short block named like a title."""
    if tag.name in _TITLE_TAGS:
        return True
    size = len(text_of(tag))
    if tag.find(_TITLE_TAGS) is not None:  # <header><h1>…</h1><time>…</time></header>
        return size <= 200 and link_density(tag) < 0.5
    return bool(_TITLE_SIG.search(_signature(tag))) and 0 < size <= 120


def _titled(tag: Tag) -> bool:
    """A title, or a short row holding one (``<tr><td class="biaoti">…</td></tr>``, or a
    row whose only words are emphasised and name the genre: ``<font size="4"><b>…对照检查
    材料</b></font>``)."""
    size = len(text_of(tag))
    return _is_title(tag) or 0 < size <= _TITLE_MAX and (
        tag.find(class_=_TITLE_SIG) is not None or _genre_headline(tag, size))


#: What sets a headline apart in a portal's markup without naming it a title.
_EMPHASIS = ("b", "strong", "font", "big")


def _genre_headline(tag: Tag, size: int) -> bool:
    """A block whose whole text is in emphasis that names the genre (no sentence, no links)."""
    text = text_of(tag)
    emphasised = sum(len(text_of(e)) for e in tag.find_all(_EMPHASIS)
                     if e.find_parent(_EMPHASIS) is None or e.find_parent(_EMPHASIS) is tag)
    return (emphasised >= size and link_density(tag) == 0 and "。" not in text
            and bool(GENRE_WORDS.search(text)))


#: How long a title block may be, and how many levels up from the article to look for it.
_TITLE_MAX, _TITLE_LEVELS = 120, 3


def _outer_title(top: Tag) -> list[Tag]:
    """The title zone of an article whose title sits outside its container's siblings (a
    portal's table layout: the title row, the date/source row, then the row holding the text):
    at each of a few levels up, the nearest title before the article, with the lines between
    (no link lists); none if a link list comes first."""
    node = top
    for _ in range(_TITLE_LEVELS):
        zone: list[Tag] = []
        for sib in node.previous_siblings:
            if not isinstance(sib, Tag):
                continue
            if _titled(sib):
                return [sib, *reversed(zone)]
            if link_density(sib) >= 0.5 or len(text_of(sib)) > _TITLE_MAX:
                break
            zone.append(sib)
        node = node.parent
        if node is None or _is_root(node):
            break
    return []


def _keep_sibling(sib: Tag, top_score: float, scores: Scores) -> bool:
    if scores.get(sib) >= max(10.0, top_score * 0.2):
        return True
    text = text_of(sib)
    # Readability's rule for loose paragraphs beside the article: long and not link lists.
    return len(text) >= 40 and link_density(sib) < 0.25


def _siblings(top: Tag, top_score: float, scores: Scores) -> list[Tag]:
    """The top candidate with the siblings that belong to the article, in document order."""
    before: list[Tag] = []
    title_zone: list[Tag] = []
    after: list[Tag] = []
    seen_top = False
    for sib in top.parent.children if top.parent is not None else [top]:
        if not isinstance(sib, Tag) or sib is top:
            seen_top = seen_top or sib is top
            continue
        if seen_top:
            if sib.name in _TITLE_TAGS or _keep_sibling(sib, top_score, scores):
                after.append(sib)
        elif _keep_sibling(sib, top_score, scores):
            before.append(sib)
        # The article's title and the date/source/view-count lines under it sit just before
        # the text: keep them (later stages recognise the furniture) unless link lists
        # (menus, breadcrumbs) come between them and the text.
        elif _is_title(sib) or (title_zone and link_density(sib) < 0.5):
            title_zone.append(sib)
        else:
            title_zone = []
    # A heading after the article with nothing kept after it heads a "related" list.
    while after and after[-1].name in _TITLE_TAGS:
        after.pop()
    order = {id(t): i for i, t in enumerate(top.parent.children)} if top.parent else {}
    kept = [*before, *title_zone, top, *after]
    return sorted(kept, key=lambda t: order.get(id(t), 0))


def _is_root(tag: Tag) -> bool:
    return tag.parent is None or tag.name in ("body", "html", "[document]")


def _only_child(tag: Tag) -> bool:
    """Whether ``tag`` is all its parent holds (other children are blank text, or elements
    without text: a PDF converter's empty ``<div class="pi">`` beside a page's text layer)."""
    parent = tag.parent
    return parent is not None and all(
        child is tag or not (text_of(child) if isinstance(child, Tag) else str(child)).strip()
        for child in parent.children)


def _scored_sibling(tag: Tag, top_score: float, scores: Scores) -> bool:
    parent = tag.parent
    return parent is not None and any(
        isinstance(sib, Tag) and sib is not tag and scores.get(sib) >= top_score * 0.2
        for sib in parent.children)


#: The opening post of a forum thread (Discuz!'s ``postmessage_<id>``, the usual engine of
#: Chinese forums): on a thread page the report is that post, the rest being replies, user
#: cards and forum chrome.
_FORUM_POST = re.compile(r"^postmessage_\d+$")
#: A first post shorter than this is a question about a report, not the report.
_FORUM_POST_MIN = 200


def main_content(soup: BeautifulSoup) -> list[Tag]:
    """The article's elements in document order (the top candidate and its content siblings;
    on a forum thread, its opening post)."""
    body = soup.body or soup
    post = body.find(id=_FORUM_POST)
    if isinstance(post, Tag) and len(text_of(post)) >= _FORUM_POST_MIN:
        return [post]
    scores = score(body)
    top = scores.best()
    if top is None:
        return [body]
    top_score = scores.get(top)
    while not _is_root(top):
        wrapper = top.parent
        if (wrapper is not None and not _is_root(wrapper) and _only_child(top)
                and _scored_sibling(wrapper, top_score, scores)):
            top = wrapper  # the text layer of one page, whose sibling pages hold the rest
            continue
        kept = _siblings(top, top_score, scores)
        # Text split over sibling containers (one <div> per page on document-sharing sites):
        # the article is their parent, and the parent's own siblings may hold its title.
        if any(scores.get(sib) >= top_score * 0.2 for sib in kept if sib is not top):
            top = top.parent
            continue
        if not any(_titled(tag) for tag in kept):
            kept = [*_outer_title(top), *kept]
        return kept
    return [top]
