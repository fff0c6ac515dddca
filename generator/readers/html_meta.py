"""What a saved page says about itself: its encoding (from the bytes) and title and date.

Kept apart from the text extraction: these read ``<meta>`` and ``<title>``, which the article
walk never sees (the head is dropped before it).
"""

from __future__ import annotations

import codecs
import re

from bs4 import BeautifulSoup

_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")

_META_TITLE = (("property", "og:title"), ("name", "articletitle"), ("name", "title"))
_META_DATE = (
    ("property", "article:published_time"),
    ("name", "publishdate"),
    ("name", "pubdate"),
    ("name", "publish_date"),
    ("itemprop", "datepublished"),
    ("name", "firstpublishedtime"),
    ("name", "publishtime"),
    ("name", "dc.date"),
)
_SITE_SUFFIX = re.compile(r"^(.{6,}?)\s*(?:[_|｜]|\s[-–—]\s|——|--)\s*([^_|｜]{2,24})$")
#: A print view's mark before the title: 打印版 - ….
_PRINT_VIEW = re.compile(r"^\s*(?:打印版|打印预览|打印页面?)\s*(?:[-–—_|｜:：]+\s*)")
# What a site's name ends with: 某某区人民政府, 某某市某某局, 中国共产党新闻网, 某某文库, a
# blog (某某观察笔记, 某某的博客), in either script (a page reposted in Taiwan or Hong Kong).
_SITE_WORDS = re.compile(
    r"(?:网|網|网站|網站|站|政府|人大|政协|政協|委员会|委員會|局|厅|廳|委|办|辦|院|中心"
    r"|门户|門戶|官网|官網|文库|文庫|文档|文檔|频道|頻道|平台|在线|線上|道客巴巴|豆丁|原创力文档"
    r"|笔记|筆記|博客|部落格|日志|日誌|专栏|專欄|论坛|論壇|空间|空間|公众号|公眾號)$"
)
#: A repost's mark before the title: 【转载】, [转], （转）, 转：.
_REPOST = re.compile(r"^\s*(?:[【\[（(]\s*(?:转载|轉載|转帖|轉帖|转|轉)\s*[】\]）)]"
                     r"|(?:转载|轉載|转|轉)[：:])\s*")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _meta_value(soup: BeautifulSoup, keys: tuple[tuple[str, str], ...]) -> str:
    for attr, value in keys:
        for tag in soup.find_all("meta", attrs={attr: True}):
            if str(tag.get(attr, "")).lower() == value and str(tag.get("content", "")).strip():
                return _COLLAPSIBLE.sub(" ", str(tag["content"])).strip()
    return ""


def _without_site_name(title: str) -> str:
    """``报告标题_某某区人民政府`` -> ``报告标题``: portals append their name to <title>
    (and a repost marks it: ``【转载】报告标题 | 某某笔记`` -> ``报告标题``, a print view
    ``打印版 - 报告标题``)."""
    title = _PRINT_VIEW.sub("", _REPOST.sub("", title))
    match = _SITE_SUFFIX.match(title)
    return match.group(1) if match and _SITE_WORDS.search(match.group(2)) else title


def metadata(soup: BeautifulSoup) -> dict[str, str]:
    """``title`` (og:title, ArticleTitle, else <title> without the site name, or the <h1> it
    contains) and ``date``
    (publication meta, as ``YYYY-MM-DD`` when it parses), each only when present."""
    title = _meta_value(soup, _META_TITLE)
    if not title and soup.title is not None:
        title = _without_site_name(_COLLAPSIBLE.sub(" ", soup.title.get_text()).strip())
        # The page's own heading, when <title> holds it and more (…材料（厅长）-党建文库).
        h1 = soup.find("h1")
        heading = _COLLAPSIBLE.sub(" ", h1.get_text()).strip() if h1 is not None else ""
        if len(heading) >= 6 and heading in title:
            title = heading
    date = _meta_value(soup, _META_DATE)
    match = _DATE.search(date)
    if match:
        y, m, d = match.groups()
        date = f"{y}-{int(m):02d}-{int(d):02d}"
    return {k: v for k, v in (("title", title), ("date", date)) if v}


_LABELS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "csgb2312": "gb18030", "chinese": "gb18030", "iso-ir-58": "gb18030", "cp936": "gb18030",
    "big5": "big5hkscs", "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_DECL = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""")


def sniff_html_encoding(data: bytes) -> str | None:
    """The encoding a browser would use for these bytes, or None to let the caller guess.

    A BOM wins (returns None: the caller's BOM handling applies). Valid non-ASCII UTF-8 wins
    over a declaration, because "Save page as" re-encodes to UTF-8 but keeps the old
    ``<meta charset=gb2312>``. Otherwise the ``<meta>`` charset (WHATWG labels: GBK and GB2312
    read as GB18030, Big5 as Big5-HKSCS) in the first 16 KB (portal pages put long scripts
    before it), or an XML declaration.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if not data.isascii():
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
    head = data[:16384]
    match = _CHARSET.search(head) or _XML_DECL.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    if label.startswith("utf-16"):
        return None  # an ASCII-compatible page cannot really be UTF-16 (WHATWG says UTF-8)
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
