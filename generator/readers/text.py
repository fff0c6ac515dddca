"""Decoding and line normalisation for plain-text and Markdown sources."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from charset_normalizer import from_bytes

from generator.chars import BLANKS
from generator.models import SourceLine

#: Leading indentation seen in the wild: spaces, tabs, NBSP, U+3000, U+2002..U+200B, BOM.
_INDENT = BLANKS
#: Encodings we let the detector choose between when the bytes are not UTF-8/UTF-16 (UTF-16
#: without BOM is recognised by :func:`_utf16_without_bom`; offering it to the detector
#: lets even-length garbage pass as UTF-16).
_CJK_CANDIDATES = ["gb18030", "big5"]


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a text file's bytes, never guessing silently.

    BOMs decide first; then strict UTF-8 (the common case, and unambiguous); then UTF-16
    without BOM (every other byte zero); then charset-normalizer among CJK encodings.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, name), name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text:
            raise DecodeError("binary data (NUL bytes), not a text file")
        return text, "utf-8"
    guess = _utf16_without_bom(data)
    if guess:
        return _strict(data, guess), guess
    if b"\x00" in data:
        raise DecodeError("binary data (NUL bytes), not a text file")
    valid = [name for name in _CJK_CANDIDATES if _decodes(data, name)]
    if not valid:
        raise DecodeError("not UTF-8, UTF-16, GB18030 or Big5 text")
    if len(valid) > 1:
        # Both decode: let the detector judge; short texts give it too little to go on,
        # and then GB18030, by far the more common in this genre, wins.
        best = from_bytes(data, cp_isolation=valid).best()
        valid = [_canonical(best.encoding)] if best is not None else valid
    return _strict(data, valid[0]), valid[0]


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, name: str) -> str:
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"bytes {exc.start}-{exc.end} are not valid {name}") from exc
    return text.removeprefix("\ufeff")


#: The genre's most frequent characters and punctuation: real text decoded with the right
#: UTF-16 byte order is full of them; the wrong byte order (or GB bytes) almost never is.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经之进着等部度家力里如化高自理起现实加量都体制机当使点从"
    "业本去把性好应开合还因由其些然前外政事平形相全表间样与关各重新线内数正心反明看原又利比或但"
    "质气第向道命此变条只没结解问意建公无系很情者最立代想已通并提直题党程展果员革位入常文总次品"
    "式活设及管特件长求头基资边流路级少图统接知较将组见计别手期根论运指几区强放决干做必战先回则"
    "任取据处队给色光门即保治领导班子思想作风纪律廉洁担当责任落实推动加强深入群众学习检查对照材料"
    "，。、；：？！“”（）《》 \n0123456789")


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    scores = {}
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        scores[name] = sum(c in _COMMON for c in text) / len(text)
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] > 0.25 else None


def _canonical(name: str) -> str:
    name = name.lower().replace("_", "-")
    if name in {"gbk", "gb2312", "gb18030", "hz"}:
        return "gb18030"  # a superset: decoding as GB18030 never loses a GBK character
    if name in {"big5", "big5hkscs", "cp950"}:
        return "big5"
    return name


#: Line breaks inside a paragraph: vertical tab (Word's Shift+Enter as text exports write it),
#: Unicode's line and paragraph separators.
_SOFT_BREAK = re.compile("[\v\u2028\u2029]")


def split_lines(text: str) -> list[tuple[int, str]]:
    """Split into ``(lineno, line)`` with CRLF/CR normalised and indentation/trailing
    whitespace stripped; blank lines are dropped (they only separate paragraphs). A line
    broken inside its paragraph (U+000B, U+2028) gives pieces with the same number."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        # Word's manual line break, exported as U+000B (or U+2028), breaks a paragraph into
        # lines, as w:br does in the docx reader: the pieces keep the paragraph's number.
        for piece in _SOFT_BREAK.split(raw):
            line = piece.strip(_INDENT).rstrip()
            if line:
                out.append((number, line))
    return out


