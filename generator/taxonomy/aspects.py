"""Map a report's subsection headings to themes via its meeting's checking aspects.

Official aspect headings are long and name many matters in passing (the 2021 党史 fifth aspect
lists 八项规定, 四风, 形式主义 …), so matching theme words in them would label every point under
them with half the taxonomy. The heading is first matched to an aspect of the report's own
meeting (meetings.yml), whose curated themes it then inherits; only a heading that matches no
aspect (理论学习方面, 纪律规矩方面 in home-grown outlines) falls back to theme patterns.
"""

from __future__ import annotations

import re
from collections import Counter

from generator.models import Report
from generator.taxonomy.load import Aspect, Meeting, Taxonomy
from generator.taxonomy.matcher import Matcher, simplified

#: A heading up to this long that matches an aspect also takes the theme words of its parts
#: (split at 、，；) that match no aspect: a unit's own outline often joins its own matter to an
#: official aspect (在加强理论武装、干事创业担当作为方面). Longer headings are the official
#: aspects themselves, which name many matters in passing.
OTHER_PARTS = 40
_PARTS = re.compile("[、，,；;]")


class HeadingMapper:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self._meetings = taxonomy.meetings
        self._aspects: list[tuple[int, Aspect]] = [
            (mi, a) for mi, m in enumerate(taxonomy.meetings) for a in m.aspects
        ]
        self._aspect_matcher = Matcher(
            (i, phrase) for i, (_, a) in enumerate(self._aspects) for phrase in a.match
        )
        self._names = Matcher(
            (mi, name) for mi, m in enumerate(taxonomy.meetings) for name in m.names
        )
        self._themes = taxonomy.themes
        self._theme_matcher = Matcher(
            (i, p) for i, t in enumerate(taxonomy.themes) for p in t.patterns
        )
        self._cache: dict[tuple[str, int | None], tuple[tuple[str, str], ...]] = {}

    def meeting_of(self, report: Report) -> Meeting | None:
        """The report's meeting: named in its metadata, title or opening, closest in year."""
        meta = report.meta
        opening = next((p.text[:300] for p in report.passages if p.role == "preamble"), "")
        text = simplified(" ".join((meta.meeting, meta.title, opening)))
        year = int(meta.year) if meta.year.isdigit() else None
        votes: Counter[int] = Counter(h[0] for h in self._names.find(text))
        for mi, m in enumerate(self._meetings):
            if m.year is not None and m.year == year and m.type in meta.meeting:
                votes[mi] += 1
        if not votes:
            return None
        best = max(votes, key=lambda mi: (votes[mi], _year_fit(self._meetings[mi].year, year)))
        return self._meetings[best]

    def themes(self, heading: str, meeting: Meeting | None) -> tuple[tuple[str, str], ...]:
        """(theme id, ``heading:<text>``) pairs inherited by passages under ``heading``."""
        mi = self._meetings.index(meeting) if meeting is not None else None
        key = (heading, mi)
        if key not in self._cache:
            self._cache[key] = self._resolve(heading, mi)
        return self._cache[key]

    def _other_parts(self, text: str, mi: int | None) -> list[str]:
        """Theme words of the parts of a short aspect heading that match no aspect phrase of
        the meeting (see ``OTHER_PARTS``)."""
        if len(text) > OTHER_PARTS:
            return []
        out: list[str] = []
        for part in _PARTS.split(text):
            hits = self._aspect_matcher.find(part)
            if part and not any(mi is None or self._aspects[h[0]][0] == mi for h in hits):
                out += [self._themes[h[0]].id for h in self._theme_matcher.find(part)]
        return out

    def _resolve(self, heading: str, mi: int | None) -> tuple[tuple[str, str], ...]:
        text = simplified(heading)
        # Score an aspect by the characters its phrases cover, so a specific phrase
        # (学懂弄通做实) outweighs a generic one that happens to occur (思想方面).
        scores: Counter[int] = Counter()
        for key, phrase in {(h[0], h[1]) for h in self._aspect_matcher.find(text)}:
            if mi is None or self._aspects[key][0] == mi:
                scores[key] += len(phrase.replace("…", ""))
        if scores:
            top = max(scores.values())
            best = [k for k in sorted(scores) if scores[k] == top]
            themes = [t for k in best for t in self._aspects[k][1].themes]
            themes += self._other_parts(text, mi)
        else:
            keys = sorted({h[0] for h in self._theme_matcher.find(text)})
            themes = [self._themes[k].id for k in keys]
        evidence = f"heading:{heading}"
        return tuple((t, evidence) for t in dict.fromkeys(themes))


def _year_fit(meeting_year: int | None, report_year: int | None) -> int:
    if meeting_year is None or report_year is None:
        return 0
    return -abs(meeting_year - report_year)


_ASPECT_END = re.compile(r"(方面|上|中|问题|情况|差距|不足|[:：])\W*$")
_ASPECT_START = re.compile(r"^\W*(在|关于|对照|围绕|带头|聚焦)")


def states_problem(heading: str) -> bool:
    """Whether a problem subsection's heading states a problem (统筹推进能力有待提升) rather
    than naming an aspect (在理论学习上, 理论学习方面, 带头…方面)."""
    return bool(heading) and not _ASPECT_END.search(heading) and not _ASPECT_START.search(heading)
