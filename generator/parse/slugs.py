"""Report slugs: the corpus file's stem, lower-cased ASCII (Chinese becomes pinyin)."""

from __future__ import annotations

import re
import unicodedata

from generator.models import SourceDoc

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(stem: str) -> str:
    """``2023 区委班子 对照检查`` → ``2023-quweibanzi-duizhaojiancha``; never empty."""
    if stem.isascii():
        return _NOT_SLUG.sub("-", stem.lower()).strip("-") or "report"
    from pypinyin import lazy_pinyin

    parts = []
    for chunk in re.split(r"(\s+)", stem):
        if re.search(r"[\u3400-\u9fff]", chunk):
            chunk = "".join(lazy_pinyin(chunk))
        parts.append(chunk)
    text = unicodedata.normalize("NFKD", "".join(parts)).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
    return slug or "report"


def slug_for(doc: SourceDoc) -> str:
    """Front matter ``slug:`` wins; otherwise the file stem."""
    explicit = str(doc.meta.get("slug", "")).strip()
    return slugify(explicit) if explicit else slugify(doc.path.stem)