def plain_lines(text: str) -> list[SourceLine]:
    """Lines of a ``.txt`` source (a forum post's BBCode source: see :func:`bbcode_markdown`)."""
    if is_bbcode(text):
        return markdown_lines(bbcode_markdown(text))
    return [SourceLine(line, number) for number, line in split_lines(text)]


#: BBCode's closing tags (Discuz!, phpBB): three or more make a text a forum post's source.
_BB_CLOSE = re.compile(r"\[/(?:b|i|u|s|size|font|color|align|list|quote|url|indent|backcolor"
                       r"|p|table|tr|td|attach|img|hide|code|float|email)\]", re.I)
_BB_MIN_TAGS = 3
#: Elements whose content is no text (an attachment's number, an image's address).
_BB_DROP = re.compile(r"\[(attach|img|media|flash|audio)(?:=[^\]\n]*)?\][^\[\n]*\[/\1\]", re.I)
_BB_BOLD = re.compile(r"\[/?b\]", re.I)
_BB_ITEM = re.compile(r"\[\*\][ \t]*")
_BB_TAG = re.compile(r"\[/?(?:i|u|s|size|font|color|align|list|quote|url|indent|backcolor|p|table"
                     r"|tr|td|hide|code|float|email|sup|sub|hr|left|center|right)(?:=[^\]\n]*)?\]",
                     re.I)


def is_bbcode(text: str) -> bool:
    """Whether ``text`` is a forum post's BBCode source (``[b]…[/b]``, ``[list][*]…``)."""
    return len(_BB_CLOSE.findall(text, 0, 20_000)) >= _BB_MIN_TAGS


