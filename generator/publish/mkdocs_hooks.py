"""MkDocs hooks (``hooks:`` in mkdocs.yml): skip Markdown for generated raw-HTML pages.

Generated pages are raw HTML with every corpus string escaped; Python-Markdown passes such
blocks through unchanged but spends most of a large build parsing them (twice: its HTML
block preprocessor and MkDocs' link extractor). Pages whose front matter says
``raw_html: true`` skip that: their body is swapped for a placeholder before Markdown runs
and put back, byte for byte, after. Without this hook (another engine reading mkdocs.yml)
the same pages still render, only slower. Links are verified by ``generator.publish.linkcheck``.
"""

from __future__ import annotations

from typing import Any

_PLACEHOLDER = "ARCHIVERAWHTMLPLACEHOLDER"
_stash: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if page.meta.get("raw_html"):
        _stash[page.file.src_uri] = markdown
        return _PLACEHOLDER
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    raw = _stash.pop(page.file.src_uri, None)
    if raw is None:
        return html
    return html.replace(f"<p>{_PLACEHOLDER}</p>", raw.strip(), 1)
