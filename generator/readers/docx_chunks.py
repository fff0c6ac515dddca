"""Read a Word ``w:altChunk``: a part of another format that Word imports where it stands.

OA systems and docx4j export a report as a .docx whose ``document.xml`` holds only
``<w:altChunk r:id="…"/>``; the text is an embedded part (relationship type ``…/aFChunk``),
usually an HTML page, sometimes plain text, an MHTML page, an RTF file or another .docx. Word
converts the part when it opens the file; this module reads it with the reader of its format, so
a .docx made this way reads as the embedded file would on its own.
"""

from __future__ import annotations

import logging

from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml.etree import _Element

from generator.chars import drop_invisible
from generator.models import SourceLine
from generator.readers.text import DecodeError, decode, plain_lines

log = logging.getLogger(__name__)

#: Chunks inside chunks (a .docx chunk holding an altChunk …) are read this deep, no deeper.
MAX_DEPTH = 3

_HTML = {"text/html", "application/xhtml+xml"}
_TEXT = {"text/plain"}
_MHT = {"message/rfc822", "multipart/related", "application/x-mimearchive"}
_RTF = {"application/rtf", "text/rtf", "application/x-rtf"}
_DOCX = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}


class ChunkError(ValueError):
    """An altChunk part that cannot be read; the message says why."""


def chunk_part(source: Part, chunk: _Element) -> Part | None:
    """The part a ``w:altChunk`` element points at (None when the link is broken)."""
    rid = chunk.get(qn("r:id"))
    rel = source.rels.get(rid) if rid else None
    if rel is None or rel.is_external:
        return None
    return rel.target_part


def chunk_lines(part: Part, name: str, depth: int) -> list[SourceLine]:
    """The lines of an altChunk part, read by its format's reader (``[]`` for an unknown one).

    Line numbers are the part's own (its source lines or paragraphs); the caller renumbers.
    """
    content_type = part.content_type.split(";")[0].strip().lower()
    blob = part.blob
    where = f"{name}:{part.partname}"
    if content_type in _HTML or (content_type not in _TEXT and _looks_html(blob)):
        from generator.readers.html import read_html, sniff_html_encoding

        return read_html(_text(blob, sniff_html_encoding(blob)), where)[0]
    if content_type in _TEXT:
        return plain_lines(_text(blob))
    if content_type in _DOCX:
        if depth >= MAX_DEPTH:
            raise ChunkError(f"a Word document embedded more than {MAX_DEPTH} levels deep")
        from generator.readers.docx import read_docx

        return read_docx(blob, where, _depth=depth + 1)[0]
    if content_type in _MHT:
        from generator.readers.html import read_html, sniff_html_encoding
        from generator.readers.mht import MhtError, page_of

        try:
            page, charset, _ = page_of(blob)
        except MhtError as exc:
            raise ChunkError(f"an embedded web page: {exc}") from exc
        return read_html(_text(page, charset or sniff_html_encoding(page)), where)[0]
    if content_type in _RTF:
        from generator.readers.rtf import RtfError, rtf_text

        try:
            return plain_lines(drop_invisible(rtf_text(blob)[0]))
        except RtfError as exc:
            raise ChunkError(f"an embedded RTF file: {exc}") from exc
    log.warning("%s: altChunk of type %s not read", where, content_type)
    return []


def _looks_html(blob: bytes) -> bool:
    head = blob[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<html"))


def _text(blob: bytes, declared: str | None = None) -> str:
    if declared:
        try:
            return drop_invisible(blob.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return drop_invisible(decode(blob)[0])
    except DecodeError as exc:
        raise ChunkError(f"an embedded part cannot be decoded: {exc}") from exc
