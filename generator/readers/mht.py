"""Read an MHTML file (``.mht``/``.mhtml``: a web page saved as one file) into its page's HTML.

Internet Explorer, Word ("single file web page") and Chrome save a page as a MIME message,
``multipart/related``: the page itself is the first ``text/html`` part (quoted-printable or
base64, in the page's charset), followed by its images and style sheets. The standard library's
:mod:`email` package undoes the MIME layers; the page is then read by the HTML reader.
"""

from __future__ import annotations

import email
import email.policy
from email.header import decode_header, make_header
from email.message import Message

#: Charsets that pages declare for what is really GB18030 text (GB2312 pages hold GBK
#: characters more often than not; GB18030 decodes every byte sequence they do).
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
          "euc-cn": "gb18030", "hz-gb-2312": "hz", "big5": "big5hkscs"}


class MhtError(ValueError):
    """The bytes hold no web page; the message says how to fix it."""


def page_of(data: bytes) -> tuple[bytes, str | None, str]:
    """The saved page's HTML bytes, their charset (None when not declared) and the message's
    ``Subject`` (the page's title as saved, ``""`` if none).

    A file that is not MIME at all (an HTML page renamed ``.mht``) is its own page.
    """
    if data.lstrip()[:1] == b"<":
        return data, None, ""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    page = next((part for part in message.walk()
                 if part.get_content_type() in ("text/html", "application/xhtml+xml")), None)
    if page is None:
        raise MhtError("no web page (text/html part) in this MHTML file; open it in a browser "
                       "and save the page as HTML")
    payload = page.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise MhtError("the web page in this MHTML file is empty")
    charset = page.get_content_charset()
    return payload, (_WIDER.get(charset, charset) if charset else None), _subject(message)


def _subject(message: Message) -> str:
    raw = message.get("Subject")
    if not raw:
        return ""
    try:
        words = [(text, _WIDER.get((cs or "").lower(), cs)) for text, cs in decode_header(raw)]
        return str(make_header(words)).strip()
    except (LookupError, UnicodeError, ValueError):
        return ""
