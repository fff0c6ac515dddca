"""Site URLs (directory style, as MkDocs' ``use_directory_urls``) and relative links."""

from __future__ import annotations

import posixpath

from generator.models import Report


def report_url(slug: str) -> str:
    return f"reports/{slug}/"


def source_url(report: Report) -> str:
    """Where the original file is published. Markup formats get ``.txt`` appended so a
    hostile saved page is downloaded as text, never rendered on the archive's origin."""
    suffix = report.source.path.suffix.lower()
    if report.source.format in {"md", "html"}:
        suffix += ".txt"
    return f"sources/{report.slug}{suffix}"


def page_url(docs_path: str) -> str:
    """``reports/x.md`` → ``reports/x/``; ``index.md`` → ``""``."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url`` (both site-relative)."""
    target, _, fragment = to_url.partition("#")
    base = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else "."
    rel = posixpath.relpath(target or ".", base) if target else posixpath.relpath(".", base)
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")
