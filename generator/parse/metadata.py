"""Metadata inference: title, year, meeting type, issuing body, level, collective, author,
date — each with the place it was read from (``Metadata.sources``).

Overrides (front matter, sidecar, a Word file's properties) always win, and fields derived
from them follow them (a ``body:`` in a sidecar gives the level too). Where inference finds
nothing, the field stays empty: an archive that invents a year is worse than one that admits
it doesn't know (:func:`missing` lists what is, for the warning ``check`` prints).

Where each field is looked for, in order:

- title: the title lines; else composed from the body and meeting (``composed``);
- meeting: the one the title names; a title naming only 民主生活会 (or none), the one the
  opening names; else a 民主生活会 of no campaign is taken for the yearly one (``default``:
  shown as a default, never put in a composed title);
- body: the title, the author line, the signature block, a full name (中共…) in the opening —
  a name with its place preferred (see :mod:`generator.parse.meta_body`);
- year: the title, the opening's ``20xx年度``, the campaign (党史学习教育 → 2021), the date
  line (an annual meeting in the first half of a year reviews the year before), the file
  name, the latest plenary session cited in the text;
- level: the innermost place in the body (县/区/镇/市/省), a central body's name (中央), the
  committee convening a unit's meeting, else 单位 for a unit without one, else the text's
  全县/我区 words (see :mod:`generator.parse.meta_level`);
- collective: 个人 in the title, else the body (a post is 个人, an organisation 集体), else
  how often the text says 我;
- author: the author line; else the person named in the title or the signature, or the one
  the opening introduces (我叫某某，现任…);
- date: the date line under the title, else the one in the signature.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.chars import to_simplified
from generator.models import Metadata, Passage, SourceDoc, SourceLine
from generator.parse import meta_time as when
from generator.parse.bodies import body_key, is_post, normalise, split_place
from generator.parse.meta_body import (
    COLUMN,
    SIGNER_LABELS,
    UNIT_LABEL,
    Who,
    convener,
    from_author_line,
    from_opening,
    from_role,
    from_title,
    self_introduced,
    signature,
    with_county,
    with_group,
    with_parent,
    with_place,
    with_unit,
)
from generator.parse.meta_level import infer_level
from generator.parse.repair import original_title
from generator.parse.titles import AUTHOR_LINE, GENRE_END, GENRE_IN, line_of_author

_FIELDS = ("title", "year", "meeting", "body", "level", "collective", "author", "date")
#: 我 as a first-person singular, not 我们/我市/我局…/自我/我为群众办实事 (a slogan).
_SINGULAR_I = re.compile(r"(?<!自)我(?![们市区县省镇乡国党为局院委厅部司校所站社办队组处科村街])")
#: An author line in brackets: （县委常委、县纪委书记　骆某某）.
_BRACKETED = re.compile(r"^[（(]([^（()）]+)[）)]$")
#: A speech at a meeting (在…生活会上的对照检查发言), and a speaker speaking for the group.
_SPEECH = re.compile(r"^在.{2,60}会上的.{0,10}发言")
_ON_BEHALF = re.compile(r"代表.{0,12}(?:班子|党组|党委|常委会|支部|委员会)")
_GROUP = re.compile(r"班子|党组|党委|委员会|常委会|支部|我们")
#: Fields whose absence ``check`` warns about, as users know them.
WARN_FIELDS = {"title": "标题 title", "year": "年度 year", "body": "主体 body",
               "level": "层级 level", "collective": "集体/个人 collective"}
_EXAMPLES = {"title": "title: 中共某某县委常委班子2024年度民主生活会对照检查材料",
             "year": "year: 2024", "body": "body: 中共某某县委常委班子", "level": "level: 县",
             "collective": "collective: 集体"}


@dataclass(slots=True)
class _Fields:
    """Each field's first value found, with its source."""

    found: dict[str, tuple[str, str]] = field(default_factory=dict)

    def put(self, name: str, value: str, source: str) -> None:
        if value and name not in self.found:
            self.found[name] = (value, source)

    def get(self, name: str) -> str:
        return self.found.get(name, ("", ""))[0]

    def source(self, name: str) -> str:
        return self.found.get(name, ("", ""))[1]


