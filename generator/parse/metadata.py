"""Metadata inference: title, year, meeting type, issuing body, level, collective.

Overrides (front matter, sidecar) always win. Where inference finds nothing, the field
stays empty: an archive that invents a year is worse than one that admits it doesn't know.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from generator.chars import to_simplified
from generator.models import Metadata, Passage, SourceDoc, SourceLine

#: Distinctive campaigns → (meeting type, year it was held for). Order matters: specific
#: campaign names before the generic annual meeting.
_MEETINGS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?:党|D|X)史学习教育"), "党史学习教育专题", "2021"),
    (re.compile(r"主题教育"), "主题教育专题", "2023"),
    (re.compile(r"不忘初心、?牢记使命"), "“不忘初心、牢记使命”主题教育专题", "2019"),
    (re.compile(r"三严三实"), "“三严三实”专题", "2015"),
    (re.compile(r"群众路线教育实践"), "群众路线教育实践活动专题", "2013"),
    (re.compile(r"巡[视察].{0,6}整改专题"), "巡视巡察整改专题", ""),
    (re.compile(r"以案促改|警示教育专题"), "以案促改专题", ""),
    (re.compile(r"组织生活会"), "组织生活会", ""),
    (re.compile(r"\d{4}年度.{0,6}民主生活会|年度民主生活会"), "年度民主生活会", ""),
    (re.compile(r"民主生活会"), "民主生活会", ""),
)
#: Plenary sessions a report cites: the latest one mentioned dates the report.
_PLENUMS = (("十九届四中", "2019"), ("十九届五中", "2020"), ("十九届六中", "2021"),
            ("五中、六中全会", "2021"), ("二十届二中", "2023"), ("二十届三中", "2024"),
            ("二十届四中", "2025"))
_YEAR = re.compile(r"(20\d\d)\s*年度")
_BODY_PATTERNS = (
    re.compile(r"[省市区县](?:委|政府|人大|政协)(?:常委会?)?(?:党组|领导)?班子"),
    re.compile(r"[省市区县]政府党组|[省市区县](?:人大常委会|政协)党组"),
    re.compile(r"(?:[\u4e00-\u9fff]{0,4}?(?:公司|局|学校|医院|大学|学院|中心|镇|乡|街道))?"
               r"党(?:工)?委(?:领导)?班子|[\u4e00-\u9fff]{1,6}党组(?:领导)?班子"
               r"|[\u4e00-\u9fff]{0,6}?党支部(?:委员会)?(?:班子)?"),
    re.compile(r"(?<=作为)[省市区县](?:委|政府)(?=主要负责|第一责任人)"),
)
_LEVELS = (("省", "省"), ("市", "市"), ("区", "区"), ("县", "县"), ("镇", "镇"), ("乡", "镇"),
           ("街道", "镇"))
_UNIT = re.compile(r"局|公司|学校|医院|大学|学院|中心|支部|机关")
#: 我 as a first-person singular, not 我们/我市/我区…/自我/我为群众办实事 (a slogan).
_SINGULAR_I = re.compile(r"(?<!自)我(?![们市区县省镇乡国党为])")


def infer_metadata(doc: SourceDoc, title_lines: Sequence[SourceLine],
                   passages: Sequence[Passage]) -> Metadata:
    """Metadata from the text, with ``doc.meta`` (front matter, sidecar) overriding."""
    head = to_simplified(" ".join(line.text for line in title_lines))
    preamble = [p.text for p in passages if p.role == "preamble"] or [p.text for p in passages[:1]]
    opening = to_simplified(" ".join(preamble))
    full = to_simplified("".join(p.text for p in passages))
    meeting, campaign_year = _meeting(head + " " + opening)
    body = _body(head + " " + opening) or _body(full, _BODY_PATTERNS[-1:])
    inferred = {
        "title": _title(title_lines, body, meeting, _collective(full)),
        "year": _year(head + " " + opening, full, campaign_year),
        "meeting": meeting,
        "body": body,
        "level": _level(body, full),
        "collective": _collective(head + full),
        "author": _author(title_lines),
    }
    overrides = {k: v for k, v in doc.meta.items() if k in Metadata.__slots__}
    return Metadata(**{**inferred, **overrides})


def _is_title_text(text: str) -> bool:
    return bool(re.search(r"材料|生活会|对照|检视|发言|提纲", to_simplified(text)))


def _title(lines: Sequence[SourceLine], body: str, meeting: str, collective: str) -> str:
    keyed = [i for i, line in enumerate(lines) if _is_title_text(line.text)]
    if keyed:
        # Lines down to the last one naming the genre are the title (中共某区委班子 /
        # 2025年度…对照检查材料); lines after it name the author. A repeated line is shown once.
        return "".join(dict.fromkeys(line.text for line in lines[:keyed[-1] + 1]))
    if not meeting:
        return ""
    # Composed from what was inferred, never from guesses: 区委班子 + 主题教育专题 + …
    kind = meeting if meeting.endswith("生活会") else meeting + "民主生活会"
    return f"{body}{kind}{'个人' if collective == '个人' else ''}对照检查材料"


def _author(lines: Sequence[SourceLine]) -> str:
    keyed = [i for i, line in enumerate(lines) if _is_title_text(line.text)]
    return " ".join(line.text for line in lines[keyed[-1] + 1:]) if keyed else ""


def _meeting(text: str) -> tuple[str, str]:
    for pattern, name, year in _MEETINGS:
        if pattern.search(text):
            return name, year
    return "", ""


def _year(opening: str, full: str, campaign_year: str) -> str:
    explicit = _YEAR.search(opening)
    if explicit:
        return explicit.group(1)
    if campaign_year:
        return campaign_year
    cited = [year for phrase, year in _PLENUMS if phrase in full]
    return max(cited) if cited else ""


def _body(text: str, patterns: Sequence[re.Pattern[str]] = _BODY_PATTERNS) -> str:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return ""


def _level(body: str, full: str) -> str:
    for word, level in _LEVELS:
        if body.startswith(word):
            return level
    if _UNIT.search(body):
        return "单位"
    counts = Counter({level: full.count("全" + word) + full.count("我" + word)
                      for word, level in _LEVELS})
    level, n = counts.most_common(1)[0]
    return level if n >= 2 else ""


def _collective(full: str) -> str:
    singular = len(_SINGULAR_I.findall(full))
    if singular >= 3:
        return "个人"
    if re.search(r"班子|党组|我们", full):
        return "集体"
    return ""