def bbcode_markdown(text: str) -> str:
    """A BBCode source as the Markdown it means, line for line: tags are markup (bold becomes
    ``**``, so that a bold lead is read as one; a list item ``[*]`` starts a line of its own,
    ``* ``, in the same source line); attachments and images are no text."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _BB_TAG.sub("", _BB_DROP.sub("", line))
        line = _BB_ITEM.sub("\v* ", _BB_BOLD.sub("**", line))
        out.append(line)
    return "\n".join(out)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
#: An ATX heading; also one typed without the blank after its marks when a number follows them
#: (###二、…: CommonMark would show the marks, but the writer meant a heading).
_ATX = re.compile(r"^(#{1,6})(?:[ \t]+|(?=[一二三四五六七八九十]{1,3}[、.．]"
                  r"|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、．](?!\d)))"
                  r"(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^(?:>[ \t]?)+")
#: A heading's attribute block at its end (pandoc ``{#id .class}``, kramdown ``{: #id}``).
_HEADING_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$")
_SPAN = re.compile(r"^(?P<item>\d{1,2}[.、．][ \t]*)?\[(?P<inner>[^\]\n]+)\]\{[.#][^}\n]*\}")
_ANY_SPAN = re.compile(r"\[([^\]\n]+)\]\{[.#][^}\n]*\}")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)、．]|[-*+])[ \t]+\S")
_ITALIC_LINE = re.compile(r"^([*_])(?P<inner>[^*_\s][^*_\n]*?[^*_\s]|[^*_\s])\1$")
_SETEXT = re.compile(r"^(?:={3,}|-{3,})[ \t]*$")
_ESCAPED_NUMBER = re.compile(r"^(\d{1,2})\\([.)])")
#: Strong emphasis: ``**…**``, ``__…__``, and the highlight ``==…==`` of Obsidian and
#: Typora notes, which marks a lead the same way.
_BOLD = re.compile(r"^(\*\*|__|==)(?P<inner>(?:(?!\1).)+)\1[ \t]*$")
#: A bold lead run into its paragraph: ``**一是学习不够。**集团党委…``, also in a list
#: item (``1. **学习不够。**…``, ``- **学习不够。**…``, ``- ==学习不够。==…``).
_BOLD_LEAD = re.compile(r"^(?P<item>\d{1,2}[.、．][ \t]*|[-*+][ \t]+)?(?P<m>\*\*|__|==)"
                        r"(?P<inner>\S(?:(?!(?P=m)).)*?)(?P=m)(?P<rest>.*)$")


#: How a bold sentence opening a paragraph ends (**宗旨意识还不够强。**对…): its span is
#: recorded too, for a paragraph that opens so with no number (parse.unnumbered).
SENTENCE_LEAD = frozenset("。！？；!?;")
#: Punctuation right after a bold lead that stops short of it: the clause goes on
#: (**读原著的功夫下得不深**，…) or the sentence ends there (**政治交接抓得不够实**。…).
AFTER_LEAD = frozenset("，,、") | SENTENCE_LEAD


def bold_runs(pieces: Iterable[tuple[str, bool]], text: str, shown: Callable[[str], str]
              ) -> tuple[tuple[int, int], ...]:
    """Where the bold runs of a line's ``pieces`` (text, bold) are in its ``text`` (the
    pieces as ``shown`` renders them), those that begin after its first character: each
    run found after the one before it, its blanks at either end left out."""
    runs: list[str] = []
    bold_before = False
    for piece, bold in pieces:
        if bold and bold_before:
            runs[-1] += piece
        elif bold:
            runs.append(piece)
        bold_before = bold
    out: list[tuple[int, int]] = []
    at = 0
    for run in runs:
        words = shown(run).strip(BLANKS).rstrip()
        found = text.find(words, at) if words else -1
        if found < 0:
            continue
        at = found + len(words)
        if found > 0:
            out.append((found, at))
    return tuple(out)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return ``(yaml_text, body, body_first_line)``; ``yaml_text`` is None without one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    offset = text.count("\n", 0, match.end())
    # Keep line numbers true to the file by padding the body with the lines we consumed.
    return match.group(1), "\n" * offset + text[match.end():], offset + 1


#: Inline HTML an online editor leaves in its Markdown (``<br>``, ``<div style=…>``,
#: ``<strong>``, ``<center><font …>``): formatting, not text, as in any Markdown renderer.
_HTML_FORMAT = re.compile(r"</?(?:br|div|p|span|center|font|strong|b|em|i|u|s|sup|sub|section"
                          r")(?:\s[^<>\n]*)?/?>", re.I)
_HTML_BREAK = re.compile(r"<br\s*/?>|</(?:div|p|center|section)>", re.I)
_HTML_STRONG = re.compile(r"</?(?:strong|b)(?:\s[^<>\n]*)?>", re.I)
_HTML_SPACES = re.compile(r"&(?:nbsp|ensp|emsp);")
#: So many such tags make a Markdown source an editor's (one stray tag is left as written).
_HTML_MIN_TAGS = 3


def inline_html_markdown(text: str) -> str:
    """A Markdown source with an editor's inline HTML as the Markdown it means, line for line:
    a line break or a block's end breaks the line (in the same source line, as Word's manual
    break does), bold becomes ``**``, other formatting tags and their attributes go, and
    ``&nbsp;`` is a blank. Text without such tags is returned as it is."""
    if len(_HTML_FORMAT.findall(text, 0, 20_000)) < _HTML_MIN_TAGS:
        return text
    text = _HTML_FORMAT.sub(_kept_strong, _HTML_BREAK.sub("\v", text))
    pieces = re.split(r"([\n\v])", text)
    # (bold that opens a line marks its lead, as ** does; bold inside a line is emphasis)
    pieces = [_bold_lead(piece) for piece in pieces]
    return _HTML_SPACES.sub(" ", "".join(pieces))


def _kept_strong(found: re.Match[str]) -> str:
    """A formatting tag goes, but a bold one stays (as \x00 / \x01) until its line is read."""
    tag = found.group()
    if _HTML_STRONG.fullmatch(tag):
        return "\x01" if tag.startswith("</") else "\x00"
    return ""


def _bold_lead(line: str) -> str:
    """``**…**`` for bold that opens the line; other bold marks go."""
    if line.lstrip(" \t\u3000").startswith("\x00") and "\x01" in line:
        line = line.replace("\x00", "**", 1).replace("\x01", "**", 1)
    return line.replace("\x00", "").replace("\x01", "")


def markdown_lines(text: str) -> list[SourceLine]:
    """Lines of a ``.md`` source: block quote marks and pandoc's ``[…]{.class}`` span marks
    are dropped (a span opening an item is its lead); ATX and setext headings and
    bold-only lines become styled lines without their markup; a bold lead at the start of a
    paragraph (``**一是…。**正文``) loses its two emphasis marks; every other character is
    kept as written."""
    text = inline_html_markdown(text)
    out: list[SourceLine] = []
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    indents: list[int] = []  # the open list items' indentation, outermost first
    for number, quoted in split_lines(text):
        # A block quote's marks are markup like a heading's (a pandoc copy of a Word file
        # may quote every paragraph): the line is read without them.
        line = _QUOTE.sub("", quoted, count=1) or quoted
        # 1\. is pandoc's escape of a number that is not to start a list: Markdown shows 1.
        line = _ESCAPED_NUMBER.sub(r"\1\2", line, count=1)
        # pandoc's [words]{.underline}: markup around words; at an item's start, its lead
        # (read as a bold lead is), elsewhere just the words.
        line = _SPAN.sub(r"\g<item>**\g<inner>**", line, count=1)
        line = _ANY_SPAN.sub(r"\1", line)
        # A line in italics (*中共某某县委副书记　某某某*): the marks are markup.
        line = _ITALIC_LINE.sub(r"\g<inner>", line)
        depth = _list_depth(raw[number - 1], line, indents)
        heading = _ATX.match(line)
        bold = _BOLD.match(line)
        prev = out[-1] if out else None
        if (_SETEXT.match(line) and prev is not None and prev.lineno == number - 1
                and not prev.style):
            # === or --- right under a paragraph line: that line is a heading (setext).
            level = "h1" if line.lstrip()[0] == "=" else "h2"
            out[-1] = SourceLine(prev.text, prev.lineno, level)
        elif heading and (words := _HEADING_ATTRS.sub("", heading.group(2)).strip()):
            # (## 原因 {#yuanyin .cause}: pandoc's / kramdown's attributes are markup)
            out.append(SourceLine(words, number, f"h{len(heading.group(1))}"))
        elif bold and bold.group("inner").strip(" \t=*_"):  # not a rule: ===== or *****
            out.append(SourceLine(bold.group("inner").strip(), number, "bold"))
        elif (lead := _BOLD_LEAD.match(line)) and (lead.group("item") or lead.group("rest")):
            head = (lead.group("item") or "") + lead.group("inner")
            text = head + lead.group("rest")
            # **一是学习不够深入**，… : the bold span, not the clause, is the lead
            # (**持续深化理论武装，**坚持…: the comma inside the bold, the same)
            cut = len(head) if (lead.group("rest")[:1] in AFTER_LEAD
                                or head[-1:] in AFTER_LEAD) \
                and lead.group("rest") else 0
            out.append(SourceLine(text, number, lead_end=cut))
        else:
            out.append(SourceLine(line, number))
        if depth >= 0 and out and out[-1].lineno == number:
            out[-1] = replace(out[-1], depth=depth)
    return out


def _list_depth(raw: str, line: str, indents: list[int]) -> int:
    """A Markdown list item's nesting depth by its indentation (``indents``, the open items'
    indentation, is updated); -1 for a line that is not a list item. A line at the left
    margin that is not an item closes the lists."""
    indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip(" "))
    if not _LIST_ITEM.match(line):
        if indent == 0:
            indents.clear()
        return -1
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indents[-1] < indent:
        indents.append(indent)
    return len(indents) - 1