@dataclass(frozen=True, slots=True)
class _Texts:
    title: str
    title_source: str
    """``title`` for the title lines; where the title was given when there are none."""
    authors: list[str]
    dates: list[str]
    opening: str
    full: str
    tail: list[str]
    heads: list[str]
    """The lines over the report: its title block's (dates aside) and the running headers and
    web page lines lifted out of the text."""


#: The office that issues a committee's or a government's papers (县委办公室, 市政府办公厅).
_ISSUING_OFFICE = re.compile(r"^(.+?[委府])办公[室厅]$")
#: The office holding a meeting of its own (县委办公室领导班子召开…): then it is the body.
_OWN_MEETING = re.compile(r"办公[室厅](?:领导班子|党组|党支部|支部|党总支)?(?:召开|于|在)")


def infer_metadata(doc: SourceDoc, title_lines: Sequence[SourceLine],
                   passages: Sequence[Passage], lookalike: bool = False,
                   own_title: Sequence[SourceLine] = ()) -> Metadata:
    """Metadata from the text, with ``doc.meta`` (front matter, sidecar) overriding. A
    ``lookalike``'s body is the one whose meeting it is about: the committee, not its office
    that signed the notice or the bulletin (县委办公室 → 县委). ``own_title``: the report's
    own title block below the page's headline (``titles.own_title``), with its author and
    date lines: read instead of the headline when that is no report's title (学习笔记：…)."""
    headline = re.sub(r"\s+", "", "".join(line.text for line in title_lines))
    own_text = re.sub(r"\s+", "", "".join(line.text for line in own_title or ()))
    if own_title and not lookalike and (
            not GENRE_END.search(headline)
            # (a headline that shortens the report's own title block: 市局党组…材料 over
            # 中共沙洲市市场监督管理局党组 / …专题民主生活会对照检查材料)
            or len(own_text) > len(headline) and headline not in own_text):
        title_lines = own_title
    found = _Fields()
    for name in _FIELDS:
        given = str(doc.meta.get(name, "")).strip()
        found.put(name, given, doc.meta_sources.get(name, "front_matter"))
    texts = _texts(title_lines, passages, doc)
    # The meeting the title names, unless only as 民主生活会: then the opening may say which
    # (a 2023年度组织生活会's opening that recalls 主题教育 is not that campaign's meeting)
    meeting, campaign_year = in_title = when.meeting_of(texts.title)
    meeting_source = texts.title_source if in_title[0] else "opening"
    if meeting in ("", "民主生活会"):
        meeting, campaign_year = when.meeting_of(texts.title + " " + texts.opening)
    if meeting in ("", "民主生活会") and (said := _CLOSING_MEETING.search(" ".join(texts.tail))):
        # (no title, an opening that names none: 以上是我在…专题民主生活会上的对照检查)
        closing = when.meeting_of(said.group("meeting"))
        if closing[0] not in ("", "民主生活会"):
            (meeting, campaign_year), meeting_source = closing, "closing"
    if meeting == "民主生活会" and not lookalike and "专题" not in texts.title + texts.opening:
        # named by no campaign: the yearly one, as most are (a default, never in a title)
        found.put("meeting", "年度民主生活会", "default")
    found.put("meeting", meeting, meeting_source)
    _people(found, texts)
    _dates(found, texts, doc, campaign_year)
    if found.get("meeting") == "主题教育专题" and found.get("year") in ("2019", "2020"):
        # (主题教育 dated 2019: the 不忘初心、牢记使命 one, as its year already says)
        found.found["meeting"] = ("“不忘初心、牢记使命”主题教育专题", found.source("meeting"))
    body = found.get("body")
    if (lookalike and (office := _ISSUING_OFFICE.match(body)) and "body" not in doc.meta
            and not _OWN_MEETING.search(texts.title + texts.opening)):
        body = office.group(1)
        found.found["body"] = (body, found.source("body"))
    found.put("level", *infer_level(body, found.source("body"), texts.opening, texts.full))
    named = found.source("author") == texts.title_source  # 柯某某同志对照检查材料
    found.put("collective", *_collective(texts, body, found.source("body"), named))
    own, source = _title(title_lines, found)
    page = found.get("title")
    if (source == "title" and found.source("title") == "document" and GENRE_END.search(own)
            and (not GENRE_END.search(page) or len(GENRE_END.sub("", page)) <= _BARE_GENRE
                 and len(own) > len(page) or page.startswith(_TAGGED)
                 # (the page names the report more briefly than its own title line does:
                 # 桃林乡党委…材料 over 中共桃林乡委员会领导班子…材料)
                 or len(own) > len(page) and page not in own
                 and len(GENRE_IN.findall(own)) < 2)):
        # The report's own title line beats what the page calls itself when only the former
        # is a report's title (a forum thread's subject: [民主生活会] 副厅长个人对照检查
        # 材料（2020年度，已通过审核）), or the page's is the genre's name alone (a file's
        # properties: 检视剖析材料, 个人对照检查材料), or is a headline with a column tag
        # (【组织生活会】…); a title the user gave still wins.
        del found.found["title"]
    found.put("title", own, source)
    values = {name: found.get(name) for name in _FIELDS}
    sources = {name: found.source(name) for name in _FIELDS if found.get(name)}
    return Metadata(**values, body_key=body_key(body) if body else "", sources=sources)


