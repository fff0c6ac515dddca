"""Reconstruct Word's automatic list numbers from ``word/numbering.xml``.

Word does not store a list item's number in the paragraph text: it renders it from the numbering
definitions at display time. A copy read without them loses ``一、``/``（一）``/``1.`` and with them
the report's outline, so the docx reader replays Word's counters here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from docx.oxml.ns import qn
from lxml.etree import _Element

log = logging.getLogger(__name__)

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PLACEHOLDER = re.compile(r"%([1-9])")
# Word 2010+ wraps custom formats in mc:AlternateContent; the fallback holds a classic numFmt.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl`` of an abstract numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    """``w:lvlRestart``: restart after a level < this (1-based) is used; None = default."""
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None
    """``w:pStyle``: paragraphs of this style without an explicit level take this one."""


def _chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """Chinese counting (``十``, ``十一``, ``二十``, ``一百零一``) for 1..9999."""
    if n <= 0 or n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d, n = divmod(n, power)
        if d:
            if zero and parts:
                parts.append("零")
            parts.append(digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    out = "".join(parts)
    # Word (like common usage) writes 10..19 as 十, 十一 … not 一十, 一十一.
    if digits is _DIGITS and out.startswith("一十"):
        out = out[1:]
    return out


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter: 27 -> AA, 28 -> BB.
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cycle(symbols: str, n: int) -> str:
    return symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word's ``w:numFmt`` (unknown formats fall back to decimal)."""
    simple = {
        "decimal": str,
        "decimalZero": lambda k: f"{k:02d}",
        "upperRoman": _roman,
        "lowerRoman": lambda k: _roman(k).lower(),
        "upperLetter": _letter,
        "lowerLetter": lambda k: _letter(k).lower(),
        "chineseCounting": _chinese,
        "chineseCountingThousand": _chinese,
        "japaneseCounting": _chinese,
        "chineseLegalSimplified": lambda k: _chinese(k, _LEGAL, "拾佰仟"),
        "ideographLegalTraditional": lambda k: _chinese(k, _LEGAL, "拾佰仟"),
        "ideographTraditional": lambda k: _cycle(_TRADITIONAL, k),
        "ideographZodiac": lambda k: _cycle(_ZODIAC, k),
        "ideographDigital": lambda k: "".join(_DIGITS[int(c)] for c in str(k)),
        "decimalFullWidth": lambda k: str(k).translate(_FULLWIDTH),
        "decimalFullWidth2": lambda k: str(k).translate(_FULLWIDTH),
        "decimalHalfWidth": str,
        "decimalEnclosedCircle": lambda k: _enclosed(_CIRCLED, k),
        "decimalEnclosedCircleChinese": lambda k: _enclosed(_CIRCLED, k),
        "ideographEnclosedCircle": lambda k: _enclosed("㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩", k),
        "decimalEnclosedParen": lambda k: _enclosed(_range(0x2474, 20), k),
        "decimalEnclosedFullstop": lambda k: _enclosed(_range(0x2488, 20), k),
        "none": lambda k: "",
    }
    render = simple.get(fmt)
    if render is None:
        log.debug("numFmt %s rendered as decimal", fmt)
        render = str
    return render(n)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _range(first: int, count: int) -> str:
    return "".join(chr(first + i) for i in range(count))


def _enclosed(symbols: str, n: int) -> str:
    # Word falls back to plain digits past the last enclosed glyph.
    return symbols[n - 1] if 1 <= n <= len(symbols) else str(n)


def _val(el: _Element | None, tag: str) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(lvl: _Element, base: Level | None = None) -> Level:
    base = base or Level()
    restart = _val(lvl, "w:lvlRestart")
    legal = lvl.find(qn("w:isLgl"))
    return Level(
        start=_int(_val(lvl, "w:start"), base.start),
        fmt=_val(lvl, "w:numFmt") or _val(lvl.find(f".//{_FALLBACK}"), "w:numFmt") or base.fmt,
        text=_val(lvl, "w:lvlText") if lvl.find(qn("w:lvlText")) is not None else base.text,
        restart=_int(restart, 0) if restart is not None else base.restart,
        legal=(legal.get(qn("w:val"), "1") not in ("0", "false", "off"))
        if legal is not None
        else base.legal,
        suffix=_val(lvl, "w:suff") or base.suffix,
        style=_val(lvl, "w:pStyle") or base.style,
    )


