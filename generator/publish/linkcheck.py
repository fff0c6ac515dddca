"""A link checker over the built site: every internal link and fragment must resolve,
and nothing may be loaded from outside the site. Links in inline SVG charts (``xlink:href``,
see :mod:`generator.site.charts`) are links like any other."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ATTR = re.compile(
    r"""<(a|link|script|img|iframe|source)\b[^>]*?\s(href|src|xlink:href)\s*=\s*["']([^"']*)["']""",
    re.I)
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_EXTERNAL_OK = ("mailto:", "tel:", "javascript:void", "data:")


def check_site(site: Path) -> list[str]:
    """Return one message per broken link (``page: link``), empty when all resolve.

    Works on strings against a set of the site's files (no file-system call per link):
    a 10,000-report site has millions of links.
    """
    site = site.resolve()
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    ids: dict[str, set[str]] = {}
    broken: list[str] = []
    for page in sorted(f for f in files if f.endswith(".html")):
        text = (site / page).read_text("utf-8", "replace")
        for tag, _, url in _ATTR.findall(text):
            problem = _check(site, files, ids, page, tag.lower(), url)
            if problem:
                broken.append(f"{page}: {problem}")
    return broken


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