def missing(meta: Metadata) -> str:
    """A warning naming the fields users browse by that could not be inferred (``""`` when
    all were), with how to supply them."""
    gaps = [name for name in WARN_FIELDS if not getattr(meta, name)]
    if not gaps:
        return ""
    labels = ", ".join(WARN_FIELDS[name] for name in gaps)
    example = ", ".join(_EXAMPLES[name] for name in gaps[:2])
    return (f"metadata not found in the text: {labels}; add {'it' if len(gaps) == 1 else 'them'} "
            f"in front matter or a sidecar (e.g. {example})")


def _texts(title_lines: Sequence[SourceLine], passages: Sequence[Passage],
           doc: SourceDoc) -> _Texts:
    dates = [line.text for line in title_lines
             if when.DATE_LINE.match(normalise(line.text)) or when.NOTE_LINE.match(line.text)]
    rest = [original_title(line.text) for line in title_lines if line.text not in dates]
    keyed = [i for i, text in enumerate(rest) if _is_title_text(text)]
    cut = keyed[-1] + 1 if keyed else 0
    start = _title_start(rest, keyed)
    preamble = [p.text for p in passages if p.role == "preamble"] or [p.text for p in passages[:1]]
    tail: list[str] = []
    # The signature closes the report before an appendix that is a section of its own
    # (附件：…整改落实情况, see parse.builder), else the text.
    end = next((i for i, p in enumerate(passages)
                if p.kind == "heading" and p.number.startswith("附")), len(passages))
    for p in reversed(passages[:end]):
        if not tail and p.kind == "para" and _END_NOTE.match(p.text):
            continue  # （注：…）under the signature: an editor's note, not the signature
        if p.kind != "para" or len(tail) == 4:
            break
        tail.insert(0, p.text)
    title, source = to_simplified("".join(rest[start:cut])), "title"
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1]  # 《…对照检查材料》: the title in the marks a quoted one takes
    if not title and doc.meta.get("title"):  # no title lines: the one front matter gives
        title = to_simplified(str(doc.meta["title"]))
        source = doc.meta_sources.get("title", "front_matter")
    return _Texts(title=title, title_source=source, authors=rest[cut:], dates=dates,
                  opening=to_simplified(" ".join(preamble)),
                  full=to_simplified("".join(p.text for p in passages)), tail=tail,
                  heads=[*rest, *(line.text for line in doc.furniture)])


#: A note set under a report's signature: （注：…）, 注：…, 备注：….
_END_NOTE = re.compile(r"^\s*[（(]?\s*(?:注|备注|说明)\s*[：:]")


