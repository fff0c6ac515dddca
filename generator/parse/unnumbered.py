"""Unnumbered outline: section headings and problem points written without a number.

Some reports number nothing at the top level: their sections are lines of their own that
say what they are (``存在的主要问题``, ``反面典型案例剖析``, ``整改措施：``), and the first
numbered level below them is the aspects (（一）) or the points (1.). Such a line is a
section heading when the report has no numbered section at all, the line is short, has no
punctuation inside, ends in a section word, and its words give it a role, and at least two
such lines with different roles, one of them the problems, are found.

Problem points written as unnumbered paragraphs under an aspect heading.

Some reports number their aspects (（一）理论学习方面, on a line of its own) but not the
problems under them: each problem is a paragraph that opens with a short statement
(``对系统内意识形态工作的研判不够经常；全年只专题研究过一次…``) followed by its evidence.
Such paragraphs are points with that statement as lead, in the same way as 一是… would be.

Read that way only when the whole problems section is written so: no numbered point in it,
every aspect heading on its own line, the first paragraph under every aspect and every later
one opening with a statement, except paragraphs that continue the point before them
(比如…, 这…, 但…: they stay its paragraphs), and at least one aspect with two or more
statements. A single prose paragraph per aspect stays prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from generator.chars import to_simplified
from generator.models import Passage, SourceLine
from generator.parse.builder import BOLD_LEAD, Builder, strip_end, undecorated
from generator.parse.numbering import (
    PART,
    POINT,
    SECTION,
    SUBSECTION,
    Marker,
    clause_end,
    match_marker,
)
from generator.parse.outline import Node
from generator.parse.roles import detect_role
from generator.readers.text import AFTER_LEAD

#: The style given to a section heading found by its words (see :func:`unnumbered_sections`).
SECTION_LINE = "section"
_SECTION_WORDS = (r"[^，,。；;：:！!？?、\s]{2,28}"
                  r"(?:问题|不足|差距|原因|根源|剖析|分析|措施|举措|打算|方向|情况|查摆|收获)")
#: …or as a plain writer asks them (问题在哪里, 为啥会这样, 下一步怎么改).
_PLAIN_SECTION = (r"[^，,。；;：:！!？?、\s]{0,8}(?:问题|不足|差距)(?:在哪里|在哪儿|有哪些|是什么)"
                  r"|(?:问题)?(?:为什么|为啥|咋会|怎么会)[^，,。；;：:！!？?、\s]{0,10}"
                  r"|(?:问题的?)?(?:原因|根源)(?:是什么|在哪里|在哪儿|分析|剖析)?"
                  r"|[^，,。；;：:！!？?、\s]{0,8}(?:怎么改|怎么办|怎么做|咋改|咋办)")
#: (a short one may end in a full stop, 整改措施。; a longer one ending so is a sentence:
#: 我觉得自己有以下几条差距。)
_SECTION_LINE = re.compile(rf"^(?:(?:{_SECTION_WORDS}|{_PLAIN_SECTION})[：:？?]?"
                           rf"|(?=.{{2,10}}。$)(?:{_SECTION_WORDS}|{_PLAIN_SECTION})。)$")
#: A section of the author's own matters, wherever it stands among the unnumbered sections.
_OWN_MATTERS = re.compile(r"^(?:关于)?[^，,。；;：:！!？?\s]{0,20}"
                          r"(?:有关事项|函询|批评意见|家风|家教|意识形态工作)[^，,。；;：:！!？?\s]{0,12}(?:情况|说明|报告)[：:]?$")
#: A section's label run into its first paragraph (整改措施：深入贯彻…, as a bold label).
_RUN_IN = re.compile(rf"^(?:{_SECTION_WORDS}|{_PLAIN_SECTION})[：:](?=\S)")
#: The style given to a line that opens so (see :func:`unnumbered_sections`).
RUN_IN_LINE = "run-in"
_SECTION_ROLES = ("review", "problems", "case", "causes", "measures")


def unnumbered_sections(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with each unnumbered section heading styled :data:`SECTION_LINE` (when the
    report is written so; otherwise unchanged)."""
    found: dict[int, str] = {}
    numbered = False
    for i, line in enumerate(lines):
        if line.style in ("h1", "h2"):
            return lines  # the report's sections are marked up
        marker = match_marker(line.text)
        if marker is not None:
            if marker.cls == SECTION or marker.family == PART:
                # The report numbers its sections, unless its 一、 items come after an
                # unnumbered section line and name no section (存在的主要问题： / 一、对照党章
                # 党规 / 二、对照…: the four 对照 are its aspects, as under a markup heading).
                numbered = True
                named = to_simplified(undecorated(line.text[len(marker.text):]))
                # (…始终坚持正确政治方向方面, …急难愁盼问题方面: an aspect, whatever its words)
                if not found or marker.family == PART or detect_role(named) in _SECTION_ROLES \
                        and not strip_end(named, "").endswith("方面"):
                    return _unnumbered_among_numbered(lines)
            continue
        # (◎ 存在的问题: a glyph before it; 存在的問題: traditional script)
        words = to_simplified(undecorated(line.text))
        if line.style not in ("", "bold"):  # (a bold line: **原因分析：**)
            continue
        if _SECTION_LINE.match(words) and i + 1 < len(lines):
            style, role = SECTION_LINE, detect_role(words)
        elif run_in := _RUN_IN.match(words):
            style, role = RUN_IN_LINE, detect_role(run_in.group())
        else:
            continue
        if role in _SECTION_ROLES:
            found[i] = style, role
    roles = {role for _, role in found.values()}
    if "problems" not in roles or len(roles) < 2:
        return _unnumbered_among_numbered(lines) if numbered else lines
    # (an account of the meeting's preparation before them: 主题教育开展情况, 会前准备情况,
    # 主题教育开展以来的主要收获)
    # …and, anywhere among them, an account of the author's own matters (个人有关事项报告情况,
    # 关于本人被谈话函询情况的说明, 关于批评意见的说明, 家风家教情况).
    first = min(found)
    for i, line in enumerate(lines[:-1]):
        words = to_simplified(undecorated(line.text))
        if i in found or line.style or match_marker(line.text) is not None:
            continue
        if i < first and _SECTION_LINE.match(words) and words.rstrip("：:").endswith(
                ("情况", "收获")) or _OWN_MATTERS.match(words) and detect_role(words) == "other":
            found[i] = SECTION_LINE, "other"
    return [replace(line, style=found[i][0], lead_start=0)
            if i in found else line for i, line in enumerate(lines)]

