"""Read an RTF file (as Word and WPS save it) into its text, one paragraph a line.

:mod:`striprtf` does the RTF: the code page of ``\\ansicpgN`` and of the font table's
``\\fcharsetN`` for ``\\'hh`` bytes (GBK under ``\\ansicpg936``), ``\\uN?`` escapes with their
fallbacks, ``\\par`` paragraph ends, and destinations that are not body text (header, footer,
font table, style sheet, ``\\info``, field instructions, pictures) left out. Bold and heading
styles are not kept: the text reads as a plain-text copy would.
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

#: ``{\info … {\title …}{\author …}{\creatim\yr2019\mo12\dy24…}}``: the document properties.
_INFO = re.compile(r"\{\\(title|author)\s?((?:[^{}\\]|\\[^{}])*)\}")
_CREATED = re.compile(r"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")
_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


class RtfError(ValueError):
    """The bytes are not RTF; the message says how to fix it."""


def rtf_text(data: bytes) -> tuple[str, dict[str, str]]:
    """The document's text (paragraphs on their own lines) and its ``title``/``author``/
    ``date`` properties, each only when set. Characters that do not decode become U+FFFD."""
    if not data.lstrip().startswith(b"{\\rtf"):
        raise RtfError("not an RTF file (it does not start with {\\rtf); open it in Word or "
                       "WPS and save it again as .rtf or .docx")
    source = _source(data)
    text = rtf_to_text(source, errors="replace")
    header = source[: source.find("\\pard")] if "\\pard" in source else source[:4000]
    meta: dict[str, str] = {}
    for key, value in _INFO.findall(header):
        value = rtf_to_text(f"{source[:source.find(chr(123), 1)]} {value}}}", errors="replace")
        if value.strip():
            meta.setdefault(key, value.strip())
    created = _CREATED.search(header)
    if created:
        year, month, day = (int(g) for g in created.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            meta["date"] = f"{year:04d}-{month:02d}-{day:02d}"
    return text, meta


def _source(data: bytes) -> str:
    """RTF is 7-bit; bytes over 127 that some writers put in raw are in the document's code
    page (GB18030 for 936)."""
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        page = _CODEPAGE.search(data[:2000])
        codec = f"cp{page.group(1).decode()}" if page else "cp1252"
        codec = "gb18030" if codec == "cp936" else codec
        try:
            return data.decode(codec, errors="replace")
        except LookupError:
            return data.decode("latin-1")