def _people(found: _Fields, texts: _Texts) -> None:
    """Body and author from the title, the author line, the signature, the opening."""
    title = from_title(texts.title)
    lines = [_BRACKETED.sub(r"\1", line) for line in texts.authors]
    author = next((w for w in map(from_author_line, lines) if w.body or w.person), Who())
    if len(lines) > 1:
        # a form's fields on lines of their own (党员：何某某 / 所在支部：…党支部 / 职务：…):
        # the person from the first that names one, the body from a unit's field first
        whos = [from_author_line(line) for line in lines]
        unit = next((w.body for line, w in zip(lines, whos, strict=True)
                     if w.body and UNIT_LABEL.search(line)), "")
        author = Who(unit or author.body, author.person or next(
            (w.person for w in whos if w.person), ""))
    signed, _ = signature(texts.tail)
    # (a title naming only 领导班子 or 校党委常委会 names no body: the others do)
    title_body = "" if _GENERIC_BODY.fullmatch(normalise(title.body)) else title.body
    candidates = [(title_body, texts.title_source), (author.body, "author_line"),
                  (signed.body, "signature"), (from_opening(texts.opening), "opening"),
                  (from_role(texts.full), "text")]
    # (附件：会议签到表.pdf、…: a list of attachments under a signature names no body)
    body, source = _best_body([(b, s) for b, s in candidates if b and not _ATTACHED.search(b)])
    body = with_place(body, author.body, signed.body, convener(texts.opening),
                      from_opening(texts.opening), text=texts.full, heads=texts.heads)
    body = with_parent(with_county(with_group(with_unit(body, texts.opening), texts.opening),
                                   texts.opening), texts.full)
    found.put("body", body, source)
    found.put("author", _BRACKETED.sub(r"\1", " ".join(
        _SIGNER_LINE.sub("", line).strip() for line in texts.authors)), "author_line")
    found.put("author", title.person, texts.title_source)
    found.put("author", signed.person, "signature")
    found.put("author", self_introduced(texts.opening).person, "opening")


#: An attachment or a file's name: never a body.
_ATTACHED = re.compile(r"附件|\.(?:pdf|docx?|xlsx?|wps|txt|pptx?)\b", re.I)
#: A body a title names without naming whose it is: 领导班子, 班子成员, 校党委常委会.
_GENERIC_BODY = re.compile(r"(?:中共)?[校院所局厅处]?(?:党委|党组|党工委)?(?:常委会|常委)?"
                           r"(?:领导)?(?:班子)?(?:成员)?")


def _best_body(candidates: list[tuple[str, str]]) -> tuple[str, str]:
    """The first name with its place among those of the first one's kind (an organisation
    or an individual's post); else the first name."""
    if not candidates:
        return "", ""
    kind = is_post(candidates[0][0])
    placed = [c for c in candidates if is_post(c[0]) == kind and split_place(c[0])[0]]
    if not placed:
        # 机关党委第二党支部 in the title, 中共某某大学机关委员会第二党支部 in the text: the
        # same body named in full (a 委员会 is the 党委 the title shortens it to)
        short = _committee(body_key(candidates[0][0]))
        fuller = [c for c in candidates[1:] if is_post(c[0]) == kind
                  and len(full := _committee(body_key(c[0]))) > len(short)
                  and full.endswith(short)]
        return fuller[0] if fuller and len(short) >= _FULLER_MIN else candidates[0]
    # The same body named in full elsewhere (机关支部 in the title, 机关第四支部 signed;
    # 石坝乡委员会 in the title, 漓源县石坝乡委员会 signed).
    key = _committee(body_key(placed[0][0]))
    fuller = [c for c in placed if _numbered_variant(key, _committee(body_key(c[0])))
              or ((full := _committee(body_key(c[0]))).endswith(key) and len(full) > len(key)
                  and split_place(full)[0].endswith(split_place(key)[0]))]
    return fuller[0] if fuller else placed[0]


#: A short name shorter than this is too generic to be taken for the end of a fuller one.
_FULLER_MIN = 6


def _committee(key: str) -> str:
    """A committee named in full as its short name (街道工作委员会 → 街道党工委, 委员会 → 党委)."""
    return key.replace("工作委员会", "党工委").replace("委员会", "党委")


