"""The passage builder: feeds source lines through the outline stack, cutting each line at
its numbered units and writing every character into exactly one passage.

Work is linear in the length of a line: markers are matched in place (never on a copy of
the rest of the line), the outline stack stays shallow, and text glued onto the previous
passage is collected in pieces and joined once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from generator.models import Passage, SourceLine
from generator.parse.numbering import (
    ANGLE,
    EMPHASIS,
    HEADING_BRACKETS,
    NOTE_MARK,
    POINT,
    RUN_ON,
    SECTION,
    SUBSECTION,
    Marker,
    boundaries,
    clause_end,
)
from generator.parse.numbering import match_marker as _match
from generator.parse.outline import BOLD_LEAD, NESTED, Node, OutlineStack
from generator.parse.roles import detect_role
from generator.parse.tables import ROW, ROW_ASPECT

#: (and a table's cell separator after a row's only cell: │理论学习方面│)
_END_PUNCT = "。；;：:，,！!？?、.． \u3000│┃║|"
#: Marks that decorate a heading in a web article (▌理论学习方面, and emoji), not part of its
#: words.
_DECORATION = "▌▍▎▐█■◆●★☆▶► \u3000"
#: A superscript footnote reference ending a heading or lead (²): not a heading's own words.
_FOOTNOTE = re.compile(r"[¹²³⁴-⁹⁰]{1,2}$")
#: A footnote reference in a heading or lead (落实“三个区分开来”[1]还不够到位, …不够深入。[2]):
#: not its words.
_NOTE_REF = re.compile(rf"(?<=\S)(?:{NOTE_MARK})")
#: A 。 that OCR read as ``o`` ending a lead (学习不够深入o): not its words.
_OCR_STOP = re.compile(r"(?<=[\u4e00-\u9fff])(?<![〇零一二三四五六七八九十百千两])[o〇]$")
#: A count after a heading, not its words: （共18条）, （共5个方面）, （计六项）, (6项).
_COUNT_SUFFIX = re.compile(r"[（(](?:(?:共|计|計|合计|合計)\s*"
                           r"(?:\d{1,3}|[一二三四五六七八九十百]{1,4})|\d{1,3})\s*(?:[个個]方面|[个個]问题|[个個]問題|方面"
                           r"|[条條项項个個点點类類处處])[）)]$")
#: Brackets that set a point's lead off from its text, as bold does: 【…】, 〔…〕, ［…］.
LEAD_BRACKETS = {"【": "】", "〔": "〕", "［": "］"}
#: Corner brackets set a lead off too (1.「学习不深」。…), but they are also a copy's ordinary
#: quotation marks (「放管服」改革…): they are a lead's only when they close its clause.
QUOTE_LEADS = {"「": "」", "『": "』"}
_CLAUSE_AFTER = frozenset("。；;：:，,！!？?")
#: The longest bracketed category tag before a lead (［思想］, 【作风】, 【学习深度】; 【学用结合
#:不紧】 is a lead: in the blind sets' gold, tags have at most 4 characters, bracketed leads 6
#: or more).
_TAG = 5
#: Brackets a tag may stand in: the lead's, and ASCII ones ([作风]…).
_TAG_BRACKETS = {**LEAD_BRACKETS, "[": "]"}
#: The shortest lead or heading a dash, a colon or a tag may leave (not 一是——: a dash right
#: after the marker).
_MIN_LEAD = 4
#: Characters that must follow a heading's blank for it to end the heading (see RUN_ON).
_RUN_ON_REST = 12
#: The words that end a section's name, and what cannot follow them if they do.
_SECTION_WORDS = re.compile(r"(?:问题|原因|根源|分析|剖析|措施|举措|方向|打算|情况|收获)")
_NOT_AFTER_HEADING = frozenset("的及和与、，,。；;：:）)”")
#: A section number set apart from its heading (``01``, ``02``, ``1`` in a box of its own).
_BOX_NUMBER = re.compile(r"^0?[1-9]$")
#: An appendix's heading line: 附：整改清单, 附件1：问题清单, 附表.
_APPENDIX = re.compile(r"^附(?:件\s*\d{0,2}|表\s*\d{0,2})?\s*[：:]|^附(?:件|表)\s*\d{0,2}$")
#: Markup heading styles, outermost first.
_STYLE_RANK = {f"h{n}": n for n in range(1, 7)}


#: A count broken down in its sentence (共查摆问题4个方面12条，其中：1.…3条；2.…4条): the
#: numbers after it are the count's parts, not the report's points.
_TALLY = re.compile(r"其中[：:]\s*$")


def strip_end(text: str, number: str = "") -> str:
    """A heading or lead without end punctuation or leading decoration (▌), and without the
    closing emphasis mark when its number opened one (``**一、存在的问题**`` → ``存在的问题``)."""
    text = text.strip()
    mark = number[:2]
    if mark in EMPHASIS:
        text = text.replace(mark, "", 1) if mark in text else text
    elif closer := HEADING_BRACKETS.get(number[:1]):
        text = text.replace(closer, "", 1)
    if (closer := LEAD_BRACKETS.get(text[:1])) and text.endswith(closer) \
            and text.count(closer) == 1:
        text = text[1:-1]  # 【在知敬畏、存戒惧、守底线方面】: a heading set off by brackets
    text = _NOTE_REF.sub("", text.strip())
    text = _FOOTNOTE.sub("", text.rstrip(_END_PUNCT)).rstrip(_END_PUNCT)
    text = _OCR_STOP.sub("", text)
    text = _COUNT_SUFFIX.sub("", text).rstrip(_END_PUNCT)
    return text[_decoration_end(text):]


def _decoration_end(text: str) -> int:
    """Where ``text`` begins past leading decoration (▌, ★, ◎, 📌, blanks)."""
    start = 0
    while start < len(text) and (text[start] in _DECORATION or _is_symbol(text[start])):
        start += 1
    return start


def undecorated(text: str) -> str:
    """``text`` without the decoration it opens with (``◎ 存在的问题`` → ``存在的问题``)."""
    return text[_decoration_end(text):]


def _decorated_match(text: str) -> Marker | None:
    """The marker at the start of a line, looking through decoration before it
    (``📌 一、存在的问题``, ``▌（一）理论学习方面``): the marker's text includes it."""
    marker = _match(text)
    if marker is not None:
        return marker
    start = _decoration_end(text)
    inner = _match(text, start) if 0 < start < len(text) else None
    return replace(inner, text=text[:start] + inner.text) if inner else None