def _style_links(root: _Element) -> dict[str, str]:
    """abstractNum ids that only point at a numbering style (numStyleLink) -> the real one."""
    defined = {
        _val(a, "w:styleLink"): a.get(qn("w:abstractNumId"))
        for a in root.iter(qn("w:abstractNum"))
        if _val(a, "w:styleLink")
    }
    return {
        a.get(qn("w:abstractNumId")): defined[link]
        for a in root.iter(qn("w:abstractNum"))
        if (link := _val(a, "w:numStyleLink")) in defined
    }


@dataclass(slots=True)
class _Instance:
    """A ``w:num``: which abstract list it draws from and its per-level overrides."""

    abstract: str
    levels: dict[int, Level]
    restarts: frozenset[int]
    """Levels with a ``w:startOverride``: this instance restarts the list there (its
    ``levels`` carry the overriding start values)."""


@dataclass(slots=True)
class Numbering:
    """Counters for every list of one document, advanced in body order."""

    instances: dict[str, _Instance] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root: _Element | None) -> Numbering:
        """Build from the ``w:numbering`` element (None when the document has none)."""
        if root is None:
            return cls()
        abstracts = {
            a.get(qn("w:abstractNumId")): {
                _int(lvl.get(qn("w:ilvl")), 0): _parse_level(lvl) for lvl in a.iter(qn("w:lvl"))
            }
            for a in root.iter(qn("w:abstractNum"))
        }
        aliases = _style_links(root)
        instances = {}
        for num in root.iter(qn("w:num")):
            abstract = _val(num, "w:abstractNumId") or ""
            abstract = aliases.get(abstract, abstract)
            levels = dict(abstracts.get(abstract, {}))
            restarts = set()
            for over in num.iter(qn("w:lvlOverride")):
                ilvl = _int(over.get(qn("w:ilvl")), 0)
                lvl = over.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl, levels.get(ilvl))
                start = _val(over, "w:startOverride")
                if start is not None:
                    levels[ilvl] = replace(levels.get(ilvl, Level()), start=_int(start, 1))
                    restarts.add(ilvl)
            instances[num.get(qn("w:numId"))] = _Instance(abstract, levels, frozenset(restarts))
        return cls(instances)

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level a list assigns to a paragraph style (heading numbering linked to styles)."""
        inst = self.instances.get(num_id)
        if inst is None or style_id is None:
            return None
        return next((i for i, lvl in sorted(inst.levels.items()) if lvl.style == style_id), None)

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance list ``num_id`` at level ``ilvl``; return (number, suffix) or None.

        None means "no visible number" (numId 0, unknown list, bullet or empty text).
        """
        inst = self.instances.get(num_id)
        if inst is None or ilvl not in inst.levels:
            return None
        # Word continues a list across w:num elements sharing one abstractNum; a
        # startOverride on a w:num restarts it the first time that w:num is used.
        counters = self.counters.setdefault(inst.abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            if inst.restarts:
                # Forget the overridden levels and everything below: they count afresh from
                # this instance's start values.
                for lvl in [k for k in counters if k >= min(inst.restarts)]:
                    del counters[lvl]
        level = inst.levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        self._reset_deeper(inst, counters, ilvl)
        if level.fmt == "bullet":
            return None
        label = self._render(inst, counters, level)
        return (label, level.suffix) if label else None

    @staticmethod
    def _reset_deeper(inst: _Instance, counters: dict[int, int], ilvl: int) -> None:
        for deeper, lvl in inst.levels.items():
            if deeper <= ilvl or deeper not in counters:
                continue
            restart_after = deeper if lvl.restart is None else lvl.restart
            if ilvl < restart_after:
                del counters[deeper]

    @staticmethod
    def _render(inst: _Instance, counters: dict[int, int], level: Level) -> str:
        def sub(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            ref = inst.levels.get(k, Level())
            value = counters.get(k, ref.start)
            fmt = "decimal" if level.legal and ref.fmt != "decimalZero" else ref.fmt
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(sub, level.text)
