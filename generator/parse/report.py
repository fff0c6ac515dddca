"""The outline parser: SourceDoc → Report (preamble, sections, subsections, points)."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.anchors.hashing import assign_anchors
from generator.models import (
    LOOKALIKE,
    Passage,
    Problem,
    Report,
    Section,
    SourceDoc,
    SourceLine,
    Subsection,
)
from generator.parse.builder import Builder, strip_end
from generator.parse.meta_time import DATE_LINE
from generator.parse.metadata import infer_metadata, missing
from generator.parse.numbering import FLEX, PART, POINT, SECTION, SUBSECTION, match_marker
from generator.parse.outline import UNTITLED, Node, OutlineStack
from generator.parse.repair import (
    join_lone_numbers,
    lift_compilation,
    lift_cover,
    lift_furniture,
    lift_line_numbers,
    lift_mail,
    lift_notes,
    lift_repost,
    lift_toc,
    rejoin,
    remove_han_spaces,
)
from generator.parse.roles import detect_role
from generator.parse.slugs import slug_for
from generator.parse.tables import table_rows
from generator.parse.titles import (
    line_of_author,
    other_document,
    own_title,
    second_report,
    split_title,
)
from generator.parse.unnumbered import (
    aspect_lines,
    bare_heading_lines,
    bold_lead_points,
    bracketed_headings,
    ordinal_headings,
    run_in_aspects,
    unnumbered_points,
    unnumbered_sections,
)


def parse_report(doc: SourceDoc, slug: str | None = None) -> Report:
    """Recover the outline of one report. Every body character ends up in exactly one
    passage (or in the title block), in source order."""
    body, numbers = lift_line_numbers(doc.lines)
    body, cover = lift_cover(body)
    body, furniture = lift_furniture(body)
    body, repost = lift_repost(body)
    body, notes = lift_notes(body)
    body, front = lift_compilation(body)
    cover = [*front, *repost, *cover, *notes]
    furniture = [*numbers, *furniture]
    body, mail = lift_mail(body)
    body, rules = table_rows(body)
    body, toc = lift_toc(body)
    title_lines, body = split_title(body)
    own_lines: list[SourceLine] = []
    if title_lines and (own := own_title(body)):
        own_lines = [body[i] for i in sorted(own)]
        for line in body[max(own) + 1:max(own) + 3]:  # its author line and date under it
            if not (line_of_author(line.text) or DATE_LINE.match(line.text.strip())):
                break
            own_lines.append(line)
        body = [replace(line, style="") if i in own else line for i, line in enumerate(body)]
    first = body[0].text if body and not title_lines else ""
    body = remove_han_spaces(rejoin(join_lone_numbers(body)))
    title_lines = remove_han_spaces(title_lines)
    lifted = sorted([*furniture, *mail, *cover, *rules, *toc], key=lambda x: x.lineno)
    doc = replace(doc, furniture=tuple(lifted))
    # (the title over its lines, or one of them: a speech's title above the speaker's line)
    other = other_document("".join(line.text for line in title_lines)) or any(
        other_document(line.text) for line in title_lines) or (
        # (no title block found: a first line that names another document all the same,
        # 严明纪律规矩——党纪学习教育专题党课讲稿)
        0 < len(first) <= _FIRST_LINE_TITLE and "。" not in first and other_document(first))
    # A look-alike (a speech, a rectification plan, a meeting's news) keeps its text as
    # paragraphs: its headings and lists are not a self-examination's sections and points.
    builder = build_outline(body, second_report(body, title_lines), plain=other)
    if other:
        doc = replace(doc, warnings=(*doc.warnings, Problem("", 0, LOOKALIKE, "warning")))
    passages = assign_anchors(builder.passages)
    sections = tuple(_section(node, passages) for node in builder.stack.roots)
    meta = infer_metadata(doc, title_lines, passages, lookalike=other, own_title=own_lines)
    if warning := missing(meta):
        doc = replace(doc, warnings=(*doc.warnings, Problem("", 0, warning, "warning")))
    return Report(slug=slug or slug_for(doc), source=doc, meta=meta, passages=passages,
                  sections=sections, title_lines=tuple(title_lines))


def build_outline(body: list[SourceLine], tail_from: int | None = None,
                  plain: bool = False) -> Builder:
    """Feed the body through the outline stack. The report's own numbering scheme decides
    the level of 1. / （1） / ① lists: a first pass records where each such family opens
    (see :meth:`OutlineStack.scheme`); if any was read at two levels, a second pass reads
    every list of that family at the one level the whole report implies. Likewise a point
    family whose items hold lists of points (首先，…方面。一是…二是…) is read as the report's
    subsection level in a second pass. From line ``tail_from`` on (another report in the same
    file) nothing is outline; with ``plain`` (a look-alike) nothing at all is."""
    if plain:
        builder = Builder(OutlineStack(False))
        for line in body:
            builder.para(line)
        return builder
    body = bold_lead_points(bare_heading_lines(aspect_lines(run_in_aspects(bracketed_headings(
        unnumbered_sections(ordinal_headings(body)))))))
    headings = _has_headings(body)
    mid = _starts_mid_section(body)
    builder = _run(body, tail_from, OutlineStack(headings, mid_section=mid))
    restarted = _restarted(builder)
    remedies, labels = _paired_remedies(builder)
    if labels:
        body = [replace(line, style="", lead_start=0)
                if line.lineno in labels else line for line in body]
    prose = _tally(builder) | _container_parts(builder) | remedies | _label_points(builder)
    promoted = builder.stack.point_headings()
    scheme = builder.stack.scheme() if builder.stack.ambiguous() else None
    if scheme or promoted or restarted or prose:
        builder = _run(body, tail_from, OutlineStack(headings, scheme, promoted=promoted,
                                                     mid_section=mid, restarted=restarted,
                                                     prose=prose))
        # The scheme read a family as points throughout (1. steps under the measures'
        # （一）), and in one section its items hold lists of points (1.在…方面 / （1）…):
        # there they are that section's aspects.
        more = _merged(promoted, builder.stack.point_headings(named=True))
        if more != promoted:
            promoted = more
            builder = _run(body, tail_from, OutlineStack(headings, scheme, promoted=promoted,
                                                         mid_section=mid, restarted=restarted,
                                                         prose=prose))
    sentences: dict[str, frozenset[int]] = {}
    for _ in range(2):
        # (a list read as sentences may leave another family the subsection level: 1. points
        # under the problems, then ①…。 under the measures: a second look finds those too)
        more = _merged(sentences, _sentence_lists(builder, body))
        if more == sentences:
            break
        sentences = more
        builder = _run(body, tail_from, OutlineStack(headings, scheme, sentences, promoted,
                                                     mid, restarted, prose))
    unnumbered_points(builder)
    _untitled_role(builder)
    _aspect_sections(builder)
    _no_invented_roles(builder)
    return builder


#: Section roles whose lists are of the report's own points (not a look-alike's items).
_LISTED = ("review", "problems", "causes", "measures")
#: A signature line's length at most (the unit's name, a person's, a date).
_SIGNATURE = 30
#: How an aspect heading ends (理论学习方面, 在担当作为上): not a statement of a problem
#: (能力本领跟不上, 思想认识赶不上 state one).
_ASPECT = re.compile(r"(?:方面|领域|层面|(?<!不)上)$")


def _sentence_lists(builder: Builder, body: list[SourceLine]) -> dict[str, frozenset[int]]:
    """Sections whose 1. / （1） / ① items are numbered sentences, not subsection headings,
    in a report that has no subsection level there: its problems are points with no aspects
    over them (第一，…第二，…), so run-on items elsewhere (1、强化理论学习。…) are numbered
    sentences too; or no aspect anywhere holds points and the items state things rather than
    name aspects. Items in the numbering of the problems' aspects (1．理论武装方面 over its
    points; 1．理论武装不够扎实。… under the causes) are that section's subsections, however
    they are written, as （一） is: the genre's own convention (its generator's gold, and the
    later blind sets'; the first two blind sets read them as points). Where the markup says
    otherwise, it wins: under aspects written as Markdown headings (### 1．…方面), a list of
    items (1. …不强。…, a Markdown list) is no heading, so not in their numbering."""
    passages = builder.passages
    source = {line.lineno: line for line in body}

    def listed(node: Node) -> bool:  # its line is a Markdown list item
        line = source.get(passages[node.passage].line)
        return line is not None and line.depth >= 0

    def headed(node: Node) -> bool:  # its line is a markup heading
        line = source.get(passages[node.passage].line)
        return line is not None and line.style.startswith("h")

    def runs_on(i: int) -> bool:  # starts its line and its prose follows on it
        return ((i == 0 or passages[i - 1].line != passages[i].line) and i + 1 < len(passages)
                and passages[i + 1].kind == "para" and passages[i + 1].line == passages[i].line)

    def says_all(i: int) -> bool:  # a whole-sentence item: nothing under it on other lines
        # (but a signature: the report's last short lines, its name and date)
        after = passages[i + 1:]
        return (not after or after[0].kind != "para" or after[0].line == passages[i].line
                or all(p.kind == "para" and len(p.text) <= _SIGNATURE for p in after))

    # A report whose problems are points with no aspects over them (第一，…第二，…) has no
    # subsection level at all: a run-on list elsewhere is one of numbered sentences too.
    flat = [node for node in builder.stack.roots if node.role == "problems"]
    flat_problems = bool(flat) and all(
        node.kids and all(kid.cls == POINT for kid in node.kids) for node in flat)
    # A report with no aspect holding points anywhere, whose run-on items state things rather
    # than name aspects (1.政治理论学习抓得不紧。…, not 1．政治能力方面。…), has none either.
    # (Aspects hold points each, or most do: a few items holding lists among many hold
    # their evidence, 3.…有所减弱。具体表现为：（1）…)
    def aspect_lists(node: Node) -> bool:
        held = sum(1 for kid in node.kids if kid.cls == SUBSECTION and kid.kids)
        return held > 0 and 2 * held >= len(node.kids)

    two_level = any(aspect_lists(node) for node in builder.stack.roots)
    # The numbering of the aspects that hold points: run-on items of another numbering are
    # numbered sentences whatever the report's depth (上年度整改 1.…的问题。已…, under a report
    # whose aspects are （一）…方面).
    holding = [kid for node in builder.stack.roots if aspect_lists(node)
               for kid in node.kids if kid.cls == SUBSECTION and kid.kids]
    aspects = {kid.family for kid in holding}
    headings_only = aspects - {kid.family for kid in holding if not headed(kid)}

    def in_aspects(kid: Node) -> bool:
        return kid.family in aspects and not (kid.family in headings_only and listed(kid))

    found: dict[str, set[int]] = {}
    for node in builder.stack.roots:
        kids = node.kids
        families = {kid.family for kid in kids}
        statements = (node.role in _LISTED
                      and (not two_level or not any(in_aspects(kid) for kid in kids))
                      and not any(_ASPECT.search(kid.heading) for kid in kids))
        # (a few run-on items may hold a list: its evidence, 3.…有所减弱。具体表现为：（1）…)
        holders = sum(1 for kid in kids if kid.kids)
        if (kids and len(families) == 1 and (flat_problems or statements)
                and 2 * holders < len(kids)
                and all(kid.cls == SUBSECTION and runs_on(kid.passage)
                        or kid.cls == SUBSECTION and not kid.kids and statements
                        and says_all(kid.passage) for kid in kids)):
            found.setdefault(kids[0].family, set()).add(node.path[0])
    return {family: frozenset(sections) for family, sections in found.items()}


def _merged(a: dict[str, frozenset[int]], b: dict[str, frozenset[int]]
            ) -> dict[str, frozenset[int]]:
    return {f: a.get(f, frozenset()) | b.get(f, frozenset()) for f in {*a, *b}}


#: Roles that name a section of the report (an aspect's heading names none of them).
_SECTION_ROLES = frozenset(("review", "problems", "case", "causes", "measures"))


def _container_parts(builder: Builder) -> frozenset[int]:
    """Lines of 第一部分 … parts that only group the report's sections: one part holds
    items naming two kinds of section (第二部分 对照检查情况 / 一、查摆的问题 / 二、典型案例剖析
    / 三、问题产生的原因). Those items are the sections, the parts' lines prose; so are
    parts named in a sentence (本材料分为三个部分：第一部分报告…). Parts whose items are
    aspects (第一部分 存在的问题 / 一、理论学习方面) or points (第三部分 整改方向 / 1、严肃整治
    …问题。…) stay the sections."""
    passages = builder.passages

    def alone(node: Node) -> bool:  # a heading on its own line, no prose after it there
        i = node.passage
        return i + 1 >= len(passages) or passages[i + 1].line != passages[i].line

    parts = [node for node in builder.stack.roots if node.family == PART]
    if len(parts) < 2 or not any(
            len({detect_role(kid.heading) for kid in part.kids if kid.cls != POINT and alone(kid)}
                & _SECTION_ROLES) >= 2 for part in parts):
        return frozenset()
    return frozenset(builder.passages[part.passage].line for part in parts)


#: A numbered line that only labels what follows under an aspect: （一）存在的问题 /
#: （二）原因剖析, each over its own numbered items.
_PART_LABEL = re.compile(r"(?:存在的?|主要|突出)?(?:问题|不足)(?:表现|清单)?"
                         r"|(?:问题)?(?:产生的?)?(?:原因|根源)(?:剖析|分析|查找)?"
                         r"|(?:整改|改进)(?:措施|举措|方向)")


def _label_points(builder: Builder) -> frozenset[int]:
    """Lines of points in a problems section that are labels over numbered items of their
    own (一、政治建设方面 / （一）存在的问题 / 1.… / （二）原因剖析 / 1.…): the labels are text,
    their items the aspect's points. Only when at least two such labels stand in the
    section, each followed by a numbered line."""
    passages = builder.passages
    found: dict[str, list[int]] = {}
    for i, p in enumerate(passages[:-1]):
        if p.kind != "point" or p.role != "problems":
            continue
        words = strip_end(p.text[len(p.number):], p.number).strip()
        nxt = passages[i + 1]
        if (_PART_LABEL.fullmatch(words) and nxt.kind == "para" and nxt.line != p.line
                and match_marker(nxt.text) is not None):
            found.setdefault(p.path.split(".")[0], []).append(p.line)
    return frozenset(line for lines in found.values() if len(lines) >= 2 for line in lines)


def _restarted(builder: Builder) -> frozenset[int]:
    """Lines of section items that restart the numbering inside a section: after section N
    (N ≥ 2) come items 1…k of the same numbering, then section N+1, whose heading names a
    section (四、原因 / 一、…四、 / 五、整改措施). The restarted items are section N's
    subsections; the lines of their markers are returned for the next pass."""
    roots = builder.stack.roots
    lines: set[int] = set()
    i = 1
    while i < len(roots):
        before, j = roots[i - 1], i
        while j < len(roots) and roots[j].family == before.family:
            if j > i and roots[j].ordinal == before.ordinal + 1 and roots[j].role != "other":
                break  # the sections' numbering goes on
            if roots[j].ordinal != j - i + 1:
                j = len(roots)
                break
            j += 1
        if (before.ordinal >= 2 and roots[i].ordinal == 1 and i < j < len(roots)
                and roots[j].family == before.family):
            lines.update(builder.passages[node.passage].line for node in roots[i:j])
            i = j
        i += 1
    return frozenset(lines)


def _tally(builder: Builder) -> frozenset[int]:
    """Lines of a numbered list before the first section that is no section of the report:
    at least two items of one numbering, none with anything under it and none naming a
    section's role, followed by the report's sections numbered otherwise (a tally of the
    problems by aspect, 1.理论学习方面　3个, before 一、存在的问题)."""
    roots = builder.stack.roots
    k = 0
    while k < len(roots) and roots[k].role == "other" and not roots[k].kids:
        k += 1
    if (k < 2 or k == len(roots) or roots[k].role == "other"
            or len({node.family for node in roots[:k + 1]}) != 2):
        return frozenset()
    return frozenset(builder.passages[node.passage].line for node in roots[:k])


#: How long a first line may be to be read as a title when no title block was found.
_FIRST_LINE_TITLE = 60
#: The label of the remedies a report pairs with each aspect's problems (整改措施：).
_REMEDY_LABEL = re.compile(r"^[*_\s]*(?:整改|改进)(?:措施|举措|方向)[：:]?[*_\s]*$")
#: A problems section that pairs problems with their remedies (存在的问题及整改措施).
_PAIRED = re.compile(r"(?:问题|不足|差距|短板).{0,4}(?:整改|改进)")


def _paired_remedies(builder: Builder) -> tuple[frozenset[int], frozenset[int]]:
    """In a problems section that pairs each aspect's problems with their remedies
    (二、存在的问题及整改措施 / （一）… / 1.问题… / 整改措施： / 1.step…), the lines of the
    steps after a remedy label (their numbers are no points: prose under the problems), and
    the label lines that the first pass read as headings (a bold 整改措施：), which are text."""
    steps: set[int] = set()
    labels: set[int] = set()
    paired = {node.path[0] for node in builder.stack.roots
              if node.role == "problems" and _PAIRED.search(node.heading)}
    on = False
    for passage in builder.passages:
        if not passage.path or int(passage.path.split(".")[0]) not in paired:
            on = False
            continue
        if _REMEDY_LABEL.match(passage.text):
            on = True
            if passage.kind == "heading":
                labels.add(passage.line)
        elif passage.kind == "heading":
            on = False
        elif on and passage.kind == "point":
            steps.add(passage.line)
    return frozenset(steps), frozenset(labels)


def _run(body: list[SourceLine], tail_from: int | None, stack: OutlineStack) -> Builder:
    builder = Builder(stack, tail_from=tail_from or 0)
    for line in body:
        builder.feed(line)
    builder.finish()
    return builder


def _starts_mid_section(body: list[SourceLine]) -> bool:
    """Whether the copy starts inside a section: the first numbered heading at a line start
    is a （N） with N > 1, or an aspect numbered 1. (1.发挥政治引领作用方面, its section's
    heading left out), and 一、-style sections from 二、 on follow (二、产生问题的原因)."""
    first = None
    for line in body:
        marker = match_marker(line.text)
        if marker is None or marker.cls not in (SECTION, SUBSECTION, FLEX):
            continue
        if first is None:
            first = marker
            aspect = marker.cls == FLEX and _ASPECT.search(
                strip_end(line.text[len(marker.text):], marker.text))
            if not (marker.family == "cn_paren" and marker.ordinal >= 2 or aspect):
                return False
        elif marker.family == "cn_dun":
            return marker.ordinal >= 2
    return False


def _untitled_role(builder: Builder) -> None:
    """The role of the section a copy starts inside: problems when causes or a case study
    come next (the order every report follows), else ``other``."""
    roots = builder.stack.roots
    if not roots or roots[0].family != UNTITLED:
        return
    after = roots[1].role if len(roots) > 1 else ""
    _recast(builder, roots[:1], "problems" if after in ("case", "causes") else "other")


#: A section named by an area of the author's own conduct (思想方面, 工作上, 作风方面存在的问题).
_ASPECT_SECTION = re.compile(r"^[\u4e00-\u9fff、]{1,10}(?:方面|上)(?:存在的|的)?(?:问题|不足)?$")
#: A point that states a shortcoming (…不够, 还有欠缺, 有…倾向, 前紧后松, …的问题依然存在).
_SHORTCOMING = re.compile(
    r"不够|不足|不强|不高|不多|不深|不细|不严|不实|不力|不到位|不及时|欠缺|差距|有待|还需|倾向"
    r"|偏[多少高低弱松软差]|弱化|淡化|松懈|放松|滞后|缺位|问题|现象|急躁|前紧后松|过场|形式主义"
    r"|官僚主义|依赖|简单")


def _aspect_sections(builder: Builder) -> None:
    """A report that files its problems under areas of its own as sections, with no 存在的问题
    section over them (一、思想方面 / 二、工作方面 / 三、作风方面 / 四、今后努力方向): those
    sections are its problems when most of their points state shortcomings (a 述职 report's
    sections of the same names state what was done, and stay ``other``); so are aspects that
    each hold their own problems, causes and measures (（一）…方面 / 1.存在问题 / 2.原因剖析 /
    3.整改措施)."""
    roots = builder.stack.roots
    if not any(node.role in ("problems", "causes") for node in roots):
        holding = [node for node in roots if node.role == "other" and {
            detect_role(kid.heading) for kid in node.kids if kid.cls == SUBSECTION
        } >= {"problems", "causes"}]
        if len(holding) >= 2:
            _recast(builder, holding, "problems")
            return
    if any(node.role in ("problems", "case", "causes") for node in roots):
        return
    areas = [node for node in roots
             if node.role == "other" and _ASPECT_SECTION.match(node.heading or "")]
    leads = [kid.heading for node in areas for kid in node.kids if kid.cls == POINT] + [
        k.heading for node in areas for kid in node.kids if kid.cls == SUBSECTION
        for k in kid.kids if k.cls == POINT]
    if len(areas) < 2 or len(leads) < 4:
        return
    if sum(bool(_SHORTCOMING.search(lead)) for lead in leads) >= 0.6 * len(leads):
        _recast(builder, areas, "problems")


def _no_invented_roles(builder: Builder) -> None:
    """A text without a problems, case or causes section is not a self-examination report
    (a speech, a news item, an essay): its sections keep role ``other`` instead of being
    read as review or measures because a heading says 整改 or 措施."""
    roots = builder.stack.roots
    if any(node.role in ("problems", "case", "causes") for node in roots):
        return
    _recast(builder, roots, "other")


def _recast(builder: Builder, sections: list[Node], role: str) -> None:
    """Give ``sections`` (top-level nodes) and every passage inside them ``role``."""
    numbers = set()
    for node in sections:
        node.role = role
        numbers.add(str(node.path[0]))
    builder.passages = [replace(p, role=role) if p.path.split(".")[0] in numbers else p
                        for p in builder.passages]


def _has_headings(lines: list[SourceLine]) -> bool:
    for line in lines:
        marker = match_marker(line.text)
        if line.style or (marker and marker.cls in (SECTION, SUBSECTION)):
            return True
    return False


def _section(node: Node, passages: tuple[Passage, ...]) -> Section:
    subs = tuple(
        Subsection(kid.heading, kid.number, passages[kid.passage].anchor,
                   tuple(k.heading for k in kid.kids if k.cls == POINT))
        for kid in node.kids if kid.cls == SUBSECTION)
    points = tuple(k.heading for k in node.kids if k.cls == POINT)
    # The untitled section a copy starts inside is found at its first subsection.
    at = node.passage if node.passage >= 0 else node.kids[0].passage
    return Section(node.role, node.heading, node.number, passages[at].anchor, subs, points)
