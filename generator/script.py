"""Traditional → simplified conversion for matching (never for display)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """The simplified-script form of ``text``, same length for CJK text in practice.

    Used only to *recognise* words; the page always shows the characters as written.
    """
    if text.isascii():
        return text
    return _converter().convert(text)