def _numbered_variant(short: str, full: str) -> bool:
    """``full`` is ``short`` with an ordinal added (第四, 第2)."""
    extra = iter(full)
    if len(full) <= len(short) or not all(ch in extra for ch in short):
        return False
    left = list(full)
    for ch in short:
        left.remove(ch)
    return all(ch in "第一二三四五六七八九十0123456789" for ch in left)


def _dates(found: _Fields, texts: _Texts, doc: SourceDoc, campaign_year: str) -> None:
    _, signed_date = signature(texts.tail)
    found.put("date", next((d for d in map(when.iso_date, texts.dates) if d), ""), "date_line")
    found.put("date", when.iso_date(signed_date), "signature")
    found.put("year", when.year_in_title(texts.title), texts.title_source)
    found.put("year", when.year_in_opening(texts.opening), "opening")
    found.put("year", when.campaign_year(found.get("meeting"), campaign_year,
                                         found.get("date"), texts.opening), "campaign")
    date = found.get("date")  # a Word file's creation date says nothing of the meeting
    if re.match(r"\d{4}-\d{2}", date) and found.source("date") != "document":
        found.put("year", when.year_of_date(date, found.get("meeting")), found.source("date"))
    found.put("year", when.themed_year(texts.opening, found.get("meeting")), "opening")
    found.put("year", when.year_in_file_name(doc.path.stem), "file_name")
    found.put("year", when.cited_year(texts.full), "text")
    found.put("year", when.latest_stated_year(texts.full, found.get("meeting")), "text")


#: A title covering the group and its head's own part (领导班子及党委书记个人…, 班子和个人): the
#: group's report, the head speaking for it.
_GROUP_AND_OWN = re.compile(r"班子(?:及|和|暨|与|、)[^，。、]{0,10}个人")


#: A member's own report (党员对照检查材料, 学生党员2022年度…发言提纲), not 全体党员's.
_MEMBER_REPORT = re.compile(r"(?<!全体)党员(?:对照检查|检视剖析|发言)"
                            r"|^[^，。]{0,8}?(?<!全体)党员(?:个人)?(?=(?:19|20)\d{2}年)")


#: A closing sentence naming the meeting the material was for (以上是我在…民主生活会上的发言).
_CLOSING_MEETING = re.compile(
    r"(?:(?:以上|上述|这)(?:就?是|为).{0,8}?在|在(?:这次|本次|今天的?))"
    r"(?P<meeting>[^，。；]{2,60}?(?:民主|组织)生活会)上")
#: A signature's label naming the one who examines himself (对照检查人：…, 检视人：…).
_SELF_SIGNER = re.compile(r"^\s*(?:对照检查人|检查人|检视人|剖析人|发言人)\s*[：:]")
#: An author line naming a member who speaks for himself: 党员：某某, 汇报人：某某（…）,
#: …党支部　党员　某某.
_MEMBER_LINE = re.compile(r"^(?:党员|汇报人|报告人)\s*[：:]\s*[\u4e00-\u9fff]{2,4}"
                          r"(?![\u4e00-\u9fff])|党员[\s\u3000]+[\u4e00-\u9fff]{2,4}(?:[\s\u3000]|$)")


def _collective(texts: _Texts, body: str, source: str, named: bool) -> tuple[str, str]:
    """``named``: the title names the author (a person's own report, whatever the body)."""
    if ("个人" in texts.title or _MEMBER_REPORT.search(texts.title)) \
            and not _GROUP_AND_OWN.search(texts.title):
        return "个人", texts.title_source
    if _SPEECH.search(texts.title):
        # 在…生活会上的…发言: a speaker's own, unless the speaker speaks for the group
        return ("集体", "opening") if _ON_BEHALF.search(texts.opening) else (
            "个人", texts.title_source)
    if named:
        return "个人", texts.title_source
    if any(_MEMBER_LINE.search(line) for line in texts.authors):
        return "个人", "author_line"  # 党员：某某, 汇报人：某某, …党支部　党员　某某
    if source == "signature" and any(_SELF_SIGNER.match(line) for line in texts.tail[-4:]):
        return "个人", "signature"  # 对照检查人：某某（…办公室）: one member's, and his unit
    if body:
        return ("个人" if is_post(body) else "集体"), source
    if _GROUP.search(texts.title):
        return "集体", texts.title_source
    if len(_SINGULAR_I.findall(texts.full)) >= 3:
        return "个人", "text"
    return ("集体", "text") if _GROUP.search(texts.full) else ("", "")