def _past_struck(text: str, start: int) -> int:
    """Where a lead or heading begins: past words struck out in Markdown at ``start`` (1.
    ~~政治站位不高。~~贯彻…: an editor's deletion, not what the item says)."""
    if text.startswith("~~", start) and (close := text.find("~~", start + 2)) > start + 2:
        return close + 2
    return start


def _is_symbol(ch: str) -> bool:
    """An emoji or pictograph (📖, ✅), or the variation selector after one."""
    return unicodedata.category(ch) == "So" or "\ufe00" <= ch <= "\ufe0f"


@dataclass(slots=True)
class Builder:
    stack: OutlineStack
    passages: list[Passage] = field(default_factory=list)
    scanned: int = 0
    """Characters cut out of lines (a work counter: linear in the input)."""
    _glued: list[str] = field(default_factory=list)
    _lead_end: int = 0
    """The line being fed's :attr:`SourceLine.lead_end`."""
    _bold_runs: tuple[tuple[int, int], ...] = ()
    """The line being fed's :attr:`SourceLine.bold_runs`."""
    _line: str = ""
    """The text of the line being fed."""
    _comma_run: bool = False
    """Whether the last point read ended at a comma (一是…，二是…: a list run on with commas)."""
    _section_style: str = ""
    """The markup style of the first unnumbered section heading (``h1``, ``h2``)."""
    _appendix: bool = False
    """Whether an appendix (附：…, 附件1) has begun: nothing after it is outline."""
    _numbered: bool = False
    """Whether the last styled line was a section number standing alone (``01``)."""
    _appendix_label: bool = False
    """Whether the last line was an appendix's label alone (附件, 附件1)."""
    tail_from: int = 0
    """The line where another report begins in the same file (``titles.second_report``;
    0: none): from it on, as after an appendix's heading, nothing is outline."""

    def feed(self, line: SourceLine) -> None:
        # A list item's number is in its text (1.学习不够。…): it is read like any numbered
        # line, its level decided by the report, its lead by its first clause.
        self.stack.depth, self.stack.line = line.depth, line.lineno
        appendix = _APPENDIX.match(line.text) if self.stack.roots else None
        labelled, self._appendix_label = self._appendix_label, False
        if appendix and not self._appendix and appendix.end() == len(line.text.rstrip()):
            # 附件 alone on its line: what it attaches is named on the next one
            self._appendix_label = True
            self._para(line.text, line.lineno)
            return
        if (appendix or labelled) and not self._appendix and detect_role(
                line.text[appendix.end() if appendix else 0:]) == "review":
            # 附件：2024年度民主生活会整改落实情况 (or 附件 / …整改落实情况): last year's
            # rectification, put after the signature, is the report's review section all the same
            node = self.stack.open_heading(SECTION, "appendix")
            marker = Marker("appendix", node.ordinal,
                            line.text[:appendix.end()] if appendix else "", SECTION)
            self._heading(node, line.text, marker, line.lineno, whole=True)
            return
        appendix = appendix or (re.match("", line.text) if labelled else None)
        if self._appendix or appendix or (
                self.stack.roots and 0 < self.tail_from <= line.lineno):
            # 附：整改清单 after the last section, or a second report: its lines are the
            # section's text, its numbered items no points of the report's
            self._appendix = True
            del self.stack.stack[1:]
            self._para(line.text, line.lineno)
            return
        if line.style == ROW:
            self._row(line)
            return
        if line.style == BOLD_LEAD:  # a paragraph opening with a bold sentence: a point
            marker = Marker(BOLD_LEAD, 0, "", POINT)
            node = self.stack.place(marker, True)
            if node is None or node.cls != POINT:
                self._para(line.text, line.lineno)
            else:
                self._point(node, line.text, marker, line.lineno, line.lead_end)
            return
        if line.style == ROW_ASPECT:  # a table's aspect cell: a subsection over its rows
            node = self.stack.open_heading(SUBSECTION, ROW_ASPECT)
            marker = Marker(ROW_ASPECT, node.ordinal, line.text[:line.lead_start], SUBSECTION)
            self._heading(node, line.text, marker, line.lineno, whole=True)
            return
        if line.style and line.style != "list":
            if line.style == "cell" and not self.stack.roots:
                # a form's row label above the report (分管工作, 对照检查内容): the
                # preamble's text; a layout table's row headings are a section's aspects
                self._para(line.text, line.lineno)
                return
            if _BOX_NUMBER.match(line.text) or not strip_end(line.text):
                # 01 in a box of its own, the section's heading beside it (web articles);
                # a heading of punctuation or symbols alone (。, ★) names nothing: text
                self._numbered = bool(_BOX_NUMBER.match(line.text))
                self._para(line.text, line.lineno)
                return
            self._styled(line)
            return
        text, pos, pending = line.text, 0, None
        self._line, self._comma_run = text, False
        self._lead_end = line.lead_end
        self._bold_runs = line.bold_runs
        for cut in [0, *boundaries(text)]:
            if pending and cut < pos + len(pending[1].text):
                continue  # inside the marker just read (the （一） of **（一）)
            if pending and not text[pos + len(pending[1].text):cut].strip():
                continue  # nothing read since the last marker: this one is its text (5  一、…)
            marker = _match(text, cut) if cut else _decorated_match(text)
            if marker and marker.family == ANGLE and not self._in_causes():
                marker = None  # 从政治上看，… analysing a case, not listing causes
            if marker and cut and _TALLY.search(text, 0, cut):
                marker = None  # 共查摆问题12条，其中：1.…3条；2.…: a count's parts, not points
            marker = self.stack.inner(marker, cut == 0) if marker else None
            decision = self.stack.decide(marker, cut == 0) if marker else None
            if decision is None:
                continue
            if cut > pos:  # the previous unit is written before the outline moves on
                self._flush(self._cut(text, pos, cut), pending, line.lineno, pos)
            pending, pos = (self.stack.apply(decision, marker), marker), cut
        self._flush(self._cut(text, pos, len(text)), pending, line.lineno, pos)

    def finish(self) -> list[Passage]:
        """The passages, with any glued text joined onto the last one."""
        self._join_glued()
        return self.passages

    def _cut(self, text: str, start: int, end: int) -> str:
        self.scanned += end - start
        return text[start:end]

    def _row(self, line: SourceLine) -> None:
        """A text table's row (see :mod:`generator.parse.tables`): a point whose lead is its
        problem cell, each row the next item of the table's list; the header is text."""
        node = None
        if line.lead_end:
            marker = Marker(ROW, 0, line.text[:line.lead_start], POINT)
            node = self.stack.place(marker, True)
        if node is None or node.cls != POINT:
            self._para(line.text, line.lineno)
            return
        self._point(node, line.text, marker, line.lineno, line.lead_end)

    def _styled(self, line: SourceLine) -> None:
        """A heading by markup: the whole line is the heading, numbered or not."""
        marker = _decorated_match(line.text)
        if marker is not None and line.style == "section" and marker.cls != SECTION:
            # a section numbered in another style (（三）对照…查摆的问题 between 二、 and 四、,
            # parse.unnumbered): a section all the same, its number kept
            node = self.stack.open_heading(SECTION, "style-section")
            self._heading(node, line.text, marker, line.lineno, whole=True)
            return
        if marker is not None and line.style == "aspect" and marker.cls == POINT:
            # 一是…方面 alone on its line, its points 一是…。 under it (unnumbered.
            # ordinal_headings): the section's aspect, its number kept
            node = self.stack.open_heading(SUBSECTION, "style-aspect")
            self._heading(node, line.text, marker, line.lineno, whole=True)
            return
        marker = self.stack.inner(marker, True) if marker else None
        node = self.stack.place(marker, True) if marker else None
        if node is not None and node.cls == POINT:  # **一是…。** : a point with a bold lead
            if line.style in _STYLE_RANK:
                self.stack.heading_point(node)
            self._point(node, line.text, marker, line.lineno)
            return
        if node is not None and node.cls == NESTED:
            self._para(line.text, line.lineno)
            return
        if node is None:
            cls = SECTION if self._numbered else self._styled_class(line.style)
            self._numbered = False
            node, marker = self.stack.open_heading(cls, f"style-{line.style}"), None
        # (a section's label run into its text, 整改措施：…, is a heading up to its colon)
        run_in = line.style == "run-in"
        self._heading(node, line.text, marker, line.lineno, whole=not run_in, rest_as_line=run_in)

    def _styled_class(self, style: str) -> str:
        """An unnumbered markup heading's level: h1/h2 (or the first heading) is a section;
        once a report's sections are h1 (or whatever heading opened them), its deeper headings
        are their aspects (Word's Heading 1 and Heading 2); other styles are subsections."""
        if style in ("section", "run-in"):  # a section heading by its words (parse.unnumbered)
            return SECTION
        if self._section_style and style in _STYLE_RANK:
            top = _STYLE_RANK[self._section_style]
            return SECTION if _STYLE_RANK[style] <= top else SUBSECTION
        if style in ("h1", "h2") or (style in _STYLE_RANK and not self.stack.roots):
            # (an h3 opening the report, its aspects h4: a web page numbering them by CSS)
            self._section_style = style
            return SECTION
        return SECTION if not self.stack.roots else SUBSECTION

    def _flush(self, text: str, pending: tuple[Node, Marker] | None, lineno: int,
               at: int) -> None:
        """Write the unit ``text`` (from ``at`` in its line) that ``pending`` opened."""
        line_start = at == 0
        text = text.rstrip()
        if pending is None:
            self._para(text, lineno)
        elif pending[0].cls == NESTED:
            if line_start or not self.passages:
                self._para(text, lineno)
            else:  # a nested list glued into its parent point stays part of that point
                self._glued.append(text)
        elif pending[0].cls == POINT:
            lead_end = self._lead_end if line_start else self._bold_lead(at, pending[1])
            self._point(pending[0], text, pending[1], lineno,
                        lead_end or self._comma_lead(text, pending[1], at))
        else:
            self._heading(pending[0], text, pending[1], lineno, whole=False)

    def _comma_lead(self, text: str, marker: Marker, at: int) -> int:
        """Where a point's lead ends in a list run on with commas (一是学习不深，白天…，二是…):
        at its first comma, when the point is an item of such a list (it ends at a comma or
        follows one) and has no stop before its end; 0 otherwise."""
        body = text.rstrip()
        ends_at_comma = body.endswith(("，", ","))
        # (the list's last item follows its previous item's comma: 二是…，三是…。)
        last = self._comma_run and at > 0 and self._line[at - 1] in "，,"
        self._comma_run = ends_at_comma
        if not (ends_at_comma or last) or not marker.text.endswith("是"):
            return 0
        start = len(marker.text)
        if clause_end(body, start) < len(body.rstrip("。；;！？!?，,")):
            return 0  # a stop inside: the lead ends there, as anywhere else
        comma = min((i for i in (body.find("，", start), body.find(",", start)) if i > 0),
                    default=0)
        return comma if comma < len(body) - 1 else 0

    def _bold_lead(self, at: int, marker: Marker) -> int:
        """Where a run-in point's bold lead ends (…；<b>二是学习不深</b>，…, or 二是<b>…</b>):
        the end, from ``at``, of the line's bold run that opens at its marker or after it;
        0 if none does."""
        for start, end in self._bold_runs:
            if start in (at, at + len(marker.text)):
                return end - at
        return 0

    def _heading(self, node: Node, text: str, marker: Marker | None, lineno: int,
                 whole: bool, rest_as_line: bool = False) -> None:
        """A heading up to where it ends in ``text``; the rest is a paragraph, or with
        ``rest_as_line`` (a section's label run into its text: 存在问题：一是…) read as a line
        of its own, whose points are points."""
        start = _past_struck(text, len(marker.text) if marker else 0)
        end = len(text) if whole else clause_end(text, start)
        if whole and marker is not None and marker.cls in (SECTION, SUBSECTION) \
                and marker.family not in ("appendix", ROW_ASPECT):
            # a numbered Word heading that goes on after its sentence (Heading 2 （二）初心使命
            # 的践行有所偏差。受…影响，…): the heading is that sentence, the rest its text
            stop = clause_end(text, start, "。！？!?")
            if start + _MIN_LEAD <= stop and len(text[stop:].strip()) >= _MIN_LEAD:
                end = stop
        colon = clause_end(text, start, "：:")
        if whole and start + _MIN_LEAD <= colon < end or (
                colon < end and node.cls == SECTION and detect_role(text[start:colon]) != "other"):
            end = colon  # （一）在…方面：summary。 (a bold line), 原因：从思想上找根源: text
        if start < (dash := text.find("——", start, end)):
            end = dash  # （一）…方面——政治站位还不够高: the summary after the dash is text
        if (run := RUN_ON.search(text, start + _MIN_LEAD, end)) and \
                end - run.end() >= _RUN_ON_REST:
            end = run.start()  # 一、主要收获 通过主题教育，…: a copy that lost the line break
        elif not whole and node.cls == SECTION and (
                comma := min((i for i in (text.find("，", start, end), text.find(",", start, end))
                              if i >= 0), default=-1)) >= 0:
            # a copy that lost its line breaks: 一、上年度民主生活会整改情况上年度民主生活会上，
            # 我…: a heading does not go on with a comma; it ends at the first words that end
            # a section's name
            for found in _SECTION_WORDS.finditer(text, start, comma - _MIN_LEAD):
                if found.end() - start >= _MIN_LEAD and \
                        text[found.end()] not in _NOT_AFTER_HEADING and \
                        detect_role(text[start:found.end()]) != "other":
                    end = found.end()
                    break
        # (a table's aspect cell is numbered by nothing: the │ before it is the table's)
        node.number = marker.text if marker and marker.family != ROW_ASPECT else ""
        if node.number[:2] in EMPHASIS and text.startswith(node.number[:2], end):
            end += 2  # **（一）…方面。** keeps its closing mark
        node.heading = strip_end(text[start:end], node.number)
        parent = self._chain()[:-1]
        node.role = parent[0].role if parent else detect_role(node.heading)
        node.passage = len(self.passages)
        self._add("heading", text[:end], lineno, node.number, node.heading)
        if rest_as_line and text[end:].strip():
            self.feed(SourceLine(text[end:].strip(), lineno))
        elif text[end:].strip():
            self._para(text[end:].strip(), lineno)

    def _point(self, node: Node, text: str, marker: Marker, lineno: int,
               lead_end: int = 0) -> None:
        start = _past_struck(text, len(marker.text))
        end = clause_end(text, start)
        mark = marker.text[:2]
        if mark in EMPHASIS and start < (close := text.find(mark, start)) < end:
            end = close  # **2. 学科建设“重申报、轻建设”**，有的…: the bold span is the lead
        if start < lead_end < end:
            end = lead_end  # the same in Markdown, whose reader removed the marks
        elif start + _MIN_LEAD <= (dash := text.find("——", start, end)):
            end = dash  # 1.政治判断力还不够敏锐——对涉农领域…: the dash closes the lead
        if (closer := _TAG_BRACKETS.get(text[start:start + 1])) and \
                start + 1 < (close := text.find(closer, start)) <= start + 1 + _TAG \
                and clause_end(text, close + 1) - close > _MIN_LEAD:
            # 1.［思想］党员理想信念教育抓得不够经常。: a category tag before the lead
            start = close + 1
            end = clause_end(text, start)
        elif (closer := LEAD_BRACKETS.get(text[start:start + 1])) and \
                start + 1 < (close := text.find(closer, start)) <= end + 1:
            start, end = start + 1, close  # 1.【学用结合不紧】对…: the bracketed words are the lead
        elif (closer := QUOTE_LEADS.get(text[start:start + 1])) and \
                start + 1 < (close := text.find(closer, start)) <= end and \
                (close + 1 == len(text) or text[close + 1] in _CLAUSE_AFTER):
            start, end = start + 1, close  # 1.「学用结合不紧」。…: the quoted clause is the lead
        node.heading = strip_end(text[start:end], marker.text)
        node.number = marker.text
        node.role = self._chain()[0].role
        node.passage = len(self.passages)
        self._add("point", text, lineno, marker.text, node.heading)

    def para(self, line: SourceLine) -> None:
        """``line`` as a paragraph, whatever it looks like (a look-alike's text)."""
        self._para(line.text, line.lineno)

    def _para(self, text: str, lineno: int) -> None:
        if text:
            self._add("para", text, lineno, "", None)

    def _in_causes(self) -> bool:
        return bool(self.stack.roots) and self.stack.roots[-1].role == "causes"

    def _chain(self) -> list[Node]:
        return [n for n in self.stack.stack if n.cls != NESTED]

    def _join_glued(self) -> None:
        if self._glued:
            last = self.passages[-1]
            self.passages[-1] = replace(last, text=last.text + "".join(self._glued))
            self._glued.clear()

    def _add(self, kind: str, text: str, lineno: int, number: str, lead: str | None) -> None:
        self._join_glued()
        chain = self._chain()
        section = chain[0].heading if chain else None
        sub = next((n.heading for n in chain[1:] if n.cls == SUBSECTION), None)
        if chain and chain[0].cls == SUBSECTION:
            sub = chain[0].heading
        self.passages.append(Passage(
            kind=kind, text=text, role=chain[0].role if chain else "preamble",
            path=".".join(map(str, chain[-1].path)) if chain else "", line=lineno,
            number=number, lead=lead or None, level=len(chain), section=section,
            heading=sub))
