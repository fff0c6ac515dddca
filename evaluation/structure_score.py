"""Scoring one parsed report against its manifest entry (see :mod:`evaluation.structure`)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.chars import to_simplified
from generator.models import Report
from generator.parse.bodies import body_key, place_level, unit_key
from generator.parse.meta_time import meeting_of
from generator.readers.meta_values import ValueProblem, clean_value

FIELDS = ("roles", "year", "body", "level", "collective", "meeting")
#: Manifest keys that give each field's gold.
_GIVEN_BY = {"roles": ("sections",), "year": ("year",), "body": ("body",),
             "level": ("level", "body"), "collective": ("collective", "person"),
             "meeting": ("meeting",)}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_FINAL = "。；;：:，,！!？?、.…"


def norm(text: str) -> str:
    """NFKC, no whitespace or ``*``, straight quotes, no final punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"[\s*]", "", text).rstrip(_FINAL)


@dataclass(slots=True)
class Tally:
    reports: int = 0
    gold_points: int = 0
    parsed_points: int = 0
    matched_points: int = 0
    gold_heads: int = 0
    parsed_heads: int = 0
    matched_heads: int = 0
    right: Counter[str] = field(default_factory=Counter)
    scored: Counter[str] = field(default_factory=Counter)
    """Reports whose manifest entry gives the field (a missing key is not scored)."""

    def row(self) -> list[str]:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "—"

        cells = [f"{ratio(self.matched_points, self.gold_points)} / "
                 f"{ratio(self.matched_points, self.parsed_points)}",
                 f"{ratio(self.matched_heads, self.gold_heads)} / "
                 f"{ratio(self.matched_heads, self.parsed_heads)}"]
        return cells + [ratio(self.right[f], self.scored[f]) for f in FIELDS]


#: Manifest role names → the archive's (a manifest may call the review of last year's
#: rectification ``rectification``).
ROLE_NAMES = {"rectification": "review"}


def gold_leads(sections: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """``(point leads, headings)`` of a manifest outline; a heading given as null (a copy that
    starts mid-section) is not one to find."""
    points: list[str] = []
    heads: list[str] = []
    for section in sections:
        if section.get("heading"):
            heads.append(section["heading"])
        for sub in section.get("subsections", []):
            if sub.get("heading"):
                heads.append(sub["heading"])
            points.extend(sub.get("points", []))
        points.extend(section.get("points", []))
    return points, heads


def parsed_leads(report: Report) -> tuple[list[str], list[str]]:
    points: list[str] = []
    heads: list[str] = []
    for section in report.sections:
        heads.append(section.heading)
        for sub in section.subsections:
            heads.append(sub.heading)
            points.extend(sub.points)
        points.extend(section.points)
    return points, heads


def gold_collective(entry: dict[str, Any]) -> str:
    value = entry.get("collective", entry.get("person"))
    if value in (True, "集体", "collective", "true"):
        return "集体"
    if value in (False, "个人", "individual", "false"):
        return "个人"
    return ""


#: Levels a manifest without 区 files a city district under (its tier).
_TIER = {"区": "县"}


def _level(value: str) -> str:
    """The archive's name for a level (乡镇 → 镇); an unknown one as written."""
    try:
        return clean_value("level", value) if value else ""
    except ValueProblem:
        return value


def _tier(level: str, entry: dict[str, Any]) -> str:
    """The parsed level in the manifest's vocabulary: a manifest that names its levels
    (乡镇/县/市/省/中央, a district counted as 县) gets 区 as 县."""
    given = entry.get("level")
    return _TIER.get(level, level) if given and _level(given) == _TIER.get(level) else level


def _parsed_body(body: str, post: str) -> str:
    """The parsed body's key; for a manifest that gives an individual's post apart from the
    unit, the key of the unit the parsed post belongs to (:func:`unit_key`)."""
    return unit_key(body) if post else body_key(body)


def _matched(gold: list[str], parsed: list[str]) -> int:
    return sum((Counter(map(norm, gold)) & Counter(map(norm, parsed))).values())


def score_report(tally: Tally, entry: dict[str, Any], report: Report | None) -> list[str]:
    """Add one report to ``tally``; return what it got wrong (for ``-v``)."""
    g_points, g_heads = gold_leads(entry.get("sections", []))
    if not entry.get("sections"):  # a manifest that gives only the leads
        g_points = list(entry.get("leads", []))
    p_points, p_heads = parsed_leads(report) if report else ([], [])
    tally.reports += 1
    tally.gold_points += len(g_points)
    tally.parsed_points += len(p_points)
    tally.matched_points += _matched(g_points, p_points)
    tally.gold_heads += len(g_heads)
    tally.parsed_heads += len(p_heads)
    tally.matched_heads += _matched(g_heads, p_heads)
    misses = []
    if (n := _matched(g_points, p_points)) < max(len(g_points), len(p_points)):
        misses.append(f"points {n} of gold {len(g_points)} / parsed {len(p_points)}")
    if (n := _matched(g_heads, p_heads)) < max(len(g_heads), len(p_heads)):
        gold_only = Counter(map(norm, g_heads)) - Counter(map(norm, p_heads))
        parsed_only = Counter(map(norm, p_heads)) - Counter(map(norm, g_heads))
        misses.append(f"headings {n} of gold {len(g_heads)} / parsed {len(p_heads)} "
                      f"(missed {sorted(gold_only)[:3]}, extra {sorted(parsed_only)[:3]})")
    gold_body = str(entry.get("body") or "")
    post = str(entry.get("post") or "")
    expected = {
        "roles": [ROLE_NAMES.get(s["role"], s["role"]) for s in entry.get("sections", [])],
        "year": str(entry.get("year") or ""),
        "body": body_key(gold_body),
        "level": _level(entry.get("level") or place_level(gold_body)),
        "collective": gold_collective(entry),
        "meeting": meeting_of(to_simplified(str(entry.get("meeting") or "")))[0],
    }
    meta = report.meta if report else None
    got = {
        "roles": [s.role for s in report.sections] if report else None,
        "year": meta.year if meta else None,
        "body": _parsed_body(meta.body, post) if meta else None,
        "level": _tier(meta.level, entry) if meta else None,
        "collective": meta.collective if meta else None,
        "meeting": meta.meeting if meta else None,
    }
    for name in FIELDS:
        if not any(key in entry for key in _GIVEN_BY[name]):
            continue
        tally.scored[name] += 1
        if got[name] == expected[name]:
            tally.right[name] += 1
        else:
            misses.append(f"{name} {got[name]!r} ≠ {expected[name]!r}")
    return misses