def _is_title_text(text: str) -> bool:
    """Whether a title block's line reads as the title (not 发言人：…, 对照检查人：…)."""
    text = to_simplified(text)
    return bool(re.search(r"材料(?![学科院系所厂])|生活会|对照|检视|发言|提纲", text)) and \
        not _SIGNER_LINE.match(text) and not line_of_author(text)  # (材料科学与工程学院院长　某某)


#: A labelled author line: 发言人：某某, 对照检查人：某某.
_SIGNER_LINE = re.compile(rf"^\s*(?:{SIGNER_LABELS})\s*[：:]")


#: How a headline opens with its column's tag (【组织生活会】, [民主生活会]); see also COLUMN.
_TAGGED = ("【", "[", "［", "〔")
#: What a title that is only the genre's name may add to it (个人, 班子).
_BARE_GENRE = 4


#: A headline and its subtitle after a colon (…民主生活会个人发言：从…三个方面查摆问题).
_HEADLINE_COLON = re.compile(r"生活会[^：:]{0,12}[：:].{4,}")


def _title_start(texts: Sequence[str], keyed: Sequence[int]) -> int:
    """Where the title block begins, given the lines that read as title text (``keyed``): past
    a headline with its column's tag (【组织生活会】…对照检查材料, a WeChat article's) when
    the report's own, different, title block follows it (under the byline)."""
    if len(keyed) < 2:
        return 0
    first = to_simplified(texts[keyed[0]])
    if (GENRE_IN.search(first) or _HEADLINE_COLON.search(first)) and not GENRE_END.search(
            first) and GENRE_END.search(to_simplified(texts[keyed[-1]])):
        # (…个人发言：从三个方面查摆问题: a feed's headline with its subtitle, over the
        # report's own title)
        # 学生党员对照检查材料选登（三）, then the report's own title: the column's headline
        return keyed[-1] if keyed[-1] - keyed[0] <= 2 else 0
    column = COLUMN.match(to_simplified(texts[0]))
    if not texts[0].startswith(_TAGGED) and not column:
        return 0  # (【组织生活会】… or 党建园地丨…: a column's headline)
    head = to_simplified("".join(texts[:keyed[-2] + 1]))
    own = to_simplified("".join(texts[keyed[-2] + 1:keyed[-1] + 1]))
    # (党建园地丨局长某某2023年度…材料 over 2023年度…材料: the headline names more, the
    # report's own title is the one under it)
    if GENRE_END.search(head) and GENRE_END.search(own):
        return keyed[-2] + 1
    return 0


def _title(lines: Sequence[SourceLine], found: _Fields) -> tuple[str, str]:
    keyed = [i for i, line in enumerate(lines) if _is_title_text(line.text)]
    if keyed:
        # Lines down to the last one naming the genre are the title (中共某区委班子 /
        # 2025年度…对照检查材料); lines after it name the author, and so do lines above it
        # that give a post and a name. A repeated line is shown once.
        start = _title_start([line.text for line in lines], keyed)
        while start < keyed[-1] and (AUTHOR_LINE.match(to_simplified(lines[start].text))
                                     or when.NOTE_LINE.match(lines[start].text)):
            start += 1
        title = lines[start:keyed[-1] + 1]
        # (a repost's 原标题：… line: the title is what follows the label)
        return "".join(dict.fromkeys(original_title(line.text) for line in title)), \
            "title"
    meeting = found.get("meeting") if found.source("meeting") != "default" else "民主生活会"
    if not found.get("meeting"):
        return "", ""
    # Composed from what was inferred, never from guesses: 区委班子 + 主题教育专题 + …
    kind = meeting if meeting.endswith("生活会") else meeting + "民主生活会"
    person = "个人" if found.get("collective") == "个人" else ""
    return f"{found.get('body')}{kind}{person}对照检查材料", "composed"

