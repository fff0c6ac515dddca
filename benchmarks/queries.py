"""The benchmark's query set and the brute-force oracle it is checked against."""

from __future__ import annotations

import re

from generator.search.normalize import fold

#: 1–8 characters; common and rare; Chinese, Latin, digits, redaction marks, traditional script,
#: and the query syntax (AND, "phrase", -exclude).
QUERIES = (
    "一岗双责",  # first: the cold start (client code, catalogue) is measured with a typical query
    "党",
    "治",
    "廉",
    "5",
    "x",
    "问题",
    "廉政",
    "治党",
    "双责",
    "D史",
    "xx",
    "**",
    "作风",
    "担当",
    "GDP",
    "2023",
    "gdp",
    "形式主义",
    "社会主义",
    "调查研究",
    "完成1",
    "12345",
    "两个维护",
    "學習教育",
    "黨風廉政",
    "奇葩证明",
    "万达开",
    "解剖麻雀",
    "钢铁队伍",
    "成渝“双城圈”",
    "意识形态工作",
    "习近平新时代",
    "全面从严治党",
    "八项规定精神",
    "为群众办实事",
    "学用结合不够紧密",
    "存在 问题",
    "廉政 -整改",
    '"一岗双责"',
    "量子计算",
)

_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|“([^”]*)”?|(\S+))')


def parse(query: str) -> tuple[list[str], list[str]]:
    """Folded (terms, excludes), exactly as the client's ``Engine.parse``."""
    terms: list[str] = []
    excludes: list[str] = []
    for m in _TOKEN.finditer(query.replace("\u3000", " ")):
        raw = next(g for g in (m[2], m[3], m[4]) if g is not None)
        term = fold(raw)
        if term.strip():
            (excludes if m[1] else terms).append(term)
    return terms, excludes


def brute_force(folded: list[str], query: str) -> list[int]:
    """Indexes of the folded passage texts that match ``query``."""
    terms, excludes = parse(query)
    if not terms:
        return []
    return [
        i
        for i, text in enumerate(folded)
        if all(t in text for t in terms) and not any(t in text for t in excludes)
    ]
