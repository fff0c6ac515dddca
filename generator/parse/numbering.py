"""Numbering recognisers: an ordered table of small rules, like markdown-it's rule chain.

Each rule looks at the start of a string and returns a :class:`Marker` or ``None``. The
parser tries the rules in table order at the start of every line and after every clause
boundary inside a line (headings glued to the previous paragraph are common).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

#: Simplified and traditional numerals (the traditional script shares them; 〇/零 for 10+).
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUM = "[一二三四五六七八九十]{1,3}"
#: 一 as OCR reads it (a dash), for the first marker of a list only: — 、存在的问题, —是….
_CN_ONE_OCR = "—ー－"
#: A Chinese numeral, or 一 misread as a dash (standing alone).
_CN_NUM_OCR = f"(?:{_CN_NUM}|[{_CN_ONE_OCR}])"
#: Capital numerals (壹、贰、) number a report's top level, with 一、 a level below.
_CN_CAPITAL = {"壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6,
               "柒": 7, "捌": 8, "玖": 9, "拾": 10}
#: Parenthesised numbers as single characters: ㈠ (an aspect, as （一）) and ⑴ (as （1）).
_PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
_PAREN_AR = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
#: ⒈…⒛: a number and its full stop as one character, read as 1. is.
#: Public service lines a point may open with (12345热线, 12388举报, 110接警).
_HOTLINE = r"(?:12345|12315|12348|12388|12333|12366|12328|12320|12369|110|119|120|122)"
_DIGIT_STOPS = "".join(chr(c) for c in range(0x2488, 0x249C))
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: Three runs of ten: ❶…❿, ➀…➉, ➊…➓.
_DINGBATS = "".join(chr(c) for c in range(0x2776, 0x2794))
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN_ASCII = "(?:VIII|VII|III|II|IV|VI|IX|I|V|X)"
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                 "IX": 9, "X": 10}


def _roman_to_int(text: str) -> int:
    return _ROMAN.index(text) + 1 if text in _ROMAN else _ROMAN_VALUES[text]


def _latin_to_int(text: str) -> int:
    return ord(text) - (ord("A") if text < "\x80" else ord("Ａ")) + 1


def _dash_ordinal(text: str) -> int:
    major, minor = re.split("[-－–]", text)
    return int(major) * 100 + int(minor)


#: 一方面，…另一方面，… (two points, as 一是…二是…).
_SIDES = {"一方面": 1, "另一方面": 2}
#: 最后 ("finally") has no number: 0, read as the item after whichever came before.
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "最后": 0, "最後": 0}

#: Outline classes: a section (一、), a subsection (（一）), a point (一是), or ``flex`` for
#: Arabic/circled numbering whose class depends on where it appears.
SECTION, SUBSECTION, POINT, FLEX = "section", "subsection", "point", "flex"
#: The family of 第一部分 (a part): the report's top level, with 一、 items a level below it.
PART = "cn_part"
#: The family of unnumbered list items: read at line starts only, each follows the last.
BULLET = "bullet"
#: Their marks (Markdown - / * / +, Word ● ■ ◆ …, and Word's Symbol/Wingdings bullets as a
#: text export leaves them: a private-use character or Ø, or, where the export's encoding
#: could not hold the glyph, ? or U+FFFD), for a regex character class.
BULLET_MARKS = ("\\-*+•●○■□◆◇▪►▲△▶➢❖❑➔✔Ø\uf06c\uf06e\uf076\uf0a7\uf0b7\uf0d8\uf0fc"
                "?？\ufffd")
#: The glyph bullets among them, which a copy may run straight into the text (■理论学习方面):
#: they are never part of a word, unlike - * + and Ø.
GLYPH_BULLETS = "•●○■□◆◇▪►▲△▶➢❖❑➔"


@dataclass(frozen=True, slots=True)
class Marker:
    family: str
    """Which numbering scheme: ``cn_dun`` (一、), ``cn_paren`` (（一）), ``cn_shi`` (一是), …"""
    ordinal: int
    text: str
    """The marker as written, e.g. ``（三）``."""
    cls: str


def cn_to_int(text: str) -> int:
    """``十二`` → 12, ``二十`` → 20, ``三`` → 3 (and an OCR dash for 一 → 1)."""
    if text in _CN_ONE_OCR:
        return 1
    if "十" not in text:
        return sum(_CN_DIGITS[c] * 10**i for i, c in enumerate(reversed(text)))
    tens, _, units = text.partition("十")
    return (cn_to_int(tens) if tens else 1) * 10 + (cn_to_int(units) if units else 0)


def _regex_rule(family: str, pattern: str, cls: str,
                ordinal: Callable[[str], int]) -> Callable[[str], Marker | None]:
    compiled = re.compile(pattern)

    def rule(text: str, pos: int = 0) -> Marker | None:
        match = compiled.match(text, pos)
        if not match:
            return None
        return Marker(family, ordinal(match.group("n")), match.group(0), cls)

    rule.__name__ = family
    return rule


def _line_start(rule: Callable[[str, int], Marker | None]) -> Callable[[str, int], Marker | None]:
    """``rule`` read only at the start of a line (its marker would be too common inside one)."""

    def at_start(text: str, pos: int = 0) -> Marker | None:
        return rule(text, pos) if pos == 0 else None

    at_start.__name__ = rule.__name__
    return at_start


#: (A task-list item's checkbox, ``- [x] `` / ``- [ ] ``, is part of its mark.)
#: (——对…的学习还不够深入。: a dash opening a line of sentences is a list mark too; not a
#: subtitle, ——在…会上的发言, which has no full stop.)
_BULLET_RE = re.compile(rf"(?:[{BULLET_MARKS}][ \t\u3000]+(?:\[[ xX✓√]\][ \t]*)?"
                        rf"|[{GLYPH_BULLETS}])(?=\S)|——(?=[\u4e00-\u9fff“][^\n]*?[。；;])")


def _bullet(text: str, pos: int = 0) -> Marker | None:
    """An unnumbered list item. Each mark is a family of its own, so that a report's ■ items
    can hold its ▲ items (as Word's bullet levels do)."""
    match = _BULLET_RE.match(text, pos)
    if not match or (text[pos] == "—" and pos > 0):  # a dash inside a line is punctuation
        return None
    return Marker(BULLET + text[pos], 1, match.group(0), FLEX)


def _order_word(text: str, pos: int = 0) -> Marker | None:
    for word, n in _ORDER_WORDS.items():
        if text.startswith(word, pos) and text[pos + 2:pos + 3] in {"，", ",", "、", "："}:
            return Marker("order_word", n, text[pos:pos + 3], POINT)
    for word, n in _SIDES.items():
        end = pos + len(word)
        if text.startswith(word, pos) and text[end:end + 1] in {"，", ",", "："}:
            return Marker("sides", n, text[pos:end + 1], POINT)
    return None


#: After a marker: a space or two is part of it (``一、 存在的问题``, ``1. 学习``), then text.
_GAP = r"[ \t\u00a0\u3000]{0,2}(?=\S)"

#: The rest of a line that is a short heading: no clause punctuation, 2-24 characters.
_SHORT_LINE = r"[ \t\u3000]{0,2}[^，,。；;：:！？!?\n]{2,24}$"

#: A footnote's or an endnote's reference mark: [1], ［1］, 〔注1〕.
NOTE_MARK = r"\[\d{1,2}\]|［[\d０-９]{1,2}］|〔注\s*\d{1,2}〕"
#: The family of 从思想上看，… (read as a point in the causes only).
ANGLE = "cn_angle"
#: What causes are seen from (从思想上看，…).
_ANGLES = ("(?:思想|政治|党性|作风|纪律|能力|理论|宗旨|责任|担当|工作|组织|制度|廉洁|学习|观念"
           "|认识|信念|精神|素质|本领|履职|管理|监督)")
#: The rule table, in priority order. Every marker must be followed by text.
RULES: tuple[Callable[[str, int], Marker | None], ...] = (
    # 一、 (and 一． 一. ; 一， only before a short heading that ends the line: 一，存在的问题).
    # (A copy run through OCR may space a marker out: 一 、 / （ 一 ） / 二 是.)
    _regex_rule("cn_dun",
                rf"(?P<n>{_CN_NUM_OCR}) ?(?:、|．|\.(?!\d)|[，,](?={_SHORT_LINE})){_GAP}",
                SECTION, cn_to_int),
    _regex_rule("cn_paren", rf"[（(] ?(?P<n>{_CN_NUM}) ?[）)][、.．]?{_GAP}", SUBSECTION,
                cn_to_int),
    # （—） at a line's start: （一） as OCR reads its 一 (a dash), before Han text.
    _line_start(_regex_rule("cn_paren", rf"[（(] ?(?P<n>[{_CN_ONE_OCR}]) ?[）)]{_GAP}"
                            r"(?=[\u4e00-\u9fff“])", SUBSECTION, cn_to_int)),
    # C二) at a line's start: （二） as OCR misreads its bracket.
    _line_start(_regex_rule("cn_paren", rf"C(?P<n>{_CN_NUM})[）)]{_GAP}(?=[\u4e00-\u9fff“])",
                            SUBSECTION, cn_to_int)),
    # 〔一〕 (tortoise-shell brackets, as official documents bracket a year): the same level.
    _regex_rule("cn_paren", rf"〔(?P<n>{_CN_NUM})〕[、.．]?{_GAP}", SUBSECTION, cn_to_int),
    # 〖一〗存在的问题 / 【一】…: a section number in lenticular brackets before its heading.
    _regex_rule("cn_dun", rf"[〖【](?P<n>{_CN_NUM})[〗】]{_GAP}", SECTION, cn_to_int),
    _regex_rule("cn_paren", rf"(?P<n>[{_PAREN_CN}])[、.．]?{_GAP}", SUBSECTION,
                lambda c: _PAREN_CN.index(c) + 1),
    # 一）with only its closing bracket, as 1）is written (not 一是 / 一要: those come first).
    _regex_rule("cn_paren", rf"(?P<n>{_CN_NUM})[）)]{_GAP}", SUBSECTION, cn_to_int),
    _regex_rule("cn_shi", rf"(?P<n>{_CN_NUM_OCR}) ?是(?![的否非]){_GAP}", POINT, cn_to_int),
    # 一则…二则… (reasons as a list), not a count (一则消息, 三则案例).
    _regex_rule("cn_ze", rf"(?P<n>{_CN_NUM})则(?![消新案故通公报短材广寓典])[，,]?{_GAP}", POINT,
                cn_to_int),
    # 一要…二要… (measures written as what must be done), not 一要素 / 三要求.
    _regex_rule("cn_yao", rf"(?P<n>{_CN_NUM})要(?![求素点件是害紧务、，,]){_GAP}", POINT,
                cn_to_int),
    # 第一部分 (a part: the top level) and 第一方面 (an aspect: a subsection), before 第一，.
    _regex_rule(PART, rf"第(?P<n>{_CN_NUM})部分[，,、：:．.]?{_GAP}", SECTION, cn_to_int),
    _regex_rule("cn_aspect", rf"第(?P<n>{_CN_NUM})个?方面[，,、：:．.]{_GAP}", SUBSECTION,
                cn_to_int),
    # 第一章 / 第一节 opening a line (Word's outline numbering exported as text): chapters are
    # the report's parts, 节 their aspects.
    _line_start(_regex_rule(PART, rf"第(?P<n>{_CN_NUM})章[，,、：:．.]?{_GAP}", SECTION,
                            cn_to_int)),
    _line_start(_regex_rule("cn_aspect", rf"第(?P<n>{_CN_NUM})节[，,、：:．.]?{_GAP}",
                            SUBSECTION, cn_to_int)),
    _regex_rule("cn_di",
                rf"第(?P<n>{_CN_NUM})(?:个问题[是，,：:]|个方面是|[点条]?[，,、：:]){_GAP}",
                POINT, cn_to_int),
    # …or set off by a wide blank at a line's start (第一　存在的问题: a heading's number)
    _line_start(_regex_rule("cn_di", rf"第(?P<n>{_CN_NUM})(?:\u3000+|[ \t]{{2,}})(?=\S)", POINT,
                            cn_to_int)),
    # …and in Arabic digits, with its 点 / 条 (第1条，), unlike a date or a quarter (第1、2季度).
    _regex_rule("cn_di", rf"第(?P<n>\d{{1,2}})(?:个问题是|[点条][，,、：:]){_GAP}", POINT, int),
    _regex_rule(PART, rf"(?P<n>[{''.join(_CN_CAPITAL)}])[、．.]{_GAP}", SECTION,
                _CN_CAPITAL.__getitem__),
    _regex_rule("cn_qi", rf"其(?P<n>{_CN_NUM})[，,、：:]{_GAP}", POINT, cn_to_int),
    # 问题一：… / 措施2：… (a problem list numbered by a label, often across the aspects): its
    # level is the report's, points, or the groups of （1） points under them.
    _regex_rule("cn_label",
                rf"(?:问题|措施|举措|原因)(?P<n>{_CN_NUM}|\d{{1,2}})[：:、，,．.]{_GAP}", FLEX,
                lambda n: int(n) if n.isdigit() else cn_to_int(n)),
    _order_word,
    # 从思想上看，… 从作风上看，…: causes listed by the angle they are seen from (at a line's
    # start: inside a sentence it is a phrase; and not 从主观上看, an argument's turn). No
    # number: each is the item after the last.
    _line_start(_regex_rule(ANGLE, rf"从(?P<n>{_ANGLES})(?:上|方面|层面|角度)看[，,：:]{_GAP}",
                            POINT, lambda _: 0)),
    # Roman numerals (Ⅰ. Ⅱ. or I. II.): the top level of some reports, the points under
    # 一、 of others (Ⅰ、…Ⅱ、…): their level is the report's, as 1. is.
    _regex_rule("roman", rf"(?P<n>[{_ROMAN}]|{_ROMAN_ASCII})[、.．]{_GAP}(?=[^\x00-\x7f])",
                FLEX, _roman_to_int),
    # (a Roman numeral sign, unlike I. or V., may precede a year: Ⅰ. 2024年度…整改落实情况)
    _regex_rule("roman", rf"(?P<n>[{_ROMAN}])[、.．]{_GAP}(?=(?:19|20)\d\d)", FLEX, _roman_to_int),
    # Capital letters (A．对照检查出的问题 / B．… / C．…, ASCII or full width), before Han words:
    # a level as 1. is, the report's.
    _regex_rule("latin", rf"(?P<n>[A-HＡ-Ｈ])[、.．]{_GAP}(?=[\u4e00-\u9fff])", FLEX,
                _latin_to_int),
    # A decimal outline (1 / 2.1 / 2.1.1, as in enterprise documents): the depth is the class.
    _regex_rule("ar_dec3", r"\d{1,2}\.\d{1,2}\.(?P<n>\d{1,2})(?:[ \t\u3000]{1,2}|[、．])"
                r"(?=[^\x00-\x7f])", POINT, int),
    _regex_rule("ar_dec2",
                r"\d{1,2}\.(?P<n>\d{1,2})(?:[ \t\u3000]{1,2}|[、．])(?=[^\x00-\x7f])",
                SUBSECTION, int),
    # 1-1 / 2-3 (aspect - point, as enterprise problem lists number them; a space or 、
    # after it): a point, its ordinal the pair (2-3 → 203), so that 2-1 after 1-2 is the next
    # point, not a nested list. Not a range (1-2 月, 3-5 个).
    _regex_rule("ar_dash", r"(?P<n>\d{1,2}[-－–]\d{1,2})(?:[ \t\u3000]{1,2}|[、．])"
                r"(?=[\u4e00-\u9fff“「【])(?![月季年日周天时号期届级层岁名人次个项家])", POINT,
                _dash_ordinal),
    # …and its top level, a bare number and a space before a short heading line (1 存在的问题).
    # (Not a table row: 1<tab>学习不深<tab>…)
    _regex_rule("ar_bare", r"(?P<n>\d{1,2})[ \u3000]{1,2}"
                r"(?=[\u4e00-\u9fff][^，,。；;：:！？!?\t\n]{1,29}$)", SECTION, int),
    # 一 存在的问题: a Chinese number and a space before a short heading line, as a copy
    # that lost the 、 prints it.
    _regex_rule("cn_bare", rf"(?P<n>{_CN_NUM})[ \u3000]{{1,2}}"
                r"(?=[\u4e00-\u9fff][^，,。；;：:！？!?\t\n]{1,29}$)", SECTION, cn_to_int),
    # 1 学习不深。…: a number and a space opening a sentence that goes on past its first
    # stop (a point whose 、 or . was lost); only at a line's start (see ``_line_start``).
    _line_start(_regex_rule(
        "ar_space", r"(?P<n>\d{1,2})[ \u3000](?=[\u4e00-\u9fff“][^\t\n]*?[。；;])", FLEX, int)),
    _regex_rule("ar_paren", rf"[（(](?P<n>\d{{1,2}})[）)][、.．]?{_GAP}", FLEX, int),
    _regex_rule("ar_paren", rf"(?P<n>[{_PAREN_AR}])[、.．]?{_GAP}", FLEX,
                lambda c: _PAREN_AR.index(c) + 1),
    # 1.5亿 is a number, but 1.2021年度… is a heading numbered 1., and 2.12345热线… a point
    # numbered 2. about a public service line (12345, 12315, 12388, 110, …)
    # (… and 1 ．, as a PDF copy spaces digits out)
    _regex_rule("ar_dot", rf"(?P<n>\d{{1,2}}) ?(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d\d年)"
                rf"|\.(?={_HOTLINE}[\u4e00-\u9fff](?<![万亿元千百个余多]))){_GAP}", FLEX, int),
    _regex_rule("ar_dot", rf"(?P<n>[{_DIGIT_STOPS}]){_GAP}", FLEX,
                lambda c: _DIGIT_STOPS.index(c) + 1),
    # l. / l、: 1 as OCR reads it (a lowercase L), before Han text.
    _regex_rule("ar_dot", rf"(?P<n>l)[、．.]{_GAP}(?=[\u4e00-\u9fff“])", FLEX, lambda c: 1),
    # [1] ［2］ opening a line before its text: a list number, not the footnote reference it
    # looks like (a footnote mark ends a clause; see builder._FOOTNOTE).
    _line_start(_regex_rule("ar_square", rf"[\[［](?P<n>\d{{1,2}})[\]］]{_GAP}"
                            r"(?=[\u4e00-\u9fff“「【])", FLEX, int)),
    # 1）with only its closing bracket, as some copies write it.
    _regex_rule("ar_half", rf"(?P<n>\d{{1,2}})[）)]{_GAP}", FLEX, int),
    _regex_rule("circled", rf"(?P<n>[{_CIRCLED}])[、.．]?{_GAP}", FLEX,
                lambda c: _CIRCLED.index(c) + 1),
    # ❶ ➀ ➊: the dingbat circled numbers web editors offer, read as ① is.
    _regex_rule("circled", rf"(?P<n>[{_DINGBATS}])[、.．]?{_GAP}", FLEX,
                lambda c: _DINGBATS.index(c) % 10 + 1),
    # 1️⃣ 2️⃣ 🔟: keycap emoji (a digit, VS16, U+20E3) as WeChat articles number their lists.
    _regex_rule("keycap", rf"(?P<n>\d\ufe0f?\u20e3|\U0001f51f)[、.．]?{_GAP}", FLEX,
                lambda c: 10 if c == "\U0001f51f" else int(c[0])),
    # A. B. C. (a capital letter and a stop) before Chinese text or a bracketed lead.
    _regex_rule("letter", rf"(?P<n>[A-H])[.．、)）]{_GAP}(?=[\u4e00-\u9fff〔【［“「（])", FLEX,
                lambda c: ord(c) - 64),
    # a) b) / a. b. (lower case, as plain-text exports of Word's letter lists print them): a
    # family of its own, so that a report's A. items can hold its a) items.
    _regex_rule("letter_lower", rf"(?P<n>[a-h])[.．、)）]{_GAP}(?=[\u4e00-\u9fff〔【［“「（])",
                FLEX, lambda c: ord(c) - 96),
    # i. ii. iii. (lower-case Roman numerals, as plain-text exports of Word's lists print
    # them) opening a line before Chinese text.
    _line_start(_regex_rule("roman_lower", rf"(?P<n>{_ROMAN_ASCII.lower()})[.．、)）]{_GAP}"
                            r"(?=[\u4e00-\u9fff〔【［“「（])", FLEX,
                            lambda c: _roman_to_int(c.upper()))),
    # 甲、乙、丙、 (the heavenly stems as ordinals) opening a line before its text.
    _line_start(_regex_rule("stem", rf"(?P<n>[{_STEMS}])[、．.]{_GAP}(?=[\u4e00-\u9fff“「（])",
                            FLEX, lambda c: _STEMS.index(c) + 1)),
    # An unnumbered list item (Markdown - / * / +, Word ● ■ ◆): each one is the next item.
    _bullet,
)
#: Flexible families that carry a number (1. / （1） / ①), unlike bullets.
NUMBERED_FLEX = frozenset({"ar_paren", "ar_dot", "ar_half", "ar_space", "ar_square", "circled",
                           "cn_label", "keycap", "letter", "letter_lower", "roman",
                           "roman_lower", "stem"})


#: Emphasis marks a copy may wrap a numbered lead or heading in (``**一、存在的问题**``).
EMPHASIS = ("**", "__")
#: Brackets a copy may wrap a whole numbered heading in (``【一、存在的问题】``, as WPS
#: templates do), by opener: looked through as emphasis is.
HEADING_BRACKETS = {"【": "】", "〖": "〗", "［": "］"}


def match_marker(text: str, pos: int = 0) -> Marker | None:
    """The first rule in :data:`RULES` that matches at ``text[pos:]`` (no copy is made).

    Presentation is looked through: ``**一是…。**`` (bold that closes later on the line) is
    numbered ``一是``, and the marker's text (``**一是``) keeps the emphasis mark, so that it
    is still a prefix of the passage. So is a bracket round a whole heading
    (``【一、存在的问题】``)."""
    marker = _first_rule(text, pos)
    if marker is not None and marker.cls == FLEX:
        # ■一、存在的问题: a glyph decorating a numbered heading is not a list item of its
        # own; nor is Word's automatic number exported before the typed one (1. 一、…)
        inner = _first_rule(text, pos + len(marker.text))
        if inner is not None and (inner.cls in (SECTION, SUBSECTION) or (
                marker.family.startswith(BULLET) and not inner.family.startswith(BULLET))):
            return replace(inner, text=marker.text + inner.text)
    if marker is not None:
        return marker
    mark = text[pos:pos + 2]
    if mark in EMPHASIS and text.find(mark, pos + 3) > 0:
        inner = _first_rule(text, pos + 2)
        if inner is not None:
            return replace(inner, text=mark + inner.text)
    closer = HEADING_BRACKETS.get(text[pos:pos + 1])
    if closer and text.find(closer, pos + 3) > 0:
        inner = _first_rule(text, pos + 1)
        if inner is not None and inner.cls in (SECTION, SUBSECTION, PART):
            return replace(inner, text=text[pos] + inner.text)
    return marker


def _first_rule(text: str, pos: int) -> Marker | None:
    for rule in RULES:
        marker = rule(text, pos)
        if marker is not None:
            return marker
    return None


#: Characters after which a new numbered unit may start inside a line.
BOUNDARY = "。；;！!？?：:"
_CLOSERS = "”’」』）)》〕】\"'"
_OPENERS = {"“": "”", "《": "》", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】"}


#: Quotes and brackets longer than this are taken as unbalanced, not as a quotation.
_MAX_SPAN = 150
_OPENER_RE = re.compile("[" + re.escape("".join(_OPENERS)) + '"]')


@lru_cache(maxsize=256)
def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of balanced quotes and brackets, outermost first.

    A pair counts only if it closes within :data:`_MAX_SPAN` characters, so a stray or
    reversed quote (``”十五五“``, common in the wild) never swallows a paragraph.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = _OPENER_RE.search(text, pos)
        if match is None:
            return tuple(spans)
        i = match.start()
        closer = _OPENERS.get(text[i], '"')
        j = _closing(text, i, closer)
        if j < 0:
            pos = i + 1
        else:
            spans.append((i, j))
            pos = j + 1


def _closing(text: str, i: int, closer: str) -> int:
    """Index of the character closing the opener at ``i`` (nesting of the same pair
    counted), or -1 if it does not close within :data:`_MAX_SPAN`."""
    opener, depth = text[i], 0
    for k in range(i + 1, min(len(text), i + _MAX_SPAN + 1)):
        ch = text[k]
        if ch == closer and (depth == 0 or closer == '"'):
            return k
        if ch == closer:
            depth -= 1
        elif ch == opener:
            depth += 1
    return -1


def _inside(spans: tuple[tuple[int, int], ...], i: int) -> bool:
    # Spans are disjoint and sorted (outermost only), so the last one starting before i decides.
    k = bisect.bisect_right(spans, (i, _BIG)) - 1
    return k >= 0 and spans[k][0] < i < spans[k][1]


_BIG = 1 << 62


_STOPS = "。；;：:！!？?"
# ASCII ; and : end a clause only after non-ASCII text: not in `javascript:` or `x=1;`.
#: (an ``o`` or ``〇`` between Han characters is a 。 that OCR misread: 还需加强o面对…)
#: (and an ASCII full stop after Han text and before a blank or the end: a copy with
#: half-width punctuation, 宗旨意识有所弱化. 对…)
_STOP_RE = re.compile(r"[。；！？!?：]|(?<![A-Za-z0-9_.=/])[;:]"
                      r"|(?<=[\u4e00-\u9fff])o(?=[\u4e00-\u9fff])"
                      # (a 〇 between Han words too, but not in a numeral: 二〇二四年)
                      r"|(?<=[^\W\d〇零一二三四五六七八九十百千两])(?<=[\u4e00-\u9fff])〇"
                      r"(?=[\u4e00-\u9fff])(?![〇零一二三四五六七八九十百千年])"
                      r"|(?<=[\u4e00-\u9fff”’）)])\.(?=[ \u3000]|$)"
                      # (or between Han words: a copy whose every 。 became ．, 难题．制定…)
                      r"|(?<=[\u4e00-\u9fff”’）)])[.．](?=[\u4e00-\u9fff“‘「（(]|\d)")


def clause_end(text: str, start: int = 0, stops: str = _STOPS) -> int:
    """Index just past the first clause of ``text[start:]``: up to a stop character that
    is not inside quotes or brackets, or ``len(text)``."""
    spans = quote_spans(text)
    pattern = _STOP_RE if stops == _STOPS else re.compile(f"[{re.escape(stops)}]")
    for match in pattern.finditer(text, start):
        if not _inside(spans, match.start()):
            return match.end()
    return len(text)


_BOUNDARY_RE = re.compile(f"[{BOUNDARY}][{re.escape(_CLOSERS)} \u3000]*")
#: A （一）-style marker glued straight onto a heading with no punctuation between
#: (``一、存在的问题（一）理论学习方面``), but not a reference like ``第（一）项``.
_GLUED_PAREN = re.compile(rf"(?<![第\s])[（(]{_CN_NUM}[）)]")


#: A list of 是-points opening after a comma (案件警示我们，一是…；二是…): the comma is its
#: boundary as a colon would be (its later items follow a ；or 。 anyway), when a 二是 follows
#: a clause later; not the idiom 一是一、二是二.
_COMMA_LIST = re.compile(r"(?<=[，,])(?=一是(?!一)[^；;。]+[；;。].{0,200}?二是)")
#: A paragraph that is one list run on with commas (一是学习不深，白天…，二是调研不实，…; or
#: after a few words, 分析起来，一是…): its first 是-point opens the paragraph, and each next
#: one follows a comma.
_COMMA_OPEN = re.compile(r"^\s*(?:[^，,。；;：:\s]{1,8}[，,：:]\s*)?(?=一是(?!一))")
_COMMA_NEXT = re.compile(r"(?<=[，,])(?=([二三四五六七八九十])是(?!\1))")
_PREVIOUS = dict(zip("二三四五六七八九十", "一二三四五六七八九", strict=True))


def _comma_items(text: str) -> list[int]:
    """Offsets where the items of a paragraph run on with commas begin: its 一是 (when words
    come before it) and each next 是-point after a comma whose previous one stands before it;
    none unless the paragraph opens with the list and its 二是 follows a comma."""
    opened = _COMMA_OPEN.match(text)
    if not opened:
        return []
    out, expect = [opened.end()] if opened.end() else [], "二"
    for m in _COMMA_NEXT.finditer(text):
        if m.group(1) == expect and _PREVIOUS[expect] + "是" in text[:m.start()]:
            out.append(m.start())
            expect = "三四五六七八九十 "[("二三四五六七八九十".index(expect))]
    return out if len(out) > bool(opened.end()) else []


#: A point glued onto the heading before it, as copies that lost their line breaks have it:
#: straight or after one blank after a heading's last word (``…方面一是…``, ``…方面 1 ．…``,
#: ``二、原因分析一是…``, ``三、整改措施1.…``), or after a blank after any words
#: (``（三）对照人民群众新期待 1.为群众…``): a blank that prose does not put before a number.
_POINT_START = rf"(?:{_CN_NUM}是|\d{{1,2}} ?[、．.](?!\d)|[（(]\d{{1,2}}[）)]|[①-⑳])"
_AFTER_ASPECT = re.compile(rf"(?<=方面|分析|剖析|原因|根源|措施|打算|方向|举措)[ \u3000\u00a0]?"
                           rf"(?={_POINT_START})|(?<=[\u4e00-\u9fff”’）)])[ \u3000\u00a0]+"
                           rf"(?={_POINT_START})")


#: A wide gap inside a line (an ideographic space, or two spaces or more): where a copy runs
#: a heading's first item onto its line (``1.理论学习方面　（1）学习不够。…``).
WIDE_GAP = re.compile(r"(?<=\S)(?:\u3000+|  +)(?=\S)")


#: A sentence's stop typed as an ASCII full stop and a blank (…拧得不紧. 二是…), as copies with
#: half-width punctuation have it (not a decimal point: a blank follows), or between Han words
#: (…拧得不紧．二是…: a copy whose every 。 became ．), or before the next number (…不紧.2.…).
_ASCII_STOP = re.compile(r"(?<=[\u4e00-\u9fff”’）)])[.．]"
                         r"(?:[ \u3000]+(?=\S)|(?=[\u4e00-\u9fff“（(])"
                         # …or the next point's number straight after it (…不系统.2.落实…)
                         r"|(?=\d{1,2}[.．、](?!\d)))")


def boundaries(text: str) -> list[int]:
    """Offsets inside ``text`` where a glued numbered unit could begin: right after a
    clause boundary (and any closing quotes, and after a bold mark there), outside quotes
    and brackets; after a wide gap (U+3000, two spaces), an ASCII stop and a blank, or a
    heading's last word and a blank (``RUN_ON``); and before a
    （一） glued to the text before it. The outline stack still has to accept the marker
    there (its numbering must follow on), so a stray one stays text."""
    spans = quote_spans(text)
    out: set[int] = set()
    for match in _BOUNDARY_RE.finditer(text):
        if not _inside(spans, match.start()) and match.end() < len(text):
            out.add(match.end())
            if text[match.end():match.end() + 2] in EMPHASIS:  # 。**一是 closing a bold lead
                out.add(match.end() + 2)
    out.update(m.start() for m in _GLUED_PAREN.finditer(text) if m.start() > 0)
    out.update(m.end() for m in (*_AFTER_ASPECT.finditer(text), *_COMMA_LIST.finditer(text))
               if not _inside(spans, m.start()))
    out.update(m.end() for m in WIDE_GAP.finditer(text) if not _inside(spans, m.start()))
    out.update(i for i in _comma_items(text) if not _inside(spans, i))
    out.update(m.end() for m in (*_ASCII_STOP.finditer(text), *RUN_ON.finditer(text))
               if not _inside(spans, m.start()))
    return sorted(out)


#: A heading run into its first sentence with only a blank between (a copy that lost the line
#: break: 一、主题教育以来的主要收获 通过主题教育，…) ends at the blank after a heading's last
#: word (spaces inside a heading, 2025 年度 or 第 一时间, follow other words). The builder cuts
#: there when enough text follows; repair keeps such a blank when it removes the others.
RUN_ON = re.compile(r"(?<=方面|情况|问题|收获|剖析|分析|原因|根源|措施|方向|差距|不足|举措|打算|"
                     r"体会|启示|教训|成效)[ \u3000\u00a0]+"
                     r"(?=[\u4e00-\u9fff“「（(]|\d{1,2}[、.．])")