#: The order sections come in: an unnumbered section among numbered ones must fit it.
_ORDER = {"review": 0, "problems": 1, "case": 2, "causes": 3, "measures": 4}


def _unnumbered_among_numbered(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with a section heading whose number the author left out (三、…案例剖析 /
    问题产生的原因 / 四、整改措施) styled :data:`SECTION_LINE`: a short unpunctuated line
    that names a section role none of the numbered sections has, in its place between the
    numbered sections before and after it (the causes after the case, before the measures)."""
    numbered: list[tuple[int, str]] = []  # (line, role) of each numbered section
    ordinals: dict[int, int] = {}  # line → its section number
    candidates: list[tuple[int, str]] = []
    misnumbered: dict[int, int] = {}  # line → number of a section written （三）
    for i, line in enumerate(lines):
        marker = match_marker(line.text)
        if marker is not None:
            rest = to_simplified(undecorated(line.text[len(marker.text):]))
            if marker.cls == SECTION and marker.family != PART:
                numbered.append((i, detect_role(rest)))
                ordinals[i] = marker.ordinal
            elif (marker.cls == SUBSECTION and line.style in ("", "bold")
                  and _SECTION_LINE.match(rest) and detect_role(rest) in _ORDER):
                candidates.append((i, detect_role(rest)))
                misnumbered[i] = marker.ordinal
            continue
        words = to_simplified(undecorated(line.text))
        if line.style in ("", "bold") and _SECTION_LINE.match(words) and i + 1 < len(lines):
            role = detect_role(words)
            if role in _ORDER:
                candidates.append((i, role))
    have = {role for _, role in numbered}
    found = set()
    for i, role in candidates:
        before = [r for j, r in numbered if j < i and r in _ORDER]
        after = [r for j, r in numbered if j > i and r in _ORDER]
        if i in misnumbered:
            # （三）对照…查摆的问题 between 二、 and 四、: a section numbered in the aspects' style
            prev = [ordinals[j] for j, _ in numbered if j < i]
            succ = [ordinals[j] for j, _ in numbered if j > i]
            if not (prev and succ and prev[-1] + 1 == misnumbered[i] == succ[0] - 1):
                continue
        if role not in have and before and after \
                and _ORDER[before[-1]] < _ORDER[role] < _ORDER[after[0]]:
            found.add(i)
    if not found:
        return lines
    return [replace(line, style=SECTION_LINE, lead_start=0)
            if i in found else line for i, line in enumerate(lines)]


#: A heading in 【】 with no number, alone on its line (【在知敬畏、存戒惧、守底线方面】).
_BRACKETED = re.compile(r"^【([^【】。；;！!？?]{2,40})】[：:]?$")
#: The style given to such a line (see :func:`bracketed_headings`): an unnumbered heading.
BRACKET_LINE = "bracket"


def bracketed_headings(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with each unnumbered heading in 【】 styled :data:`BRACKET_LINE`: a heading
    the way a bold line is one. Read so when a plain-text report has two or more such lines
    and numbers no subsection itself ((一) would be its aspects, and lines in 【】 under them
    a point's lead on its own line)."""
    found = []
    for i, line in enumerate(lines):
        marker = match_marker(line.text)
        if marker is not None and marker.cls == SUBSECTION:
            return lines
        match = None if line.style else _BRACKETED.match(line.text.strip())
        if match and match_marker(match.group(1)) is None:
            found.append(i)
    return _restyle(lines, found if len(found) >= 2 else [], BRACKET_LINE)


_MIN_LEAD, _MAX_LEAD = 6, 50
#: Paragraph openings that continue the previous paragraph rather than state a problem.
_CONTINUES = re.compile(r"^(?:比如|例如|譬如|如|另外|此外|同时|特别是|尤其|这|那|但|而|对此|总之"
                        r"|综上|以上|上述|其中|究其|为此|因此|所以|由此|今后|下一步)")


def unnumbered_points(builder: Builder) -> None:
    """Turn the qualifying paragraphs into points (in ``builder``, in place); or, where an
    aspect's problems are the clauses of one paragraph, those clauses (see
    :func:`_clause_points`)."""
    split: dict[int, list[Passage]] = {}
    for section in builder.stack.roots:
        if section.role in _LISTING_ROLES and not section.kids:
            _section_points(builder, section)
        if section.role != "problems":
            continue
        subs = [kid for kid in section.kids if kid.cls == SUBSECTION]
        if not subs or len(subs) != len(section.kids) or any(sub.kids for sub in subs):
            continue
        leads = [_leads(builder.passages, sub) for sub in subs]
        if all(leads) and max(sum(1 for _, lead in found if lead) for found in leads) >= 2:
            for sub, found in zip(subs, leads, strict=True):
                _make_points(builder, sub, found)
        elif all(clauses := [_clause_points(builder.passages, sub) for sub in subs]):
            for sub, (i, parts) in zip(subs, clauses, strict=True):
                split[i] = _clauses_as_points(builder.passages[i], sub, parts)
        elif all(runs := [_statement_runs(builder.passages, sub) for sub in subs]) and any(
                sum(1 for part in parts if _statement_of(part)) >= 2 for _, parts in runs):
            for sub, (i, parts) in zip(subs, runs, strict=True):
                split[i] = _clauses_as_points(builder.passages[i], sub, parts, _first_sentence)
    if split:
        _splice(builder, split)


#: Sections whose items a copy may list as paragraphs without their numbers (a Word list's
#: numbers lost in a text export): 强化政治引领。坚持…  / 提高资金效益。对…
_LISTING_ROLES = ("problems", "causes", "measures")
#: Such an item's lead is short (a measure or a cause named in a few words: 加强学习).
_SHORTEST_ITEM, _SHORT_LEAD = 4, 16
_MIN_ITEMS = 3


def _section_points(builder: Builder, section: Node) -> None:
    """A section with no aspects and no numbered points whose paragraphs, three or more,
    each open with a short statement and go on with its text, is a list of points whose
    numbers were lost; what follows them without such a statement (局党组将以此次…, the
    signature) stays text."""
    path = ".".join(map(str, section.path))
    i = section.passage + 1
    found: list[tuple[int, str]] = []
    while i < len(builder.passages) and builder.passages[i].kind == "para" \
            and builder.passages[i].path == path:
        found.append((i, _statement(builder.passages[i].text, _SHORTEST_ITEM)))
        i += 1
    items = 0
    while items < len(found) and found[items][1] and len(found[items][1]) <= _SHORT_LEAD:
        items += 1
    if items < _MIN_ITEMS or any(lead for _, lead in found[items:]) or builder.passages[
            section.passage].line == builder.passages[found[0][0]].line:
        return
    _make_points(builder, section, found[:items])


#: What may open an aspect's paragraph of problems before its first clause (主要表现在：).
_INTRO = re.compile(r"^[^，,。；;：:！!？?]{2,20}[：:]")
_MIN_CLAUSES = 2


def _clause_points(passages: list[Passage], sub: Node) -> tuple[int, list[str]] | None:
    """``(passage index, clauses)`` when the aspect ``sub`` holds one paragraph, on a line of
    its own, of problems written without numbers and separated by ``；`` (主要表现在：学习的
    系统性不强，…；学习的主动性有差距，…；…。): the intro (if any) and each clause with its
    ``；``, in order; else ``None``."""
    i = sub.passage + 1
    path = ".".join(map(str, sub.path))
    if (i >= len(passages) or passages[i].kind != "para" or passages[i].path != path
            or passages[i].line == passages[sub.passage].line
            or (i + 1 < len(passages) and passages[i + 1].path == path)):
        return None
    text = passages[i].text
    intro = _INTRO.match(text)
    start = intro.end() if intro else 0
    parts = [intro.group()] if intro else []
    for clause in re.split(r"(?<=[；;])", text[start:]):
        if not _MIN_LEAD <= len(strip_end(clause)) <= _MAX_CLAUSE or match_marker(clause):
            return None
        parts.append(clause)
    clauses = len(parts) - bool(intro)
    return (i, parts) if clauses >= _MIN_CLAUSES and text.rstrip().endswith("。") else None


def _statement_runs(passages: list[Passage], sub: Node) -> tuple[int, list[str]] | None:
    """``(passage index, parts)`` when the aspect ``sub`` holds one paragraph, on a line of
    its own, that opens with a short statement and may state more after evidence (落实…的
    主动性还有差距。对上级…晚报送了9天。维护班子团结的办法不够多。县委…): a part per statement
    with its evidence; else ``None``."""
    i = sub.passage + 1
    path = ".".join(map(str, sub.path))
    if (i >= len(passages) or passages[i].kind != "para" or passages[i].path != path
            or passages[i].line == passages[sub.passage].line
            or (i + 1 < len(passages) and passages[i + 1].path == path)):
        return None
    sentences = [x for x in re.split(r"(?<=。)", passages[i].text) if x]
    if not sentences or not _statement_of(sentences[0]):
        return None
    parts = [sentences[0]]
    for k in range(1, len(sentences)):
        before, sentence = sentences[k - 1], sentences[k]
        after = sentences[k + 1] if k + 1 < len(sentences) else ""
        if _statement_of(sentence) and len(before) >= _EVIDENCE and len(after) >= _EVIDENCE:
            parts.append(sentence)
        else:
            parts[-1] += sentence
    return i, parts


#: A statement among evidence sentences: short, one clause, not a connective's sentence.
_STATEMENT = re.compile(r"^[^，,、；;：:！!？?\d]{6,20}。")
_EVIDENCE = 20


def _first_sentence(part: str) -> str:
    return strip_end(part[:part.find("。") + 1])


def _statement_of(part: str) -> bool:
    return bool(_STATEMENT.match(part)) and not _CONTINUES.match(part)


#: The longest clause read as one problem (a longer one is an argument, not a list item).
_MAX_CLAUSE = 90


def _clauses_as_points(passage: Passage, sub: Node, parts: list[str],
                       lead_of: Callable[[str], str] = strip_end) -> list[Passage]:
    """The passages that replace ``passage``: its intro as text, each clause a point, its
    lead ``lead_of`` the clause (all of it, or its first sentence)."""
    out = []
    for part in parts:
        if part.endswith(("：", ":")):
            out.append(replace(passage, text=part))
            continue
        lead = lead_of(part)
        path = (*sub.path, len(sub.kids) + 1)
        sub.kids.append(Node(POINT, "clause", len(sub.kids) + 1, path, heading=lead,
                             role=sub.role))
        out.append(replace(passage, kind="point", text=part, lead=lead,
                           path=".".join(map(str, path)), level=len(path)))
    return out


def _splice(builder: Builder, split: dict[int, list[Passage]]) -> None:
    """Replace passages by their parts (``split``: index → parts) and renumber the outline's
    passage indices; a clause point's node gets its part."""
    passages: list[Passage] = []
    moved: dict[int, int] = {}
    clause_nodes: dict[str, int] = {}
    for i, passage in enumerate(builder.passages):
        moved[i] = len(passages)
        for part in split.get(i, [passage]):
            if part is not passage and part.kind == "point":
                clause_nodes[part.path] = len(passages)
            passages.append(part)
    builder.passages[:] = passages

    def renumber(nodes: list[Node]) -> None:
        for node in nodes:
            key = ".".join(map(str, node.path))
            node.passage = clause_nodes.get(key, moved.get(node.passage, node.passage)) \
                if node.family == "clause" else moved.get(node.passage, node.passage)
            renumber(node.kids)

    renumber(builder.stack.roots)


def _leads(passages: list[Passage], sub: Node) -> list[tuple[int, str]]:
    """``(passage index, lead)`` of each paragraph under ``sub`` (lead ``""`` for one that
    continues the point before it), or ``[]`` unless the heading stands on its own line and
    every paragraph opens with a statement or continues one."""
    path = ".".join(map(str, sub.path))
    found = []
    i = sub.passage + 1
    while i < len(passages) and passages[i].kind == "para" and passages[i].path == path:
        if passages[i].line == passages[sub.passage].line:
            return []  # a heading run into its prose
        lead = _statement(passages[i].text)
        if not lead and not (found and _CONTINUES.match(passages[i].text)):
            return []
        found.append((i, lead))
        i += 1
    return found


def _statement(text: str, shortest: int = _MIN_LEAD) -> str:
    """The opening statement of a paragraph, when it reads as one: a clause ending in 。 or
    ；, of a point lead's length (``shortest`` characters at least), with evidence after it."""
    end = clause_end(text)
    if end >= len(text) or text[end - 1] not in "。；;" or _CONTINUES.match(text):
        return ""
    lead = strip_end(text[:end])
    return lead if shortest <= len(lead) <= _MAX_LEAD else ""


def _make_points(builder: Builder, sub: Node, found: list[tuple[int, str]]) -> None:
    path: tuple[int, ...] = ()
    for i, lead in found:
        passage = builder.passages[i]
        if lead:  # a new point
            path = (*sub.path, len(sub.kids) + 1)
            sub.kids.append(Node(POINT, "unnumbered", len(sub.kids) + 1, path, heading=lead,
                                 role=sub.role, passage=i))
            # (✅每天学一点。…: a glyph before the lead is the point's mark, its number)
            at = passage.text.find(lead)
            mark = passage.text[:at] if at > 0 and not _HAN.search(passage.text[:at]) else ""
            passage = replace(passage, kind="point", lead=lead, number=mark or passage.number)
        builder.passages[i] = replace(passage, path=".".join(map(str, path)), level=len(path))


_HAN = re.compile(r"[\u3400-\u9fff]")


#: A point-style ordinal line (一是…, 第一，…) standing alone as a heading: no sentence in it.
_ORDINAL_HEADING = re.compile(r"^[^。；;！!？?]{2,60}$")


def ordinal_headings(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with the headings of a report that numbers every level as points (一是上年度
    整改落实情况 / 二是对照检查查摆的问题 / 一是…方面 / 一是…。) styled: the bare ordinal lines
    whose words name two or more section roles, one of them the problems, and that count on
    from 一 (一是…情况, 二是…问题, 三是…原因), are :data:`SECTION_LINE`; the bare ordinal lines
    inside a section are :data:`ASPECT_LINE` when there are two or more (its aspects, with
    their points under them). The builder keeps their numbers. A report with any section
    numbered (一、) or marked up is left alone: its bare 一是 lines are points (一是理论学习与业务
    工作存在差距 names no section); one whose aspects are numbered (（一）) keeps them."""
    bare: dict[int, tuple[str, int]] = {}
    aspects = False  # (第一、…问题 / （一）…方面 / 1．…: the sections' aspects are numbered)
    for i, line in enumerate(lines):
        marker = match_marker(line.text)
        if line.style not in ("", "bold") or marker is not None and marker.cls in (SECTION, PART):
            return lines
        aspects = aspects or marker is not None and marker.cls == SUBSECTION
        if marker is None or marker.cls != POINT:
            continue
        at = line.text.find(marker.text)
        words = to_simplified(undecorated(line.text[at + len(marker.text):]))
        if _ORDINAL_HEADING.match(words) and i + 1 < len(lines):
            bare[i] = detect_role(words), marker.ordinal
    # (the first may be an account of the author's study, 第一、主要收获, and the last a
    # member's pledge, 第五　个人承诺: the other parts, counted on with the rest)
    sections: list[int] = []
    for i, (role, ordinal) in sorted(bare.items()):
        if ordinal == len(sections) + 1 and (role in _SECTION_ROLES or not sections or (
                {bare[j][0] for j in sections} >= {"problems", "measures"})):
            sections.append(i)
    roles = {bare[i][0] for i in sections}
    if "problems" not in roles or len(roles & set(_SECTION_ROLES)) < 2:
        return lines
    inner = [i for i in bare if i not in sections and i > sections[0]]
    out = _restyle(lines, sections, SECTION_LINE)
    return _restyle(out, inner, ASPECT_LINE) if len(inner) >= 2 and not aspects else out


#: An aspect heading with no number, alone on its line (带头强化政治忠诚、提高政治能力方面),
#: not a sentence announcing a list (主要表现在以下几个方面).
_ASPECT_LINE = re.compile(r"^[^。；;！!？?：:]{2,60}方面(?:找差距|查差距|的问题)?[：:，,]?$"
                          # (对照党章党规, 对照先进典型、身边榜样: the 2019 四个对照, bare)
                          r"|^对照[^。；;！!？?：:，,\s]{2,14}[：:]?$")
_ANNOUNCES = re.compile(r"(?:以下|如下|几个|[一二三四五六七八九十两\d]个|等|各|多)方面[：:]?$")
#: The style given to such a line (see :func:`aspect_lines`): an unnumbered heading.
ASPECT_LINE = "aspect"


#: A paragraph opened by an aspect and a comma, the aspect's points run on after it (在政治
#: 信仰方面，主要有两点不足：一是…；二是…).
_RUN_IN_ASPECT = re.compile(r"^(在[^，,。；;：:！!？?\s]{2,20}方面)([，,：:])(?=\S)")
#: …with its list opening at once or after a few words (主要有两点不足：一是…).
_LIST_START = re.compile(r"^(?:[^。；;]{0,16}[：:，,])?\s*"
                         r"(?:一是|首先|第一[，,、]|[(（]?[1１][)）.．、])")


def run_in_aspects(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with each run-in aspect split from its paragraph (the aspect, with its
    comma, on a line of its own, then the rest), when two or more paragraphs of a report open
    so and a point list (一是…) runs on in them: the aspects are then the report's unnumbered
    subsections (see :func:`aspect_lines`). No character is dropped or changed."""
    found = [i for i, line in enumerate(lines)
             if not line.style and match_marker(line.text) is None
             and (m := _RUN_IN_ASPECT.match(to_simplified(line.text)))
             and _LIST_START.match(line.text[m.end():])]
    if len(found) < 2:
        return lines
    out: list[SourceLine] = []
    for i, line in enumerate(lines):
        if i not in found:
            out.append(line)
            continue
        cut = _RUN_IN_ASPECT.match(to_simplified(line.text)).end()
        out.append(SourceLine(line.text[:cut], line.lineno))
        out.append(replace(line, text=line.text[cut:], lead_end=max(0, line.lead_end - cut),
                           lead_start=max(0, line.lead_start - cut),
                           bold_runs=tuple((max(0, a - cut), b - cut)
                                           for a, b in line.bold_runs if b > cut)))
    return out


def aspect_lines(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with each unnumbered aspect heading styled :data:`ASPECT_LINE` (a heading the
    way a bold line is one), when a plain-text report has two or more and numbers no
    subsection among them (its aspects are then these lines; the causes after them may be
    （一）…)."""
    found: list[int] = []
    numbered: dict[int, Marker] = {}
    for i, line in enumerate(lines):
        marker = match_marker(line.text)
        if marker is not None and marker.cls == SUBSECTION:
            numbered[i] = marker
            continue
        words = to_simplified(undecorated(line.text))
        if (not line.style and marker is None and _ASPECT_LINE.match(words)
                and not _ANNOUNCES.search(words) and i + 1 < len(lines)):
            found.append(i)
    if len(found) < 2 or any(found[0] < i < found[-1] for i in numbered):
        return _missing_numbers(lines, found, numbered)
    return _restyle(lines, found, ASPECT_LINE)


def _missing_numbers(lines: list[SourceLine], found: list[int], numbered: dict[int, Marker]
                     ) -> list[SourceLine]:
    """``lines`` with an aspect heading whose number the author left out styled
    :data:`ASPECT_LINE`: between （一） and （三） of one numbering, the missing （二）."""
    out = []
    for i in found:
        before = [m for j, m in numbered.items() if j < i]
        after = [m for j, m in numbered.items() if j > i]
        if (before and after and before[-1].family == after[0].family
                and before[-1].ordinal + 2 == after[0].ordinal):
            out.append(i)
    return _restyle(lines, out, ASPECT_LINE) if out else lines


#: A bare heading line: short, no sentence punctuation (坚持不懈强化理论武装).
_BARE_HEADING = re.compile(r"^[^。；;：:！!？?]{4,30}(?<![，,、])$")
#: The paragraph under it: long, and a sentence.
_PROSE_MIN = 30


def bare_heading_lines(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with the bare heading lines of a report that numbers nothing (Word's automatic
    numbering lost in a copy as text) styled :data:`ASPECT_LINE`: in a section found by its
    words (:func:`unnumbered_sections`), two or more short unpunctuated lines each over a
    paragraph of prose are its subsections (the measures' 坚持不懈强化理论武装 / prose …)."""
    if not any(line.style == SECTION_LINE for line in lines) or any(
            (m := match_marker(line.text)) is not None and m.cls in (SECTION, SUBSECTION)
            for line in lines):
        return lines
    found: list[int] = []
    section: list[int] = []
    for i, line in enumerate(lines):
        if line.style == SECTION_LINE:
            if len(section) >= 2:
                found += section
            section = []
            continue
        after = lines[i + 1] if i + 1 < len(lines) else None
        if (not line.style and match_marker(line.text) is None
                and _BARE_HEADING.match(line.text.strip()) and after is not None
                and not after.style and match_marker(after.text) is None
                and len(after.text) >= _PROSE_MIN and "。" in after.text):
            section.append(i)
    if len(section) >= 2:
        found += section
    return _restyle(lines, found, ASPECT_LINE)


_SECTION_STYLES = ("h1", "h2", SECTION_LINE, RUN_IN_LINE)
#: A bold lead's length in characters (a clause, not a paragraph in bold).
_BOLD_LEAD_CHARS = (4, 40)


def bold_lead_points(lines: list[SourceLine]) -> list[SourceLine]:
    """``lines`` with the paragraphs of a section that opens each of them with a bold sentence
    and numbers none (**宗旨意识还不够强。**对…) styled :data:`BOLD_LEAD`, when there are two
    or more: the section's points, as if numbered."""
    groups: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        marker = match_marker(line.text)
        if line.style in _SECTION_STYLES or marker is not None and marker.cls == SECTION:
            groups.append([])
        else:
            groups[-1].append(i)
    found: list[int] = []
    whole: list[int] = []
    for group in groups[1:]:  # (not the text above the first section: the preamble)
        # (a number behind an emoji is a number: **💡（三）切实解决…。**…)
        leads = [i for i in group if _bold_sentence(lines[i])
                 and match_marker(undecorated(lines[i].text)) is None]
        if any(_numbers_items(lines[i]) for i in group):
            # the section numbers its items: they are read by their numbers, and a bold lead
            # beside them is an item only when it is a whole point (not a list's intro, …：)
            leads = [i for i in leads if not _INTRO_END.search(lines[i].text)]
        if len(leads) >= 2:
            found += leads
            whole += _whole_bold_points(lines, group)
    lines = _restyle(lines, found, BOLD_LEAD)
    return [replace(line, style=BOLD_LEAD, lead_end=len(line.text)) if i in whole else line
            for i, line in enumerate(lines)] if whole else lines


def _whole_bold_points(lines: list[SourceLine], group: list[int]) -> list[int]:
    """In a list of bold-lead points under numbered aspects (**（一）…方面** / **宗旨意识淡化**，
    对…), a bold statement with nothing after it (**办实事存在重数量轻质量的倾向。**) is a point
    stated in its lead alone: the aspects carry numbers, so an unnumbered bold line is none."""
    def numbered_head(i: int) -> bool:
        marker = match_marker(lines[i].text)
        return lines[i].style == "bold" and marker is not None and marker.cls == SUBSECTION

    if not any(map(numbered_head, group)):
        return []
    return [i for i in group if lines[i].style == "bold" and match_marker(lines[i].text) is None
            and strip_end(lines[i].text) != lines[i].text.rstrip()
            and lines[i].text.rstrip()[-1:] in "。！？!?"
            and _BOLD_LEAD_CHARS[0] <= len(strip_end(lines[i].text)) <= _BOLD_LEAD_CHARS[1]]


#: A paragraph ending as a list's introduction (主要表现在：), not as a point.
_INTRO_END = re.compile(r"[：:]\s*$")


def _numbers_items(line: SourceLine) -> bool:
    """A numbered item (a subsection's number, （一）在理论学习上, numbers no item)."""
    marker = match_marker(line.text)
    return marker is not None and marker.cls not in (SECTION, SUBSECTION) and not line.style


def _bold_sentence(line: SourceLine) -> bool:
    """A paragraph opening with a bold sentence (**宗旨意识还不够强。**对…) or a bold clause
    its sentence goes on from (**读原著的功夫下得不深**，… or **…观望心理，**对…)."""
    lead = line.text[:line.lead_end]
    return (not line.style and 0 < line.lead_end < len(line.text)
            and (lead.rstrip()[-1:] in "。！？；!?;，,、" or line.text[line.lead_end] in AFTER_LEAD)
            and _BOLD_LEAD_CHARS[0] <= len(strip_end(lead)) <= _BOLD_LEAD_CHARS[1])


def _restyle(lines: list[SourceLine], found: list[int], style: str) -> list[SourceLine]:
    """``lines`` with those at the indices ``found`` given ``style``."""
    if not found:
        return lines
    marked = set(found)
    return [replace(line, style=style) if i in marked else line
            for i, line in enumerate(lines)]
