"""A link checker over the built site: every internal link and fragment must resolve,
and nothing may be loaded from outside the site.

Checked: ``href``/``src`` of ``a``, ``link``, ``script``, ``img``, ``iframe`` and ``source``;
the URL of a meta refresh (redirect and share pages); and on a report page whose header names
its share pages' folder (``data-share-base``), that every passage on it has its share page.
An absolute URL under the site's own URL (``site_url``, as share pages' canonical links and
``og:url`` use when it is set) is checked as the internal link it is.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"<(a|link|script|img|iframe|source|meta)\b([^>]*)>", re.I)
_URL_ATTR = re.compile(r"""\s(href|src)\s*=\s*["']([^"']*)["']""", re.I)
_REL = re.compile(r"""\srel\s*=\s*["']([^"']*)["']""", re.I)
_REFRESH = re.compile(r"""\scontent\s*=\s*["']\s*\d+\s*;\s*url\s*=\s*([^"']*)["']""", re.I)
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_PASSAGE_ID = re.compile(r"""\sid\s*=\s*["'](p-[a-z2-7]{6})["']""")
_SHARE_BASE = re.compile(r"""\sdata-share-base\s*=\s*["']([^"']*)["']""")
_EXTERNAL_OK = ("mailto:", "tel:", "javascript:void", "data:")
#: ``<link rel=…>`` values that name a page rather than load a resource.
_NAMES_A_PAGE = {"canonical", "alternate", "prev", "next", "author", "license", "help"}


def check_site(site: Path, site_url: str = "") -> list[str]:
    """Return one message per broken link (``page: link``), empty when all resolve.

    Works on strings against a set of the site's files (no file-system call per link):
    a 10,000-report site has millions of links (and ~400,000 share pages).
    """
    site = site.resolve()
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    ids: dict[str, set[str]] = {}
    broken: list[str] = []
    for page in sorted(f for f in files if f.endswith(".html")):
        text = (site / page).read_text("utf-8", "replace")
        for tag, attributes in _TAG.findall(text):
            for kind, url in _links(tag.lower(), attributes):
                problem = _check(site, files, ids, page, kind,
                                 _internal(html.unescape(url), site_url))
                if problem:
                    broken.append(f"{page}: {problem}")
        base = _SHARE_BASE.search(text)
        if base:
            broken.extend(f"{page}: {p}" for p in _share_pages(files, page, text, base.group(1)))
    return broken


def _links(tag: str, attributes: str) -> list[tuple[str, str]]:
    """(kind, url) for each link of one tag: kind ``a`` follows a link, anything else loads."""
    if tag == "meta":
        refresh = _REFRESH.search(attributes) if "refresh" in attributes.lower() else None
        return [("a", refresh.group(1).strip())] if refresh else []
    kind = tag
    if tag == "link":
        rel = _REL.search(attributes)
        if rel and set(rel.group(1).lower().split()) <= _NAMES_A_PAGE:
            kind = "a"
    return [(kind, url) for _, url in _URL_ATTR.findall(attributes)]


def _internal(url: str, site_url: str) -> str:
    """A URL under the site's own address as a site-root-relative one."""
    if site_url and url.startswith(site_url):
        return "/" + url[len(site_url):]
    return url


def _share_pages(files: set[str], page: str, text: str, base: str) -> list[str]:
    """Every passage of a report page has a share page at ``base + anchor + "/"``."""
    return [f"missing share page {base}{anchor}/" for anchor in _PASSAGE_ID.findall(text)
            if _target(page, f"{base}{anchor}/") not in files]


def _check(site: Path, files: set[str], ids: dict[str, set[str]], page: str, tag: str,
           url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        # Outbound links are fine; anything the page *loads* from outside is not.
        return None if tag == "a" else f"loads from outside the site: {url}"
    if parts.scheme or url.startswith(_EXTERNAL_OK):
        return None
    target = _target(page, unquote(parts.path))
    if target not in files:
        return f"missing {url}"
    fragment = parts.fragment
    if fragment and target.endswith(".html") and re.fullmatch(r"[\w-]+", fragment):
        if target not in ids:
            ids[target] = set(_ID.findall((site / target).read_text("utf-8", "replace")))
        if fragment not in ids[target]:
            return f"missing anchor {url}"
    return None


def _target(page: str, path: str) -> str:
    """The site-relative file a link on ``page`` points at (a folder means its index.html)."""
    if not path:
        return page
    base = "" if path.startswith("/") else posixpath.dirname(page)
    norm = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if norm == ".":
        return "index.html"
    if path.endswith("/") or "." not in norm.rsplit("/", 1)[-1]:
        return f"{norm}/index.html"
    return norm
